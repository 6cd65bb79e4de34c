"""The ledger import (脱贫人口台账): one row per person, households by 户编号.

Rows resolve their village from a 12-digit code or from the 县/乡镇/村 names,
inside the importing user's scope. A person is matched by ID number: new ones
are created, changed ones updated, the same ones left alone, so importing a
file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.core import bulk
from fangfan.core.dates import chinese_date
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.regions.resolver import Names, RegionResolver, ResolveError

from . import hooks, idnumber
from .choices import (
    DisabilityCategory,
    DisabilityGrade,
    Education,
    Health,
    HouseholdType,
    LabourCapacity,
    MonitoringCategory,
    Relation,
    Sex,
)
from .models import Household, Person
from .services import _check_household, duplicate_message


def _options(choices: Any, extra: dict[str, str] | None = None) -> cells.Options:
    options = {str(label): value for value, label in choices.choices}
    options |= {value: value for value in choices.values}
    return cells.Options(options | (extra or {}))


SEX = _options(Sex, {"男性": "M", "女性": "F"})
RELATION = _options(
    Relation,
    {
        "本人": "head",
        "本人或户主": "head",
        "妻": "spouse",
        "夫": "spouse",
        "子": "son",
        "女": "daughter",
        "儿子": "son",
        "女儿": "daughter",
        "儿媳": "daughter_in_law",
        "女婿": "son_in_law",
        "孙子": "grandson",
        "孙女": "granddaughter",
        "父亲": "father",
        "母亲": "mother",
        "之祖父": "grandparent",
        "之祖母": "grandparent",
    },
)
HOUSEHOLD_TYPE = _options(
    HouseholdType,
    {
        "脱贫户(含脱贫不稳定户)": "exited",
        "防止返贫监测户": "monitored",
        "监测对象": "monitored",
        "监测户(含脱贫户)": "monitored",
    },
)
MONITORING = _options(
    MonitoringCategory,
    {"脱贫不稳定": "unstable", "边缘易致贫": "marginal", "突发严重困难": "sudden_hardship"},
)
EDUCATION = _options(
    Education,
    {
        "文盲": "illiterate",
        "半文盲": "illiterate",
        "中专": "vocational",
        "中职": "vocational",
        "技校": "vocational",
        "大专": "college",
        "高职": "college",
        "本科": "bachelor",
        "大学本科": "bachelor",
        "研究生": "bachelor",
        "大学": "bachelor",
        "学前": "preschool",
        "中职（中专）": "vocational",
    },
)
HEALTH = _options(Health, {"慢性病": "chronic", "大病": "serious", "患大病": "serious"})
DISABILITY = _options(DisabilityCategory, {k[:2]: v for v, k in DisabilityCategory.choices})
GRADE = _options(
    DisabilityGrade,
    {"1级": "1", "2级": "2", "3级": "3", "4级": "4", "一": "1", "二": "2", "三": "3", "四": "4"},
)
LABOUR = _options(
    LabourCapacity,
    {
        "技能": "skilled",
        "普通": "ordinary",
        "弱劳动力": "weak",
        "半劳动力": "weak",
        "丧失": "lost",
        "无": "none",
    },
)

PERSON_ATTRS = (
    "name",
    "id_number",
    "birth_date",
    "sex",
    "relation_to_head",
    "education",
    "health",
    "disability_category",
    "disability_grade",
    "labour_capacity",
    "skills",
    "phone",
    "village_id",
    "notes",
)
HOUSEHOLD_ATTRS = (
    "village_id",
    "household_type",
    "monitoring_category",
    "identified_on",
    "exited_on",
    "other_annual_income",
)
REQUIRED_PERSON = ("name", "id_number", "birth_date", "sex", "village_id", "labour_capacity")
OPTIONAL_PERSON = (
    "relation_to_head",
    "education",
    "health",
    "disability_category",
    "disability_grade",
    "skills",
    "phone",
    "notes",
)
# (attribute, default) for a new person's row after household_id; required ones are always in the payload.
INSERT_DEFAULTS = [(a, "" if a in OPTIONAL_PERSON else None) for a in PERSON_ATTRS] + [("left_reason", "")]
HEALTH_AT = 1 + PERSON_ATTRS.index("health")
HOUSEHOLD_KEYS = {
    "household_type",
    "monitoring_category",
    "identified_on",
    "exited_on",
    "other_annual_income",
}
REGION_KEYS = ("province", "city", "county", "township", "village")
REGION_CELLS = (*REGION_KEYS, "region_code")


class PeopleSpec(ImportSpec):
    kind = "people"
    title = "脱贫人口台账"
    capability = "registry.import"
    columns = (
        Column(
            "household_number", "户编号", ("户码", "家庭编号", "户号", "户编码"), example="370402001001-0001"
        ),
        Column("province", "省", ("省份", "所在省", "省（自治区、直辖市）", "省名称")),
        Column("city", "市", ("地市", "所在市", "市（州）", "市州", "市名称")),
        Column(
            "county",
            "县",
            ("县（市、区）", "区县", "县区", "县市区", "所在县", "区（市）", "县名称"),
            example="市中区",
        ),
        Column(
            "township",
            "乡镇",
            ("乡（镇、街道）", "乡镇（街道）", "乡镇街道", "所在乡镇", "镇（乡、街道）", "乡镇名称"),
            example="中心街街道",
        ),
        Column(
            "village",
            "村",
            ("村（社区）", "行政村", "村居", "所在村", "村名", "村（居）", "村名称"),
            example="铁西居委会",
        ),
        Column("region_code", "村级区划代码", ("区划代码", "村代码", "行政区划代码", "村编码", "村级代码")),
        Column("name", "姓名", ("人员姓名", "成员姓名"), required=True, example="张三"),
        Column(
            "id_number",
            "身份证号",
            ("证件号码", "身份证号码", "公民身份号码", "身份证件号码", "残疾人证号", "证件号", "身份证"),
            required=True,
            example="370402199001011237",
        ),
        Column("sex", "性别", example="男"),
        Column("birth_date", "出生日期", ("出生年月日",)),
        Column("relation_to_head", "与户主关系", ("与户主的关系", "关系"), example="户主"),
        Column(
            "household_type",
            "户类型",
            ("户类别", "户属性", "农户类型", "户类型（脱贫户/监测户）"),
            example="脱贫户",
        ),
        Column("monitoring_category", "监测对象类别", ("监测类型", "监测对象类型", "监测户类型", "监测类别")),
        Column("identified_on", "识别日期", ("识别时间", "纳入监测时间", "纳入监测日期")),
        Column("exited_on", "风险消除日期", ("风险消除时间", "消除风险时间", "消除风险日期")),
        Column("education", "文化程度", ("学历",), example="初中"),
        Column("health", "健康状况", ("健康状态",), example="健康"),
        Column("disability_category", "残疾类别", ("残疾类型",)),
        Column("disability_grade", "残疾等级", ("残疾级别",)),
        Column(
            "labour_capacity",
            "劳动技能",
            ("劳动能力", "劳动力类型", "劳动技能状况", "劳动力状况"),
            required=True,
            example="普通劳动力",
        ),
        Column("skills", "技能特长", ("技能", "技能情况", "掌握技能")),
        Column(
            "phone", "联系电话", ("电话", "手机号", "手机号码", "联系方式", "电话号码"), example="13800000000"
        ),
        Column("other_annual_income", "家庭其他年收入", ("家庭其他收入", "其他收入（元/年）")),
        Column("notes", "备注", ("说明",)),
    )

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        prefix = "" if actor is None else ScopePolicy.of(actor).prefix
        self.policy = None if actor is None else ScopePolicy.of(actor)
        self.resolver = RegionResolver(prefix or "")
        self._places: dict[tuple[Any, ...], str | ResolveError] = {}
        self.today = dt.date.today()

    def check_columns(self, present: set[str]) -> list[str]:
        problems = super().check_columns(present)
        if "region_code" not in present and "village" not in present:
            problems.append("未找到所在村的列：请提供“村级区划代码”列，或“县”“乡镇”“村”名称列")
        return problems

    def parse(self, row: Row) -> None:
        v = row.values
        col = self.column
        v["name"] = cells.person_name(row.raw.get("name"))
        if not v["name"]:
            row.error(col("name").label, "姓名不能为空")
        elif len(v["name"]) > 50 or any(ch.isdigit() for ch in v["name"]):
            row.error(col("name").label, f"姓名“{v['name']}”不正确")
        self._parse_id(row)
        self._parse_region(row)
        v["household_number"] = cells.compact(row.raw.get("household_number"))
        for key, options, what in (
            ("relation_to_head", RELATION, "与户主关系"),
            ("education", EDUCATION, "文化程度"),
            ("health", HEALTH, "健康状况"),
            ("household_type", HOUSEHOLD_TYPE, "户类型"),
            ("monitoring_category", MONITORING, "监测对象类别"),
        ):
            if key in row.raw:
                v[key] = self.cell(row, col(key), cells.choice, options, what)
        v["labour_capacity"] = self.cell(row, col("labour_capacity"), cells.choice, LABOUR, "劳动技能", True)
        for key in ("disability_category", "disability_grade"):
            if key in row.raw and (given := cells.compact(row.raw[key])):
                options = DISABILITY if key == "disability_category" else GRADE
                value = self.cell(row, col(key), cells.choice, options, col(key).label)
                if v.get(key) and value and value != v[key]:
                    row.error(col(key).label, f"{col(key).label}“{given}”与残疾人证号不一致")
                elif value:
                    v[key] = value
        for key in ("identified_on", "exited_on"):
            if key in row.raw:
                v[key] = self.cell(row, col(key), cells.date, col(key).label)
        if "other_annual_income" in row.raw:
            v["other_annual_income"] = self.cell(
                row, col("other_annual_income"), cells.decimal, "家庭其他年收入"
            )
        if "phone" in row.raw:
            v["phone"] = self.cell(row, col("phone"), cells.phone)
        for key in ("skills", "notes"):
            if key in row.raw:
                v[key] = cells.text(row.raw[key])[: 500 if key == "notes" else 200]
        self._parse_household(row)

    def _parse_id(self, row: Row) -> None:
        v, col = row.values, self.column
        try:
            parsed = idnumber.parse(row.raw.get("id_number"), self.today)
        except idnumber.IdNumberError as exc:
            row.error(col("id_number").label, str(exc))
            return
        v.update(id_number=parsed.id_number, birth_date=parsed.birth_date, sex=parsed.sex)
        if parsed.disability_category:
            v.update(disability_category=parsed.disability_category, disability_grade=parsed.disability_grade)
        if "sex" in row.raw and cells.compact(row.raw["sex"]):
            sex = self.cell(row, col("sex"), cells.choice, SEX, "性别")
            if sex and sex != parsed.sex:
                row.error(col("sex").label, f"性别与身份证号不符（按身份证号应为{Sex(parsed.sex).label}）")
        if "birth_date" in row.raw and cells.compact(row.raw["birth_date"]):
            birth = self.cell(row, col("birth_date"), cells.date, "出生日期")
            if birth and birth != parsed.birth_date:
                row.error(
                    col("birth_date").label,
                    f"出生日期与身份证号不符（按身份证号应为{chinese_date(parsed.birth_date)}）",
                )

    def _parse_region(self, row: Row) -> None:
        """The village of the row; a sheet repeats its villages, so each distinct place is resolved once."""
        place = tuple(row.raw.get(k) for k in REGION_CELLS)
        try:
            found = self._places.get(place)
        except TypeError:  # an unhashable cell cannot be remembered
            found = self._resolve_place(row)
        if found is None:
            found = self._places[place] = self._resolve_place(row)
        if isinstance(found, ResolveError):
            column = self.column("region_code" if cells.compact(row.raw.get("region_code")) else "village")
            row.error(column.label, str(found))
            return
        row.values["village_id"] = found

    def _resolve_place(self, row: Row) -> str | ResolveError:
        try:
            code = cells.compact(row.raw.get("region_code"))
            if code:
                region = self.resolver.by_code(code)
                if (given := cells.compact(row.raw.get("village"))) and not self.resolver.matches(
                    region, given
                ):
                    raise ResolveError(f"村级区划代码{code}是“{region.name}”，与所填村名“{given}”不一致")
            else:
                region = self.resolver.by_names(
                    Names(**{k: cells.compact(row.raw.get(k)) for k in REGION_KEYS})
                )
        except ResolveError as exc:
            return exc
        return region.code

    def _parse_household(self, row: Row) -> None:
        """Household fields may be given on one member's row only; the plan merges them per 户编号."""
        v = row.values
        if not v["household_number"] and any(v.get(k) for k in HOUSEHOLD_KEYS):
            row.error("户编号", "填写了户类型等户信息，但未填写户编号")
        if v.get("monitoring_category") and not v.get("household_type"):
            v["household_type"] = HouseholdType.MONITORED

    # ----- plan -------------------------------------------------------------------------------

    def plan(self, rows: list[Row], present: set[str]) -> None:
        self._check_duplicates(rows)
        rows = [r for r in rows if r.ok]
        existing = self._existing_people(r.values["id_number"] for r in rows)
        households = self._plan_households(rows, present)
        for row in rows:
            if not row.ok:
                continue
            v = row.values
            current = existing.get(v["id_number"])
            wanted = self._wanted(v, present)
            if current is None:
                row.action, row.payload = "created", wanted
                continue
            if self.policy is not None and not self.policy.covers(current["village_id"]):
                row.error(self.column("id_number").label, duplicate_message(self.actor, v["id_number"]) or "")
                continue
            changed = {a: val for a, val in wanted.items() if current.get(a) != val}
            row.action = "updated" if changed else "unchanged"
            row.payload = {
                "id": current["id"],
                "before": {a: current.get(a) for a in changed},
                "after": changed,
            }
        self.households = households

    @staticmethod
    def _wanted(values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        """The person's attributes as the file gives them; absent columns leave the ledger as it is."""
        wanted = {a: values[a] for a in REQUIRED_PERSON}
        for attr in OPTIONAL_PERSON:
            if attr in present:
                wanted[attr] = values.get(attr) or ""
        for attr in ("disability_category", "disability_grade"):
            if values.get(attr):
                wanted[attr] = values[attr]
        if "health" in wanted and not wanted["health"]:
            wanted["health"] = Health.DISABLED if values.get("disability_category") else Health.HEALTHY
        if "household_number" in present:
            wanted["household_number"] = values["household_number"]
        return wanted

    def _check_duplicates(self, rows: list[Row]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            number = row.values.get("id_number")
            if not number:
                continue
            if number in first:
                row.error(self.column("id_number").label, f"与第{first[number]}行身份证号重复")
            else:
                first[number] = row.number

    def _existing_people(self, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in bulk.key_chunks(list(numbers)):
            for p in Person.objects.filter(id_number__any=chunk).values(
                "id", *PERSON_ATTRS, "household__number"
            ):
                p["household_number"] = p.pop("household__number") or ""
                found[p["id_number"]] = p
        return found

    def _plan_households(self, rows: list[Row], present: set[str]) -> dict[str, dict[str, Any]]:
        """One entry per 户编号: the values its rows give (a blank inherits), checked against the ledger."""
        plans: dict[str, dict[str, Any]] = {}
        keys = ["village_id", *(k for k in HOUSEHOLD_ATTRS if k in present)]
        for row in rows:
            number = row.values.get("household_number")
            if not number:
                continue
            plan = plans.setdefault(number, {"values": {}, "given_at": {}, "rows": [], "head": None})
            plan["rows"].append(row)
            for key in keys:
                value = row.values.get(key)
                if value in (None, ""):
                    continue
                if key in plan["values"] and plan["values"][key] != value:
                    label = "所在村" if key == "village_id" else self.column(key).label
                    row.error(label, f"同一户编号{number}的{label}与第{plan['given_at'][key]}行不一致")
                    continue
                plan["values"][key] = value
                plan["given_at"].setdefault(key, row.number)
            if row.ok and row.values.get("relation_to_head") == "head":
                if plan["head"] is not None:
                    row.error("与户主关系", f"户编号{number}已在第{plan['head']}行填写了户主")
                else:
                    plan["head"] = row.number
        existing = {}
        for chunk in bulk.key_chunks(list(plans)):
            for h in Household.objects.filter(number__any=chunk).values(
                "id", "number", "head_id", *HOUSEHOLD_ATTRS
            ):
                existing[h["number"]] = h
        for number, plan in plans.items():
            current = plan["current"] = existing.get(number)
            if current and self.policy is not None and not self.policy.covers(current["village_id"]):
                self._fail_household(plan, "户编号", f"户编号{number}已在其他地区登记")
                continue
            merged = {k: (current or {}).get(k) for k in HOUSEHOLD_ATTRS} | plan["values"]
            if merged.get("monitoring_category") is None:
                merged["monitoring_category"] = ""
            if not merged.get("household_type"):
                self._fail_household(plan, "户类型", f"户编号{number}的各行都未填写户类型（脱贫户或监测户）")
                continue
            try:
                _check_household(merged)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self._fail_household(plan, self.column(field).label, "；".join(messages))
                continue
            plan["values"] = merged
        return plans

    @staticmethod
    def _fail_household(plan: dict[str, Any], column: str, message: str) -> None:
        for row in plan["rows"]:
            row.error(column, message)

    # ----- commit -----------------------------------------------------------------------------

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        changes: list[audit.Change] = []
        numbers = {r.values["household_number"] for r in rows if r.values.get("household_number")}
        household_ids = self._write_households(numbers, changes)
        created = [r for r in rows if r.action == "created"]
        updated = [r for r in rows if r.action == "updated"]
        bulk.insert_rows(
            Person,
            ["household_id", *PERSON_ATTRS, "left_reason"],
            (self._insert_row(r, household_ids) for r in created),
        )
        ids = self._ids([r.values["id_number"] for r in created])
        for r in created:
            after = {a: v for a, v in r.payload.items() if v not in (None, "")}
            changes.append(
                audit.Change(
                    "registry.person",
                    str(ids[r.values["id_number"]]),
                    r.values["name"],
                    r.values["village_id"],
                    None,
                    after,
                )
            )
        self._write_updates(updated, household_ids, changes)
        self._move_members(changes)
        self._write_heads(rows, household_ids, ids, changes)
        audit.record_many(self.actor, "registry.import", changes, context)
        return Counts(
            created=len(created),
            updated=len(updated),
            unchanged=sum(1 for r in rows if r.action == "unchanged"),
        )

    @staticmethod
    def _insert_row(row: Row, household_ids: dict[str, int]) -> list[Any]:
        """Raw inserts bypass model defaults, so every NOT NULL column gets its value here."""
        payload = row.payload
        values = [
            household_ids.get(payload.get("household_number", "")),
            *(payload.get(a, d) for a, d in INSERT_DEFAULTS),
        ]
        if not values[HEALTH_AT]:
            values[HEALTH_AT] = Health.DISABLED if payload.get("disability_category") else Health.HEALTHY
        return values

    def _write_households(self, numbers: set[str], changes: list[audit.Change]) -> dict[str, int]:
        plans = {n: p for n, p in self.households.items() if n in numbers}
        new = [(n, p) for n, p in plans.items() if p["current"] is None]
        attrs = ["number", *HOUSEHOLD_ATTRS]
        bulk.insert_rows(
            Household, attrs, ([n, *(p["values"].get(a) for a in HOUSEHOLD_ATTRS)] for n, p in new)
        )
        ids = {n: p["current"]["id"] for n, p in plans.items() if p["current"]}
        for chunk in bulk.key_chunks([n for n, _ in new]):
            ids.update(Household.objects.filter(number__any=chunk).values_list("number", "id"))
        self.created_households: dict[str, audit.Change] = {}
        for n, p in new:
            after = {"number": n, **{a: v for a, v in p["values"].items() if v not in (None, "")}}
            change = audit.Change(
                "registry.household", str(ids[n]), n, p["values"]["village_id"], None, after
            )
            self.created_households[n] = change
            changes.append(change)
        changed: dict[tuple[str, ...], list[list[Any]]] = {}
        for n, p in plans.items():
            current = p["current"]
            if current is None:
                continue
            diff = {a: v for a, v in p["values"].items() if current.get(a) != v}
            if diff:
                changed.setdefault(tuple(diff), []).append([current["id"], *diff.values()])
                changes.append(
                    audit.Change(
                        "registry.household",
                        str(current["id"]),
                        n,
                        p["values"]["village_id"],
                        {a: current.get(a) for a in diff},
                        diff,
                    )
                )
        for attrs_changed, values in changed.items():
            bulk.update_rows(Household, "id", list(attrs_changed), values)
        self.moved_households = {
            p["current"]["id"]: p["values"]["village_id"]
            for p in plans.values()
            if p["current"] is not None and p["current"]["village_id"] != p["values"]["village_id"]
        }
        return ids

    def _write_updates(
        self, rows: list[Row], household_ids: dict[str, int], changes: list[audit.Change]
    ) -> None:
        groups: dict[tuple[str, ...], list[list[Any]]] = {}
        for r in rows:
            after = dict(r.payload["after"])
            before = dict(r.payload["before"])
            if "household_number" in after:
                after["household_id"] = household_ids.get(after.pop("household_number"))
                before["household_id"] = before.pop("household_number")
            groups.setdefault(tuple(after), []).append([r.payload["id"], *after.values()])
            changes.append(
                audit.Change(
                    "registry.person",
                    str(r.payload["id"]),
                    r.values["name"],
                    r.values["village_id"],
                    before,
                    after,
                )
            )
        for attrs, values in groups.items():
            bulk.update_rows(Person, "id", list(attrs), values)
        # The apps that follow people (the employment ledger) hear of the changes as the services
        # tell them: once per set of changed fields, with all its people, in this transaction.
        for attrs, values in groups.items():
            hooks.person_changed(self.actor, [row[0] for row in values], attrs)

    def _move_members(self, changes: list[audit.Change]) -> None:
        """Members live where their household lives: those the file does not list, and not marked left,
        follow a household it moves (as ``services.update_household`` moves them)."""
        moved = self.moved_households
        members = [
            (pk, name, moved[household_id], village_id)
            for chunk in bulk.key_chunks(list(moved))
            for pk, name, household_id, village_id in Person.objects.current()
            .filter(household__id__any=chunk)
            .values_list("id", "name", "household_id", "village_id")
            if village_id != moved[household_id] and (self.policy is None or self.policy.covers(village_id))
        ]
        if not members:
            return
        bulk.update_rows(Person, "id", ["village_id"], [[pk, village] for pk, _, village, _ in members])
        changes.extend(
            audit.Change(
                "registry.person", str(pk), name, village, {"village_id": old}, {"village_id": village}
            )
            for pk, name, village, old in members
        )
        hooks.person_changed(self.actor, [pk for pk, *_ in members], {"village_id"})

    def _write_heads(
        self,
        rows: list[Row],
        household_ids: dict[str, int],
        created_ids: dict[str, int],
        changes: list[audit.Change],
    ) -> None:
        heads = {
            r.values["household_number"]: r
            for r in rows
            if r.values.get("household_number") and r.values.get("relation_to_head") == "head"
        }
        # People whose relation stops being 户主, or who move to another household, stop heading theirs.
        stepping_down = [
            r.payload["id"]
            for r in rows
            if r.action == "updated"
            and (
                r.payload["after"].get("relation_to_head", "head") != "head"
                or "household_number" in r.payload["after"]
            )
        ]
        if not heads and not stepping_down:
            return
        person_ids = dict(created_ids)
        person_ids.update(
            self._ids(
                [r.values["id_number"] for r in heads.values() if r.values["id_number"] not in person_ids]
            )
        )
        updates = []
        for number, row in heads.items():
            household_id, person_id = household_ids[number], person_ids[row.values["id_number"]]
            current = self.households[number]["current"]
            if current and current["head_id"] == person_id:
                continue
            updates.append([household_id, person_id])
            created = self.created_households.get(number)
            if created is not None and created.after is not None:
                # A household created by this import records its head in its creation event.
                created.after["head_id"] = person_id
                continue
            changes.append(
                audit.Change(
                    "registry.household",
                    str(household_id),
                    number,
                    row.values["village_id"],
                    {"head_id": current["head_id"] if current else None},
                    {"head_id": person_id},
                )
            )
        # A head who moves to head another household stops heading the old one first (one head per person);
        # so does one who steps down, unless the file names the household's new head.
        targets = {household_id for household_id, _ in updates}
        vacated = Household.objects.filter(head__id__any=[*(p for _, p in updates), *stepping_down]).exclude(
            id__any=list(targets)
        )
        for household_id, number, village_id, head_id in vacated.values_list(
            "id", "number", "village_id", "head_id"
        ):
            changes.append(
                audit.Change(
                    "registry.household",
                    str(household_id),
                    number,
                    village_id,
                    {"head_id": head_id},
                    {"head_id": None},
                )
            )
        bulk.update_rows(
            Household, "id", ["head_id"], [[pk, None] for pk in vacated.values_list("id", flat=True)]
        )
        bulk.update_rows(Household, "id", ["head_id"], updates)

    @staticmethod
    def _ids(numbers: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for chunk in bulk.key_chunks(numbers):
            ids.update(Person.objects.filter(id_number__any=chunk).values_list("id_number", "id"))
        return ids
