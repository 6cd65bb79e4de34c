"""Import of a project's workers (以工代赈用工花名册): one row per person hired.

The project is found by 项目编号 or name among the projects the user may see.
A worker is named by ID number: a registry person is linked (and their hire
becomes an employment spell); anyone else is kept as a named local labourer,
whose village comes from the 村级区划代码 or the 县/乡镇/村 names. A hire is
matched by project and ID number, so importing a file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError

from fangfan.accounts.policy import ScopePolicy
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.regions.models import Region
from fangfan.regions.resolver import Names, RegionResolver, ResolveError
from fangfan.registry import idnumber
from fangfan.registry.models import Person

from . import services
from .models import ReliefHire, ReliefWorker, WorkReliefProject

HIRE_ATTRS = ("job", "start", "end", "daily_wage")
REGION_KEYS = ("county", "township", "village")


class HireSpec(ImportSpec):
    kind = "relief_hires"
    title = "以工代赈用工花名册"
    capability = "relief.import"
    columns = (
        Column("project", "项目名称", ("以工代赈项目", "项目"), example="某某村道路硬化以工代赈项目"),
        Column("number", "项目编号", ("项目代码",)),
        Column("name", "姓名", ("务工人员姓名", "人员姓名"), required=True, example="张三"),
        Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "证件号码"), required=True),
        Column("county", "县", ("县（市、区）", "区（市）", "区县")),
        Column("township", "乡镇", ("乡（镇、街道）", "乡镇（街道）")),
        Column("village", "村", ("村（社区）", "行政村", "所在村", "村（居）")),
        Column("region_code", "村级区划代码", ("区划代码", "村代码")),
        Column("phone", "联系电话", ("电话", "手机号", "手机号码")),
        Column("bank_name", "开户银行", ("开户行", "银行")),
        Column("bank_account", "银行账号", ("银行卡号", "卡号", "账号", "社保卡号")),
        Column("job", "工种", ("岗位", "务工岗位")),
        Column(
            "start", "进场日期", ("进场时间", "务工开始时间", "开始日期"), required=True, example="2026-04-01"
        ),
        Column("end", "退场日期", ("退场时间", "务工结束时间", "结束日期")),
        Column(
            "daily_wage",
            "日工资",
            ("日工资（元）", "日工资标准", "劳务报酬标准（元/天）"),
            required=True,
            example="150",
        ),
    )

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        projects = (
            WorkReliefProject.objects.all() if actor is None else WorkReliefProject.objects.visible_to(actor)
        )
        self.by_number = {p.number: p for p in projects.exclude(number="")}
        self.by_name: dict[str, list[WorkReliefProject]] = defaultdict(list)
        for p in projects:
            self.by_name[p.name].append(p)
        prefix = "" if actor is None else ScopePolicy.of(actor).prefix
        self.resolver = RegionResolver(prefix or "")

    def check_columns(self, present: set[str]) -> list[str]:
        problems = super().check_columns(present)
        if "project" not in present and "number" not in present:
            problems.append("未找到项目的列：请提供“项目名称”或“项目编号”列")
        return problems

    def parse(self, row: Row) -> None:
        v, col = row.values, self.column
        self._parse_project(row)
        v["name"] = cells.person_name(row.raw.get("name"))
        if not v["name"]:
            row.error(col("name").label, "姓名不能为空")
        try:
            v["id_number"] = idnumber.parse(row.raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(col("id_number").label, str(exc))
        v["village"] = self._parse_village(row)
        v["phone"] = self.cell(row, col("phone"), cells.phone) or ""
        v["bank_name"] = cells.text(row.raw.get("bank_name"))[:100]
        v["bank_account"] = cells.compact(row.raw.get("bank_account"))
        if v["bank_account"] and not (v["bank_account"].isdigit() and 8 <= len(v["bank_account"]) <= 32):
            row.error(col("bank_account").label, "银行账号应为8至32位数字")
        v["job"] = cells.text(row.raw.get("job"))[:50]
        v["start"] = self.cell(row, col("start"), cells.date, "进场日期", True)
        v["end"] = self.cell(row, col("end"), cells.date, "退场日期")
        if v["start"] and v["end"] and v["end"] < v["start"]:
            row.error(col("end").label, "退场日期不能早于进场日期")
        v["daily_wage"] = self.cell(row, col("daily_wage"), cells.decimal, "日工资", True)
        if v["daily_wage"] is not None and v["daily_wage"] <= 0:
            row.error(col("daily_wage").label, "日工资应大于0")

    def _parse_project(self, row: Row) -> None:
        number = cells.compact(row.raw.get("number"))
        name = cells.text(row.raw.get("project"))
        if number:
            project = self.by_number.get(number)
            if project is None:
                row.error(
                    self.column("number").label, f"未找到项目编号为{number}的项目（或不在您的管辖范围内）"
                )
                return
        else:
            found = self.by_name.get(name, [])
            if len(found) != 1:
                reason = (
                    "未找到该项目（或不在您的管辖范围内）" if not found else "有多个同名项目，请填写项目编号"
                )
                row.error(self.column("project").label, f"“{name}”{reason}" if name else "项目名称不能为空")
                return
            project = found[0]
        row.values["project"] = project

    def _parse_village(self, row: Row) -> Region | None:
        code = cells.compact(row.raw.get("region_code"))
        names = Names(**{k: cells.compact(row.raw.get(k)) for k in REGION_KEYS})
        if not code and not names.village:
            return None
        try:
            return self.resolver.by_code(code) if code else self.resolver.by_names(names)
        except ResolveError as exc:
            row.error(self.column("region_code" if code else "village").label, str(exc))
            return None

    def plan(self, rows: list[Row], present: set[str]) -> None:
        numbers = [r.values["id_number"] for r in rows]
        registry = Person.objects.all() if self.actor is None else Person.objects.visible_to(self.actor)
        people = {p.id_number: p for p in registry.filter(id_number__in=numbers)}
        workers = {w.id_number: w for w in ReliefWorker.objects.filter(id_number__in=numbers)}
        seen: dict[tuple[int, str], int] = {}
        for row in rows:
            v = row.values
            key = (v["project"].pk, v["id_number"])
            if key in seen:
                row.error("身份证号", f"与第{seen[key]}行重复（同一项目、同一人）")
                continue
            seen[key] = row.number
            known = people.get(v["id_number"]) or workers.get(v["id_number"])
            if known is not None and known.name != v["name"]:
                row.error("姓名", f"姓名“{v['name']}”与已登记的姓名不一致，请核对")
                continue
            if known is None and v["village"] is None:
                row.error("村", "该人员未在脱贫人口台账中，请填写所在村（村级区划代码或县、乡镇、村名称）")
                continue
            home = known.village_id if known is not None else v["village"].code
            try:
                services.check_local(v["project"], v["name"], home)
            except ValidationError as exc:
                row.error("身份证号", "；".join(exc.messages))
                continue
            wanted = {a: v[a] for a in HIRE_ATTRS}
            current = ReliefHire.objects.filter(
                project=v["project"], worker__id_number=v["id_number"]
            ).first()
            if current is None:
                row.action, row.payload = "created", wanted
                continue
            changed = {a: val for a, val in wanted.items() if getattr(current, a) != val}
            row.action = "updated" if changed else "unchanged"
            row.payload = {"hire": current, "changes": changed}

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            v = row.values
            worker = {
                "name": v["name"],
                "id_number": v["id_number"],
                "village": v["village"],
                "phone": v["phone"],
                "bank_name": v["bank_name"],
                "bank_account": v["bank_account"],
            }
            if row.action == "created":
                services.hire_labourer(self.actor, v["project"], worker, **row.payload)
                counts.created += 1
                continue
            services.register_worker(self.actor, **worker)
            if row.action == "updated":
                services.update_hire(self.actor, row.payload["hire"], **row.payload["changes"])
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts
