"""Import of the village-cadre register (村干部名册): one row per cadre and term.

The village is found by 村级区划代码 or 县/乡镇/村 names within the user's scope, the household
(optional) by 户编号 among the households the user may see; a cadre in the registry is linked to
their household by ID number. A row is matched by village, ID number and 任职开始日期, so a file
imported twice changes nothing. Rows go through ``posts.services.save_cadre``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fangfan.accounts.policy import ScopePolicy
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.regions.resolver import Names, RegionResolver, ResolveError
from fangfan.registry.models import Household

from . import services
from .models import VillageCadre

FIELDS = ("name", "position", "household", "term_end")


class CadreSpec(ImportSpec):
    kind = "village_cadres"
    title = "村干部名册"
    capability = "posts.import"
    columns = (
        Column("county", "县", ("县（市、区）", "区（市）", "区县")),
        Column("township", "乡镇", ("乡（镇、街道）", "乡镇（街道）")),
        Column("village", "村", ("村（社区）", "行政村", "任职村", "村（居）")),
        Column("region_code", "村级区划代码", ("区划代码", "村代码")),
        Column("name", "姓名", ("干部姓名",), required=True, example="张三"),
        Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "证件号码"), required=True),
        Column("position", "职务", ("担任职务", "现任职务"), required=True, example="村委会主任"),
        Column("household", "户编号", ("所在户编号", "家庭户编号")),
        Column("term_start", "任职开始日期", ("任职时间", "任职日期", "任职开始时间"), required=True),
        Column("term_end", "任职结束日期", ("离任日期", "离任时间", "任职结束时间")),
    )

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        prefix = "" if actor is None else ScopePolicy.of(actor).prefix
        self.resolver = RegionResolver(prefix or "")
        self.households = Household.objects.all() if actor is None else Household.objects.visible_to(actor)

    def check_columns(self, present: set[str]) -> list[str]:
        problems = super().check_columns(present)
        if "region_code" not in present and "village" not in present:
            problems.append("未找到任职村的列：请提供“村级区划代码”列，或“县”“乡镇”“村”名称列")
        return problems

    def parse(self, row: Row) -> None:
        v, col = row.values, self.column
        code = cells.compact(row.raw.get("region_code"))
        try:
            v["village"] = (
                self.resolver.by_code(code)
                if code
                else self.resolver.by_names(
                    Names(**{k: cells.compact(row.raw.get(k)) for k in ("county", "township", "village")})
                )
            )
        except ResolveError as exc:
            row.error(col("region_code" if code else "village").label, str(exc))
        v["name"] = cells.person_name(row.raw.get("name"))
        v["id_number"] = cells.compact(row.raw.get("id_number"))
        v["position"] = cells.text(row.raw.get("position"))[:50]
        v["household_number"] = cells.compact(row.raw.get("household"))
        v["term_start"] = self.cell(row, col("term_start"), cells.date, "任职开始日期", True)
        v["term_end"] = self.cell(row, col("term_end"), cells.date, "任职结束日期")

    def plan(self, rows: list[Row], present: set[str]) -> None:
        numbers = [r.values["household_number"] for r in rows if r.values["household_number"]]
        households = {h.number: h for h in self.households.filter(number__in=numbers)}
        seen: dict[tuple[str, str, Any], int] = {}
        for row in rows:
            v = row.values
            data = {k: v[k] for k in ("name", "id_number", "village", "position", "term_start", "term_end")}
            data["household"] = None
            if v["household_number"]:
                data["household"] = households.get(v["household_number"])
                if data["household"] is None:
                    row.error("户编号", f"您管辖范围内没有户编号为{v['household_number']}的户")
                    continue
            try:
                services.check_cadre(self.actor, data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    column = field if field in {c.key for c in self.columns} else "name"
                    row.error(self.column(column).label, "；".join(messages))
                continue
            key = (data["village"].code, data["id_number"], data["term_start"])
            if key in seen:
                row.error("身份证号", f"与第{seen[key]}行重复（同一村、同一人、同一任职开始日期）")
                continue
            seen[key] = row.number
            current = VillageCadre.objects.filter(
                village=data["village"], id_number=data["id_number"], term_start=data["term_start"]
            ).first()
            if current is None:
                row.action, row.payload = "created", data
                continue
            changed = {f: data[f] for f in FIELDS if getattr(current, f) != data[f]}
            row.action = "updated" if changed else "unchanged"
            row.payload = {"cadre": current, "changes": changed}

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            try:
                if row.action == "created":
                    services.save_cadre(self.actor, None, **row.payload)
                    counts.created += 1
                elif row.action == "updated":
                    services.save_cadre(self.actor, row.payload["cadre"], **row.payload["changes"])
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            except ValidationError as exc:
                raise ValidationError(f"第{row.number}行：{'；'.join(exc.messages)}") from exc
        return counts
