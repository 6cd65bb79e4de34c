"""Import of trainees (培训学员花名册): one row per person and course, with completion and certificate."""

from __future__ import annotations

from typing import Any

from fangfan.cooperation.kit.people_import import ID_NUMBER, NAME, PeopleImportSpec
from fangfan.imports import cells
from fangfan.imports.spec import Column, Row
from fangfan.registry.models import Person

from . import services
from .models import Certificate, Training, TrainingEnrolment

CERTIFICATES = {str(label): value for value, label in Certificate.choices} | {
    "职业资格": Certificate.QUALIFICATION,
    "技能等级证书": Certificate.SKILL_LEVEL,
    "职业技能等级": Certificate.SKILL_LEVEL,
    "专项能力证书": Certificate.SPECIAL,
    "专项职业能力": Certificate.SPECIAL,
    "合格证书": Certificate.COMPLETION,
    "培训合格证": Certificate.COMPLETION,
    "结业证书": Certificate.COMPLETION,
    "无": "",
}


class EnrolmentSpec(PeopleImportSpec):
    kind = "enrolments"
    title = "职业技能培训学员"
    capability = "training.import"
    parent_model = Training
    parent_label = "培训班编号"
    child_model = TrainingEnrolment
    parent_attr = "training"
    columns = (
        Column(
            "parent", "培训班编号", ("培训班", "培训班名称", "班级编号", "班级"), required=True, example=1
        ),
        NAME,
        ID_NUMBER,
        Column("enrolled_on", "报名日期", ("报名时间", "入班日期")),
        Column("withdrawn_on", "退出日期", ("退学日期", "中途退出日期")),
        Column("completed", "是否结业", ("结业", "结业情况", "是否合格"), example="是"),
        Column("completed_on", "结业日期", ("结业时间",)),
        Column("certificate", "证书类型", ("取得证书", "证书", "证书种类"), example="培训合格证书"),
        Column("certificate_number", "证书编号", ("证书号", "证书号码")),
        Column("notes", "备注", ("说明",)),
    )
    field_columns = {
        "enrolled_on": "enrolled_on",
        "withdrawn_on": "withdrawn_on",
        "completed": "completed",
        "completed_on": "completed_on",
        "certificate": "certificate",
        "certificate_number": "certificate_number",
        "notes": "notes",
    }

    def parse_fields(self, row: Row) -> None:
        v, col = row.values, self.column
        for key in ("enrolled_on", "withdrawn_on", "completed_on"):
            v[key] = self.cell(row, col(key), cells.date, col(key).label)
        v["completed"] = bool(self.cell(row, col("completed"), cells.boolean, "是否结业"))
        v["certificate"] = self.cell(row, col("certificate"), cells.choice, CERTIFICATES, "证书类型") or ""
        v["certificate_number"] = cells.compact(row.raw.get("certificate_number"))[:64]
        v["notes"] = cells.text(row.raw.get("notes"))[:500]

    def wanted(self, row: Row, present: set[str]) -> dict[str, Any]:
        wanted = super().wanted(row, present)
        if wanted.get("completed") and not wanted.get("completed_on"):
            wanted.pop("completed_on", None)
        return wanted

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        current = services.enrolment_values(existing) if existing else {}
        services.check_enrolment(parent, person, current | wanted, existing)

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.enrol(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_enrolment(self.actor, existing, context=context, **changes)
