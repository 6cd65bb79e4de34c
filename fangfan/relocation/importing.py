"""Imports of relocation people: site residents (搬迁安置人员花名册), job-fair attendees
(参会求职人员签到表) and job-fair hires (each hire creates the person's employment spell, once)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fangfan.cooperation.kit.fields import find_region
from fangfan.cooperation.kit.people_import import ID_NUMBER, NAME, PeopleImportSpec
from fangfan.imports import cells
from fangfan.imports.spec import Column, Row
from fangfan.regions.codes import Level
from fangfan.registry.models import Person

from . import services
from .models import FairAttendee, FairEmployer, FairHire, JobFair, RelocationSite, SiteResident

NOTES = Column("notes", "备注", ("说明",))


class ResidentSpec(PeopleImportSpec):
    kind = "site_residents"
    title = "易地搬迁安置人员"
    capability = "relocation.import"
    parent_model = RelocationSite
    parent_label = "安置区"
    child_model = SiteResident
    parent_attr = "site"
    columns = (
        Column(
            "parent",
            "安置区",
            ("安置区编号", "安置区名称", "安置点", "安置点名称", "安置区（点）"),
            required=True,
            example="幸福家园社区",
        ),
        NAME,
        ID_NUMBER,
        Column("moved_in_on", "入住日期", ("搬迁入住日期", "入住时间", "搬迁日期"), required=True),
        Column("moved_out_on", "迁出日期", ("迁出时间",)),
        NOTES,
    )
    field_columns = {"moved_in_on": "moved_in_on", "moved_out_on": "moved_out_on", "notes": "notes"}

    def parse_fields(self, row: Row) -> None:
        v, col = row.values, self.column
        v["moved_in_on"] = self.cell(row, col("moved_in_on"), cells.date, "入住日期", True)
        v["moved_out_on"] = self.cell(row, col("moved_out_on"), cells.date, "迁出日期")
        v["notes"] = cells.text(row.raw.get("notes"))[:500]

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        current = services.resident_values(existing) if existing else {}
        planned = [
            (site, w["moved_in_on"], w.get("moved_out_on")) for site, p, w, _ in self.planned if p == person
        ]
        services.check_resident(parent, person, current | wanted, existing, planned)

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.add_resident(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_resident(self.actor, existing, context=context, **changes)


class HireSpec(PeopleImportSpec):
    kind = "fair_hires"
    title = "专场招聘录用人员"
    capability = "relocation.import"
    parent_model = JobFair
    parent_label = "招聘会编号"
    child_model = FairHire
    parent_attr = "fair"
    columns = (
        Column(
            "parent", "招聘会编号", ("招聘会", "招聘会名称", "活动名称", "活动编号"), required=True, example=1
        ),
        NAME,
        ID_NUMBER,
        Column("employer", "用人单位", ("录用单位", "招聘单位", "企业名称"), required=True),
        Column("job", "岗位", ("录用岗位", "工种")),
        Column("start", "入职日期", ("上岗日期", "录用日期"), required=True),
        Column("end", "离职日期", ("离岗日期",)),
        Column(
            "monthly_income",
            "月工资",
            ("月工资（元）", "月收入", "月收入（元）"),
            required=True,
            example=3500,
        ),
        Column("workplace", "工作地", ("务工地点", "工作地点"), help="省、市或县；留空为举办地所在县"),
        NOTES,
    )
    field_columns = {
        "employer": "employer",
        "job": "job",
        "start": "start",
        "end": "end",
        "monthly_income": "monthly_income",
        "workplace": "workplace",
        "notes": "notes",
    }

    def parse_fields(self, row: Row) -> None:
        v, col = row.values, self.column
        v["employer"] = cells.text(row.raw.get("employer"))
        if not v["employer"]:
            row.error(col("employer").label, "用人单位不能为空")
        v["job"] = cells.text(row.raw.get("job"))[:100]
        v["start"] = self.cell(row, col("start"), cells.date, "入职日期", True)
        v["end"] = self.cell(row, col("end"), cells.date, "离职日期")
        v["monthly_income"] = self.cell(row, col("monthly_income"), cells.decimal, "月工资", True)
        v["workplace"] = None
        if place := cells.compact(row.raw.get("workplace")):
            try:
                v["workplace"] = find_region(place, (Level.PROVINCE, Level.CITY, Level.COUNTY))
            except ValidationError as exc:
                row.error(col("workplace").label, exc.messages[0])
        v["notes"] = cells.text(row.raw.get("notes"))[:500]

    def prepare(self, parent: Any, wanted: dict[str, Any]) -> None:
        name = wanted.get("employer")
        if isinstance(name, str):
            employer = FairEmployer.objects.filter(fair=parent, name=name).first()
            if employer is None:
                raise ValidationError(
                    {"employer": f"招聘会“{parent}”没有用人单位“{name}”，请先在招聘会页面添加"}
                )
            wanted["employer"] = employer

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        current = services.hire_values(existing) if existing else {}
        planned = [w["employer"] for fair, _, w, old in self.planned if fair == parent and old is None]
        services.check_hire(parent, person, current | wanted, existing, planned)

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.add_hire(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_hire(self.actor, existing, context=context, **changes)


class AttendeeSpec(PeopleImportSpec):
    kind = "fair_attendees"
    title = "专场招聘参会求职人员"
    capability = "relocation.import"
    parent_model = JobFair
    parent_label = "招聘会编号"
    child_model = FairAttendee
    parent_attr = "fair"
    columns = (
        Column(
            "parent", "招聘会编号", ("招聘会", "招聘会名称", "活动名称", "活动编号"), required=True, example=1
        ),
        NAME,
        ID_NUMBER,
        NOTES,
    )
    field_columns = {"notes": "notes"}

    def parse_fields(self, row: Row) -> None:
        row.values["notes"] = cells.text(row.raw.get("notes"))[:500]

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        """Attending has no rule beyond the person being in the ledger within scope (found already)."""

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.add_attendee(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_attendee(self.actor, existing, **changes)
