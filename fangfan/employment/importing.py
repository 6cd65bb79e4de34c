"""The monthly employment report (务工监测月报): one row per person, month and job.

People are matched by ID number inside the importing user's scope. How each row
changes the person's spells is defined in ``monthly.py``; the changed spells are
written set-based, audited, and the person's months and the rollups follow in the
same transaction (``ledger.refresh``), so the figures show the import at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.core import bulk
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.resolver import core_name
from fangfan.registry import idnumber
from fangfan.registry.models import Person

from . import ledger
from .models import Employment, EmploymentKind, Source, WorkArea
from .monthly import SPELL_ATTRS, PersonSpells, Report, RowProblem, WorkingSpell, employer_key
from .rules import month_start
from .services import check
from .staging import rows_where_in


def _options(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    options = {str(label): value for value, label in choices.choices}
    return options | {value: value for value in choices.values} | extra


KIND = _options(
    EmploymentKind,
    {
        "企业": "enterprise",
        "务工": "enterprise",
        "企业就业": "enterprise",
        "帮扶车间": "workshop",
        "扶贫车间": "workshop",
        "车间": "workshop",
        "公益性岗位": "public_post",
        "公益岗": "public_post",
        "公益岗位": "public_post",
        "灵活": "flexible",
        "零工": "flexible",
        "自主创业": "self_employed",
        "创业": "self_employed",
        "自营": "self_employed",
    },
)
AREA = _options(
    WorkArea,
    {
        "县内务工": "in_county",
        "县内就业": "in_county",
        "本县": "in_county",
        "就近": "in_county",
        "就近就业": "in_county",
        "省内": "in_province",
        "省内县外务工": "in_province",
        "县外省内": "in_province",
        "市内县外": "in_province",
        "省外务工": "out_of_province",
        "跨省": "out_of_province",
    },
)
WORKING = {"务工", "在岗", "就业", "已就业", "在业", "务工中", "是"}
NOT_WORKING = {"未务工", "未就业", "失业", "无业", "离岗", "待业", "否", "无"}
SOURCE_LABELS = dict(Source.choices)
# Progress in rows of the file: planning goes row by row; the spells are written set-based (reported
# when they begin and end); the ledger by chunks of people, each weighed as its share of the rows.
PLAN_STAGE, WRITE_STAGE, LEDGER_STAGE = "比对台账", "写入务工记录", "更新月度统计"
SPELL_COLUMNS = {
    "start": "start",
    "end": "end",
    "employer": "employer",
    "kind": "kind",
    "work_area": "work_area",
    "destination_province": "destination_province",
    "destination_city": "destination_city",
    "monthly_income": "monthly_income",
    "organised": "organised",
    "notes": "notes",
}


class EmploymentSpec(ImportSpec):
    kind = "employment"
    title = "务工监测月报"
    capability = "employment.import"
    columns = (
        Column("name", "姓名", ("人员姓名", "劳动力姓名"), example="张三"),
        Column(
            "id_number",
            "身份证号",
            ("证件号码", "身份证号码", "公民身份号码", "身份证件号码", "证件号", "身份证"),
            required=True,
            example="370406198506010012",
        ),
        Column(
            "month",
            "统计月份",
            ("月份", "年月", "所属月份", "填报月份", "监测月份", "报告月份"),
            required=True,
            example="2026-10",
        ),
        Column("status", "务工状态", ("就业状态", "是否务工", "是否就业"), example="务工"),
        Column(
            "employer",
            "务工单位",
            ("务工单位或地点", "就业单位", "工作单位", "务工地点", "用工单位", "务工单位名称"),
            example="枣庄某纺织有限公司",
        ),
        Column("kind", "就业形式", ("就业方式", "务工类型", "就业类型", "务工形式"), example="企业务工"),
        Column("work_area", "务工地域", ("务工区域", "就业地域", "务工范围", "务工地区"), example="县内"),
        Column("destination_province", "务工所在省", ("务工省份", "务工地省份", "就业省份", "务工省")),
        Column("destination_city", "务工所在市", ("务工城市", "务工地市", "就业城市", "务工市")),
        Column(
            "monthly_income",
            "月收入",
            ("月收入（元）", "月均收入", "月务工收入", "务工收入（元/月）", "月工资", "月收入(元)"),
            example=3200,
        ),
        Column("organised", "有组织劳务输出", ("是否有组织劳务输出", "有组织输出", "是否有组织输出")),
        Column("start", "开始日期", ("务工开始时间", "开始务工时间", "就业时间", "务工开始日期", "上岗时间")),
        Column("end", "结束日期", ("务工结束时间", "离岗日期", "离岗时间", "务工结束日期")),
        Column("notes", "备注", ("说明",)),
    )

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self.today = timezone.localdate()
        self.provinces: dict[str, Region] = {}
        self.cities: dict[str, list[Region]] = defaultdict(list)
        for r in Region.objects.filter(level__in=[Level.PROVINCE, Level.CITY]):
            if r.level == Level.PROVINCE:
                self.provinces[r.name] = self.provinces[core_name(r.name, Level.PROVINCE)] = r
            else:
                for name in {r.name, core_name(r.name, Level.CITY)}:
                    self.cities[name].append(r)
        self.provinces_by_code = {r.code[:2]: r for r in self.provinces.values()}
        self.people: dict[int, PersonSpells] = {}
        self.homes: dict[int, str] = {}
        self._columns = {c.key: c for c in self.columns}

    # ----- parse ------------------------------------------------------------------------------------

    def column(self, key: str) -> Column:
        return self._columns[key]

    def parse(self, row: Row) -> None:
        v, col, raw = row.values, self.column, row.raw
        try:
            v["id_number"] = idnumber.parse(raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(col("id_number").label, str(exc))
        v["name"] = cells.person_name(raw.get("name"))
        v["month"] = self.cell(row, self.column("month"), self._month)
        status = self.cell(row, self.column("status"), cells.compact)
        employer = cells.text(raw.get("employer"))[:200]
        if status in NOT_WORKING:
            v["employed"] = False
            if employer:
                row.error(col("employer").label, "务工状态为未务工，但填写了务工单位；请核实后只保留一项")
            return
        if status and status not in WORKING:
            row.error(col("status").label, f"务工状态“{status}”应为“务工”或“未务工”")
            return
        v["employed"] = True
        if not employer:
            row.error(col("employer").label, "请填写务工单位，或在“务工状态”列填写“未务工”")
        v["employer"] = employer
        v["kind"] = self.cell(row, self.column("kind"), lambda x: cells.choice(x, KIND, "就业形式")) or ""
        v["work_area"] = self.cell(row, self.column("work_area"), lambda x: cells.choice(x, AREA, "务工地域"))
        v["monthly_income"] = self.cell(row, col("monthly_income"), cells.decimal, "月收入", True)
        if v["monthly_income"] is not None and v["monthly_income"] > Decimal("99999999"):
            row.error(col("monthly_income").label, "月收入超出范围，请以元为单位填写每月收入")
        v["organised"] = self.cell(row, self.column("organised"), _organised)
        v["start"] = self.cell(row, self.column("start"), lambda x: cells.date(x, "开始日期"))
        v["end"] = self.cell(row, self.column("end"), lambda x: cells.date(x, "结束日期"))
        v["notes"] = cells.text(raw["notes"])[:500] if raw.get("notes") else ""
        province = self.cell(row, self.column("destination_province"), self._province)
        v["destination_province"] = province
        v["destination_city"] = None
        if raw.get("destination_city"):
            city = self.cell(row, self.column("destination_city"), lambda x: self._city(x, province))
            v["destination_city"] = city
            if city is not None and province is None:
                v["destination_province"] = self.provinces_by_code[city.code[:2]]
        month = v.get("month")
        if month and v["start"] and month_start(v["start"]) > month:
            row.error(col("start").label, "开始日期晚于统计月份")
        if month and v["end"] and v["end"] < month:
            row.error(col("end").label, "结束日期早于统计月份：该行不能说明本月在务工")
        if v["start"] and v["end"] and v["end"] < v["start"]:
            row.error(col("end").label, "结束日期不能早于开始日期")

    def _month(self, value: Any) -> dt.date:
        raw = cells.compact(value)
        if raw.isdigit() and len(raw) == 6:
            raw = f"{raw[:4]}-{raw[4:]}"
        parsed = cells.date(raw if raw else value, "统计月份", True)
        assert parsed is not None
        month = month_start(parsed)
        if month > month_start(self.today):
            raise cells.CellError(f"统计月份{month:%Y年%-m月}晚于本月")
        return month

    def _province(self, value: Any) -> Region | None:
        name = cells.compact(value)
        if not name:
            return None
        province = self.provinces.get(name) or self.provinces.get(core_name(name, Level.PROVINCE))
        if province is None:
            raise cells.CellError(f"未找到省份“{name}”")
        return province

    def _city(self, value: Any, province: Region | None) -> Region | None:
        name = cells.compact(value)
        found = self.cities.get(name) or self.cities.get(core_name(name, Level.CITY), [])
        if province is not None:
            found = [c for c in found if c.code[:2] == province.code[:2]]
        if len(found) != 1:
            where = f"{province.name}下" if province else ""
            problem = "有重名，请同时填写务工所在省" if len(found) > 1 else "未找到"
            raise cells.CellError(f"{where}城市“{name}”{problem}")
        return found[0]

    # ----- plan -------------------------------------------------------------------------------------

    def plan(self, rows: list[Row], present: set[str]) -> None:
        self._check_duplicates(rows)
        rows = [r for r in rows if r.ok]
        persons = self._persons({r.values["id_number"] for r in rows})
        for row in rows:
            found = persons.get(row.values["id_number"])
            if found is None:
                row.error(
                    self.column("id_number").label,
                    f"在您管辖范围内的台账中未找到身份证号{row.values['id_number'][:6]}…{row.values['id_number'][-4:]}"
                    "的人员，请先登记",
                )
                continue
            pid, name, village, left_on = found
            if row.values["name"] and row.values["name"] != name:
                row.error(
                    self.column("name").label, f"姓名“{row.values['name']}”与台账不一致（台账为“{name}”）"
                )
                continue
            if left_on and row.values["month"] > month_start(left_on):
                row.error(
                    self.column("month").label,
                    f"{name}已于{left_on:%Y年%-m月%-d日}减少，不能填报此后月份的务工情况",
                )
                continue
            row.values["person_id"] = pid
            self.homes[pid] = village
        rows = [r for r in rows if r.ok]
        self._load_spells({r.values["person_id"] for r in rows})
        ordered = sorted(rows, key=lambda r: (r.values["person_id"], r.values["month"], r.number))
        for done, row in enumerate(ordered, 1):
            self._apply(row)
            self.report(PLAN_STAGE, done, len(ordered))

    def _check_duplicates(self, rows: list[Row]) -> None:
        """One row per person, month and job; 未务工 cannot stand beside a job in the same month."""
        seen: dict[tuple[str, dt.date], dict[str | None, int]] = defaultdict(dict)
        for row in rows:
            v = row.values
            if not row.ok:
                continue
            earlier = seen[(v["id_number"], v["month"])]
            job = employer_key(v["employer"]) if v["employed"] else None
            if job in earlier:
                row.error(
                    self.column("id_number").label,
                    f"与第{earlier[job]}行重复（同一人员、同一月份、同一务工单位）",
                )
            elif earlier and (job is None or None in earlier):
                other = earlier.get(None) or next(iter(earlier.values()))
                row.error(
                    self.column("status").label,
                    f"与第{other}行矛盾：同一人员同一月份既填报务工又填报未务工",
                )
            else:
                earlier[job] = row.number

    def _persons(self, numbers: set[str]) -> dict[str, tuple[int, str, str, dt.date | None]]:
        qs = Person.objects.all() if self.actor is None else Person.objects.visible_to(self.actor)
        fields = ("id", "id_number", "name", "village_id", "left_on")
        rows = rows_where_in(qs, "id_number", numbers, "varchar(18)", *fields)
        return {number: (pid, name, village, left_on) for pid, number, name, village, left_on in rows}

    def _load_spells(self, person_ids: set[int]) -> None:
        regions: dict[str, Region] = {r.code: r for r in self.provinces.values()}
        regions |= {r.code: r for rs in self.cities.values() for r in rs}
        for pid in person_ids:
            self.people[pid] = PersonSpells()
        fields = ["id", "person_id", *(_attname(a) for a in SPELL_ATTRS), "source"]
        for row in rows_where_in(Employment.objects.all(), "person_id", person_ids, "bigint", *fields):
            values = dict(zip(fields, row, strict=True))
            spell = WorkingSpell(
                id=values["id"],
                start=values["start"],
                end=values["end"],
                employer=values["employer"],
                kind=values["kind"],
                work_area=values["work_area"],
                destination_province=regions.get(values["destination_province_id"] or ""),
                destination_city=regions.get(values["destination_city_id"] or ""),
                monthly_income=values["monthly_income"],
                organised=values["organised"],
                notes=values["notes"],
                source=values["source"],
                source_label=SOURCE_LABELS.get(values["source"], values["source"]),
            )
            spell.original = spell.values()
            self.people[values["person_id"]].spells.append(spell)

    def _apply(self, row: Row) -> None:
        v = row.values
        pid = v["person_id"]
        home = self.homes[pid][:2]
        area = v.get("work_area")
        if v["employed"] and not area:
            province = v.get("destination_province")
            if province is not None and province.code[:2] != home:
                area = WorkArea.OUT_OF_PROVINCE
            else:
                row.error(self.column("work_area").label, "请填写务工地域（县内、省内县外或省外）")
                return
        report = Report(
            month=v["month"],
            employed=v["employed"],
            employer=v.get("employer", ""),
            kind=v.get("kind", ""),
            work_area=area or "",
            destination_province=v.get("destination_province"),
            destination_city=v.get("destination_city"),
            monthly_income=v.get("monthly_income") or Decimal(0),
            organised=v.get("organised"),
            start=v.get("start"),
            end=v.get("end"),
            notes=v.get("notes", ""),
        )
        person = self.people[pid]
        before = person.spells
        try:
            action = person.apply(report)
        except RowProblem as exc:
            row.error(exc.column, exc.message)
            return
        for spell in person.live():
            if spell.original is None or spell.values() != spell.original:
                try:
                    check(SimpleNamespace(village_id=self.homes[pid]), spell.values())
                except ValidationError as exc:
                    person.spells = before
                    for field, messages in exc.message_dict.items():
                        row.error(self._label(field), "；".join(messages))
                    return
        row.action = action

    def _label(self, field: str) -> str:
        return self.column(SPELL_COLUMNS.get(field, "employer")).label

    # ----- commit -----------------------------------------------------------------------------------

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        token = uuid.uuid4().hex[:12]
        inserts: list[tuple[int, WorkingSpell]] = []
        updates: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
        deletes: list[tuple[int, WorkingSpell]] = []
        changes: list[audit.Change] = []
        spans: dict[int, tuple[dt.date, dt.date | None]] = {}
        touched = {r.values["person_id"] for r in rows if r.action in ("created", "updated")}
        self.report(WRITE_STAGE, 0, len(rows))
        for pid in sorted(touched):
            for spell in self.people[pid].spells:
                if spell.id is None and not spell.deleted:
                    inserts.append((pid, spell))
                    ledger.merge_span(spans, pid, spell.start, spell.end)
                elif spell.id is not None and spell.deleted:
                    deletes.append((pid, spell))
                    ledger.merge_span(spans, pid, spell.start, spell.end)
                    if spell.original:
                        ledger.merge_span(spans, pid, spell.original["start"], spell.original["end"])
                elif spell.id is not None and spell.original is not None and spell.values() != spell.original:
                    diff = {a: v for a, v in spell.values().items() if spell.original[a] != v}
                    updates[tuple(_attname(a) for a in diff)].append(
                        [spell.id, *(_raw(v) for v in diff.values())]
                    )
                    before = {_attname(a): _raw(spell.original[a]) for a in diff}
                    after = {_attname(a): _raw(v) for a, v in diff.items()}
                    changes.append(
                        audit.Change(
                            "employment.employment",
                            str(spell.id),
                            spell.employer,
                            self.homes[pid],
                            before,
                            after,
                        )
                    )
                    span = ledger.change_span(spell.original, spell.values())
                    if span is not None:
                        ledger.merge_span(spans, pid, *span)
        attrs = ["person_id", *(_attname(a) for a in SPELL_ATTRS), "source", "source_ref"]
        bulk.insert_rows(
            Employment,
            attrs,
            (
                [pid, *(_raw(getattr(s, a)) for a in SPELL_ATTRS), Source.IMPORT, f"import:{token}:{n}"]
                for n, (pid, s) in enumerate(inserts)
            ),
        )
        ids = dict(
            Employment.objects.filter(
                source=Source.IMPORT, source_ref__startswith=f"import:{token}:"
            ).values_list("source_ref", "id")
        )
        for n, (pid, s) in enumerate(inserts):
            after = {_attname(a): _raw(getattr(s, a)) for a in SPELL_ATTRS if getattr(s, a) not in (None, "")}
            changes.append(
                audit.Change(
                    "employment.employment",
                    str(ids[f"import:{token}:{n}"]),
                    s.employer,
                    self.homes[pid],
                    None,
                    after,
                )
            )
        for attrs_changed, values in updates.items():
            bulk.update_rows(Employment, "id", list(attrs_changed), values)
        for chunk in _chunks([s.id for _, s in deletes], 5000):
            Employment.objects.filter(pk__in=chunk).delete()
        for pid, s in deletes:
            before = {_attname(a): _raw(v) for a, v in (s.original or {}).items()}
            changes.append(
                audit.Change("employment.employment", str(s.id), s.employer, self.homes[pid], before, None)
            )
        audit.record_many(self.actor, "employment.import", changes, context)
        self.report(WRITE_STAGE, len(rows), len(rows))
        ledger.refresh(
            spans, lambda done, people: self.report(LEDGER_STAGE, done * len(rows) // people, len(rows))
        )
        return Counts(
            created=sum(1 for r in rows if r.action == "created"),
            updated=sum(1 for r in rows if r.action == "updated"),
            unchanged=sum(1 for r in rows if r.action == "unchanged"),
        )


def _organised(value: Any) -> bool | None:
    return cells.boolean(value, "有组织劳务输出") if cells.compact(value) else None


def _attname(attr: str) -> str:
    return f"{attr}_id" if attr.startswith("destination") else attr


def _raw(value: Any) -> Any:
    return value.code if isinstance(value, Region) else value


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
