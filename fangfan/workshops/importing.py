"""Imports of workshops' sheets, both through the workshop services:

- workers (车间务工人员花名册), one row per job, matched by workshop, person and start
  date; the services create the employment spell;
- wages (工资发放表), one row per worker and month, matched to the job that covers the month.

The workshop is found by 统一社会信用代码 or by name among the workshops the user may see;
the person by ID number in the registry (a workshop's workers are 脱贫 people, so they must
be registered first). Importing a file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from fangfan.core.months import month_end
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.registry import idnumber
from fangfan.registry.models import Person

from . import creditcode, services
from .models import Workshop, WorkshopWage, WorkshopWorker

ATTRS = ("job", "start", "end", "monthly_wage", "contract_months", "insured", "insurance_premium")


WORKSHOP_COLUMNS = (
    Column(
        "workshop",
        "车间名称",
        ("车间", "就业帮扶车间", "车间（基地）名称", "基地名称", "帮扶车间名称"),
        example="山亭区某某车间",
    ),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码")),
    Column("name", "姓名", ("人员姓名", "务工人员姓名"), required=True, example="张三"),
    Column(
        "id_number",
        "身份证号",
        ("身份证号码", "公民身份号码", "证件号码"),
        required=True,
        example="370406198506010037",
    ),
)


class WorkshopSheetSpec(ImportSpec):
    """A sheet whose rows name a workshop and one of its workers by ID number."""

    capability = "workshops.import"

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        workshops = Workshop.objects.all() if actor is None else Workshop.objects.visible_to(actor)
        self.by_code = {w.credit_code: w for w in workshops.exclude(credit_code="")}
        self.by_name: dict[str, list[Workshop]] = defaultdict(list)
        for w in workshops:
            self.by_name[w.name].append(w)
        self.people = Person.objects.all() if actor is None else Person.objects.visible_to(actor)

    def check_columns(self, present: set[str]) -> list[str]:
        problems = super().check_columns(present)
        if "workshop" not in present and "credit_code" not in present:
            problems.append("未找到车间的列：请提供“车间名称”或“统一社会信用代码”列")
        return problems

    def parse_worker(self, row: Row) -> None:
        self._parse_workshop(row)
        row.values["name"] = cells.person_name(row.raw.get("name"))
        try:
            row.values["id_number"] = idnumber.parse(row.raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(self.column("id_number").label, str(exc))

    def find_people(self, rows: list[Row]) -> dict[str, Person]:
        return {
            p.id_number: p for p in self.people.filter(id_number__in=[r.values["id_number"] for r in rows])
        }

    def person_of(self, row: Row, people: dict[str, Person]) -> Person | None:
        person = people.get(row.values["id_number"])
        if person is None:
            row.error("身份证号", "该身份证号未在您管辖范围内的脱贫人口台账中登记，请先登记该人员")
        elif person.name != row.values["name"]:
            row.error("姓名", f"姓名“{row.values['name']}”与台账不一致（台账为“{person.name}”）")
            return None
        return person

    def _parse_workshop(self, row: Row) -> None:
        code_raw = cells.compact(row.raw.get("credit_code"))
        name = cells.text(row.raw.get("workshop"))
        if code_raw:
            try:
                code = creditcode.parse(code_raw)
            except creditcode.CreditCodeError as exc:
                row.error(self.column("credit_code").label, str(exc))
                return
            workshop = self.by_code.get(code)
            if workshop is None:
                row.error(
                    self.column("credit_code").label,
                    f"未找到统一社会信用代码为{code}的车间（或不在您的管辖范围内）",
                )
                return
        else:
            found = self.by_name.get(name, [])
            if not name:
                row.error(self.column("workshop").label, "车间名称不能为空")
                return
            if len(found) != 1:
                reason = (
                    "未找到该车间（或不在您的管辖范围内）"
                    if not found
                    else "有多个同名车间，请填写统一社会信用代码"
                )
                row.error(self.column("workshop").label, f"“{name}”{reason}")
                return
            workshop = found[0]
        row.values["workshop"] = workshop


class WorkerSpec(WorkshopSheetSpec):
    kind = "workshop_workers"
    title = "就业帮扶车间务工人员"
    columns = (
        *WORKSHOP_COLUMNS,
        Column("job", "岗位", ("工种", "从事岗位")),
        Column(
            "start",
            "入职日期",
            ("入职时间", "务工开始时间", "进车间时间", "开始日期"),
            required=True,
            example="2026-03-01",
        ),
        Column("end", "离职日期", ("离职时间", "务工结束时间", "结束日期")),
        Column(
            "monthly_wage",
            "月工资",
            ("月工资（元）", "月均工资", "工资（元/月）", "月收入"),
            required=True,
            example="2200",
        ),
        Column("contract_months", "劳动合同期限（月）", ("合同期限", "合同期限（月）")),
        Column(
            "insured", "意外伤害保险", ("是否参加意外伤害保险", "参加意外伤害保险", "是否参保"), example="是"
        ),
        Column("insurance_premium", "保费（元/月）", ("意外伤害保险费", "保险费", "保费")),
    )

    def parse(self, row: Row) -> None:
        v, col = row.values, self.column
        self.parse_worker(row)
        v["job"] = cells.text(row.raw.get("job"))[:50]
        v["start"] = self.cell(row, col("start"), cells.date, "入职日期", True)
        v["end"] = self.cell(row, col("end"), cells.date, "离职日期")
        if v["start"] and v["end"] and v["end"] < v["start"]:
            row.error(col("end").label, "离职日期不能早于入职日期")
        v["monthly_wage"] = self.cell(row, col("monthly_wage"), cells.decimal, "月工资", True)
        v["contract_months"] = self.cell(row, col("contract_months"), cells.integer, "劳动合同期限（月）")
        v["insured"] = bool(self.cell(row, col("insured"), cells.boolean, "意外伤害保险"))
        v["insurance_premium"] = self.cell(row, col("insurance_premium"), cells.decimal, "保费")
        if v["insured"] and v["insurance_premium"] is None:
            row.error(col("insurance_premium").label, "参加意外伤害保险的，请填写每月保费")
        if not v["insured"]:
            v["insurance_premium"] = None

    def plan(self, rows: list[Row], present: set[str]) -> None:
        people = self.find_people(rows)
        seen: dict[tuple[int, str, Any], int] = {}
        for row in rows:
            v = row.values
            person = self.person_of(row, people)
            if person is None:
                continue
            key = (v["workshop"].pk, person.id_number, v["start"])
            if key in seen:
                row.error("身份证号", f"与第{seen[key]}行重复（同一车间、同一人、同一入职日期）")
                continue
            seen[key] = row.number
            exited = v["workshop"].exited_on
            if exited and v["start"] > exited:
                row.error("入职日期", f"该车间已于{exited:%Y年%m月%d日}退出")
                continue
            v["person"] = person
            current = WorkshopWorker.objects.filter(
                workshop=v["workshop"], person=person, start=v["start"]
            ).first()
            wanted = {a: v[a] for a in ATTRS}
            if current is None:
                row.action, row.payload = "created", wanted
                continue
            changed = {a: val for a, val in wanted.items() if getattr(current, a) != val}
            row.action = "updated" if changed else "unchanged"
            row.payload = {"worker": current, "changes": changed}

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            v = row.values
            try:
                if row.action == "created":
                    services.add_worker(self.actor, v["workshop"], v["person"], **row.payload)
                    counts.created += 1
                elif row.action == "updated":
                    services.update_worker(self.actor, row.payload["worker"], **row.payload["changes"])
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            except ValidationError as exc:
                raise ValidationError(f"第{row.number}行：{'；'.join(exc.messages)}") from exc
        return counts


class WageSpec(WorkshopSheetSpec):
    kind = "workshop_wages"
    title = "就业帮扶车间工资发放"
    columns = (
        *WORKSHOP_COLUMNS,
        Column("month", "工资月份", ("月份", "所属月份", "发放月份"), required=True, example="2026-03"),
        Column(
            "amount",
            "实发工资",
            ("实发工资（元）", "实发金额", "发放金额", "工资（元）"),
            required=True,
            example="2200",
        ),
        Column("paid_on", "发放日期", ("发放时间", "支付日期"), required=True, example="2026-04-10"),
    )

    def parse(self, row: Row) -> None:
        v, col = row.values, self.column
        self.parse_worker(row)
        month = self.cell(row, col("month"), cells.date, "工资月份", True)
        v["month"] = month.replace(day=1) if month else None
        v["amount"] = self.cell(row, col("amount"), cells.decimal, "实发工资", True)
        v["paid_on"] = self.cell(row, col("paid_on"), cells.date, "发放日期", True)

    def plan(self, rows: list[Row], present: set[str]) -> None:
        people = self.find_people(rows)
        jobs: dict[tuple[int, int], list[WorkshopWorker]] = defaultdict(list)
        for job in (
            WorkshopWorker.objects.filter(person__in=people.values())
            .select_related("person")
            .order_by("-start")
        ):
            jobs[(job.workshop_id, job.person_id)].append(job)
        current = {
            (w.worker_id, w.month): w
            for w in WorkshopWage.objects.filter(worker__in=[j for js in jobs.values() for j in js])
        }
        seen: dict[tuple[int, Any], int] = {}
        today = timezone.localdate()
        for row in rows:
            v = row.values
            person = self.person_of(row, people)
            if person is None:
                continue
            workshop = v["workshop"]
            worker = next(
                (
                    j
                    for j in jobs[(workshop.pk, person.pk)]
                    if j.start <= month_end(v["month"]) and (j.end is None or j.end >= v["month"])
                ),
                None,
            )
            if worker is None:
                row.error(
                    "工资月份",
                    f"{person.name}{v['month']:%Y年%m月}不在“{workshop.name}”务工，请先登记其务工信息",
                )
                continue
            try:
                values = services.check_wage(worker, v, today)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    row.error(self.column(field).label, "；".join(messages))
                continue
            key = (worker.pk, values["month"])
            if key in seen:
                row.error("工资月份", f"与第{seen[key]}行重复（同一人、同一车间、同一月份）")
                continue
            seen[key] = row.number
            v["worker"] = worker
            line = current.get(key)
            if line is None:
                row.action = "created"
            else:
                same = (line.amount, line.paid_on) == (values["amount"], values["paid_on"])
                row.action = "unchanged" if same else "updated"

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            v = row.values
            if row.action == "unchanged":
                counts.unchanged += 1
                continue
            try:
                services.record_wage(
                    self.actor, v["worker"], month=v["month"], amount=v["amount"], paid_on=v["paid_on"]
                )
            except ValidationError as exc:
                raise ValidationError(f"第{row.number}行：{'；'.join(exc.messages)}") from exc
            if row.action == "created":
                counts.created += 1
            else:
                counts.updated += 1
        return counts
