"""Imports of the people of labour cooperation: members of organised batches
(each creates the member's employment spell, once) and workers of labour brands."""

from __future__ import annotations

from typing import Any

from fangfan.imports import cells
from fangfan.imports.spec import Column, Row
from fangfan.registry.models import Person

from . import services
from .kit.people_import import ID_NUMBER, NAME, PeopleImportSpec
from .models import BatchMember, BrandWorker, LabourBrand, OutboundBatch

NOTES = Column("notes", "备注", ("说明",))


class BatchMemberSpec(PeopleImportSpec):
    kind = "batch_members"
    title = "有组织劳务输出人员"
    capability = "cooperation.import"
    parent_model = OutboundBatch
    parent_label = "批次编号"
    child_model = BatchMember
    parent_attr = "batch"
    columns = (
        Column(
            "parent", "批次编号", ("批次", "输出批次", "批次名称", "输出批次编号"), required=True, example=1
        ),
        NAME,
        ID_NUMBER,
        Column("start", "到岗日期", ("上岗日期", "务工开始日期", "开始日期"), help="留空则为批次出发日期"),
        Column("end", "返回日期", ("离岗日期", "返乡日期", "结束日期"), help="留空则为批次计划返回日期"),
        Column("monthly_income", "月工资", ("月工资（元）", "月收入", "月收入（元）"), example=4500),
        NOTES,
    )
    field_columns = {"start": "start", "end": "end", "monthly_income": "monthly_income", "notes": "notes"}

    def parse_fields(self, row: Row) -> None:
        v, col = row.values, self.column
        for key in ("start", "end"):
            v[key] = self.cell(row, col(key), cells.date, col(key).label)
        v["monthly_income"] = self.cell(row, col("monthly_income"), cells.decimal, "月工资")
        v["notes"] = cells.text(row.raw.get("notes"))[:500]

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        current = services.member_values(existing) if existing else {}
        data = current | wanted
        planned = [
            (batch, w.get("start") or batch.departure, w.get("end") or batch.return_on)
            for batch, p, w, _ in self.planned
            if p == person
        ]
        services.check_member(parent, person, data, existing, planned)

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.add_member(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_member(self.actor, existing, context=context, **changes)


class BrandWorkerSpec(PeopleImportSpec):
    kind = "brand_workers"
    title = "特色劳务品牌从业人员"
    capability = "cooperation.import"
    parent_model = LabourBrand
    parent_label = "品牌"
    child_model = BrandWorker
    parent_attr = "brand"
    columns = (
        Column(
            "parent",
            "品牌",
            ("品牌名称", "品牌编号", "劳务品牌", "特色劳务品牌"),
            required=True,
            example="鲁南家政",
        ),
        NAME,
        ID_NUMBER,
        Column("employer", "务工单位", ("工作单位", "用工单位")),
        Column("start", "开始日期", ("从业开始日期", "上岗日期")),
        Column("end", "结束日期", ("离岗日期",)),
        NOTES,
    )
    field_columns = {"employer": "employer", "start": "start", "end": "end", "notes": "notes"}

    def parse_fields(self, row: Row) -> None:
        v, col = row.values, self.column
        for key in ("start", "end"):
            v[key] = self.cell(row, col(key), cells.date, col(key).label)
        v["employer"] = cells.text(row.raw.get("employer"))[:200]
        v["notes"] = cells.text(row.raw.get("notes"))[:500]

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        current = {f: getattr(existing, f) for f in services.WORKER_FIELDS} if existing else {}
        services.check_brand_worker(parent, person, current | wanted, existing)

    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        services.add_brand_worker(self.actor, parent, person=person, context=context, **data)

    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        services.update_brand_worker(self.actor, existing, context=context, **changes)
