"""Imports of the posts ledger: holders (岗位人员花名册) and a finance office's 补贴发放表.

A post is found by its village (村级区划代码, or 县/乡镇/村 names) and name, among
the posts the user may see; a holder by ID number in the registry. Rows go
through the post services, so appointments become employment spells once.
A payment line is kept even when its person was not appointed that month:
the integrity check 向未聘人员发放 reports it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fangfan.accounts.policy import ScopePolicy
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.regions.resolver import Names, RegionResolver, ResolveError
from fangfan.registry import idnumber
from fangfan.registry.models import Person

from . import rules, services
from .models import ExitReason, PostAppointment, PostPayment, PostRule, PublicPost

PLACE = (
    Column("county", "县", ("县（市、区）", "区（市）", "区县")),
    Column("township", "乡镇", ("乡（镇、街道）", "乡镇（街道）")),
    Column("village", "村", ("村（社区）", "行政村", "所在村", "村（居）")),
    Column("region_code", "村级区划代码", ("区划代码", "村代码")),
    Column("post", "岗位名称", ("岗位", "公益性岗位名称"), required=True, example="村庄保洁员"),
    Column("name", "姓名", ("人员姓名", "在岗人员姓名"), required=True, example="张三"),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "证件号码"), required=True),
)
EXIT_REASONS = {str(label): value for value, label in ExitReason.choices} | {
    "期满": "contract_end",
    "辞职": "resigned",
    "就业": "other_job",
}


class PostRows(ImportSpec):
    """What both imports share: finding the post and the person of a row."""

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        posts = PublicPost.objects.all() if actor is None else PublicPost.objects.visible_to(actor)
        self.posts: dict[tuple[str, str], PublicPost] = {(p.village_id, p.name): p for p in posts}
        prefix = "" if actor is None else ScopePolicy.of(actor).prefix
        self.resolver = RegionResolver(prefix or "")

    def check_columns(self, present: set[str]) -> list[str]:
        problems = super().check_columns(present)
        if "region_code" not in present and "village" not in present:
            problems.append("未找到岗位所在村的列：请提供“村级区划代码”列，或“县”“乡镇”“村”名称列")
        return problems

    def parse_common(self, row: Row) -> None:
        v, col = row.values, self.column
        code = cells.compact(row.raw.get("region_code"))
        try:
            village = (
                self.resolver.by_code(code)
                if code
                else self.resolver.by_names(
                    Names(**{k: cells.compact(row.raw.get(k)) for k in ("county", "township", "village")})
                )
            )
        except ResolveError as exc:
            row.error(col("region_code" if code else "village").label, str(exc))
            village = None
        name = cells.text(row.raw.get("post"))
        if village is not None:
            post = self.posts.get((village.code, name))
            if post is None:
                row.error(
                    col("post").label,
                    f"{village.name}没有名为“{name}”的岗位（或不在您的管辖范围内），请先设岗",
                )
            v["post"] = post
        v["name"] = cells.person_name(row.raw.get("name"))
        try:
            v["id_number"] = idnumber.parse(row.raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(col("id_number").label, str(exc))


class AppointmentSpec(PostRows):
    kind = "post_appointments"
    title = "乡村公益性岗位人员花名册"
    capability = "posts.import"
    columns = (
        *PLACE,
        Column(
            "start", "上岗日期", ("上岗时间", "聘用日期", "聘任日期"), required=True, example="2026-01-01"
        ),
        Column("contract_end", "聘用协议到期日", ("协议到期日", "合同到期日", "聘期截止")),
        Column("exited_on", "退岗日期", ("退岗时间", "离岗日期")),
        Column("exit_reason", "退岗原因", ("离岗原因",)),
        Column("bank_name", "开户银行", ("开户行",)),
        Column("bank_account", "补贴发放账号", ("银行账号", "银行卡号", "社保卡号", "卡号")),
    )

    def parse(self, row: Row) -> None:
        self.parse_common(row)
        v, col = row.values, self.column
        v["start"] = self.cell(row, col("start"), cells.date, "上岗日期", True)
        v["contract_end"] = self.cell(row, col("contract_end"), cells.date, "聘用协议到期日")
        v["exited_on"] = self.cell(row, col("exited_on"), cells.date, "退岗日期")
        v["exit_reason"] = self.cell(row, col("exit_reason"), cells.choice, EXIT_REASONS, "退岗原因")
        if v["exited_on"] and not v["exit_reason"]:
            row.error(col("exit_reason").label, "填写了退岗日期的，请填写退岗原因")
        if v["start"] and v["exited_on"] and v["exited_on"] < v["start"]:
            row.error(col("exited_on").label, "退岗日期不能早于上岗日期")
        v["bank_name"] = cells.text(row.raw.get("bank_name"))[:100]
        v["bank_account"] = cells.compact(row.raw.get("bank_account"))
        if v["bank_account"] and not (v["bank_account"].isdigit() and 8 <= len(v["bank_account"]) <= 32):
            row.error(col("bank_account").label, "银行账号应为8至32位数字")

    def plan(self, rows: list[Row], present: set[str]) -> None:
        people = {
            p.id_number: p for p in Person.objects.filter(id_number__in=[r.values["id_number"] for r in rows])
        }
        spans: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
        for a in PostAppointment.objects.filter(post__in={r.values["post"].pk for r in rows}).select_related(
            "person"
        ):
            spans[a.post_id].append((a.start, a.exited_on, a.person.id_number))
        for row in sorted(rows, key=lambda r: r.values["start"]):
            v = row.values
            person = people.get(v["id_number"])
            if person is None or (
                self.actor is not None and not ScopePolicy.of(self.actor).covers(person.village_id)
            ):
                row.error("身份证号", "该身份证号未在您管辖范围内的脱贫人口台账中登记，请先登记该人员")
                continue
            if person.name != v["name"]:
                row.error("姓名", f"姓名“{v['name']}”与台账不一致（台账为“{person.name}”）")
                continue
            v["person"] = person
            post = v["post"]
            current = PostAppointment.objects.filter(post=post, person=person, start=v["start"]).first()
            if current is None:
                clash = next(
                    (
                        s
                        for s in spans[post.pk]
                        if s[2] != person.id_number
                        and (s[1] is None or s[1] >= v["start"])
                        and (v["exited_on"] is None or s[0] <= v["exited_on"])
                    ),
                    None,
                )
                if clash:
                    row.error("上岗日期", "与该岗位其他人员的在岗期间重叠（同一岗位同一时间只能一人在岗）")
                    continue
                longest = rules.longest_contract_end(v["start"], PostRule.objects.for_region(post.village))
                if v["contract_end"] and v["contract_end"] > longest:
                    row.error(
                        "聘用协议到期日", f"聘用协议期限过长（最迟到{longest:%Y年%m月%d日}），续签请另行登记"
                    )
                    continue
                spans[post.pk].append((v["start"], v["exited_on"], person.id_number))
                row.action, row.payload = "created", None
                continue
            changed = {
                k: v[k]
                for k in ("exited_on", "exit_reason", "bank_name", "bank_account")
                if k in present
                and v[k] != getattr(current, k)
                and (v[k] or k in ("bank_name", "bank_account"))
            }
            row.action = "updated" if changed else "unchanged"
            row.payload = {"appointment": current, "changes": changed}

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in sorted(rows, key=lambda r: r.values["start"]):
            v = row.values
            if row.action == "created":
                appointment = services.appoint(
                    self.actor,
                    v["post"],
                    v["person"],
                    start=v["start"],
                    contract_end=v["contract_end"],
                    bank_name=v["bank_name"],
                    bank_account=v["bank_account"],
                )
                if v["exited_on"]:
                    services.exit_post(self.actor, appointment, v["exited_on"], v["exit_reason"], "导入")
                counts.created += 1
            elif row.action == "updated":
                appointment = row.payload["appointment"]
                changes = row.payload["changes"]
                bank = {k: changes[k] for k in ("bank_name", "bank_account") if k in changes}
                if bank:
                    services.update_appointment(self.actor, appointment, **bank)
                if changes.get("exited_on") and not appointment.exited_on:
                    services.exit_post(
                        self.actor, appointment, changes["exited_on"], v["exit_reason"], "导入"
                    )
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts


class PaymentSpec(PostRows):
    kind = "post_payments"
    title = "乡村公益性岗位补贴发放表"
    capability = "posts.import"
    columns = (
        *PLACE,
        Column("month", "补贴月份", ("月份", "发放月份", "所属月份"), required=True, example="2026-03"),
        Column(
            "amount",
            "发放金额",
            ("金额", "补贴金额", "实发金额", "发放金额（元）"),
            required=True,
            example="800",
        ),
        Column("paid_on", "发放日期", ("发放时间", "到账日期"), required=True, example="2026-04-15"),
    )

    def parse(self, row: Row) -> None:
        self.parse_common(row)
        v, col = row.values, self.column
        if not v["name"]:
            row.error(col("name").label, "姓名不能为空")
        v["month"] = self.cell(row, col("month"), cells.date, "补贴月份", True)
        v["amount"] = self.cell(row, col("amount"), cells.decimal, "发放金额", True)
        if v["amount"] is not None and v["amount"] <= 0:
            row.error(col("amount").label, "发放金额应大于0")
        v["paid_on"] = self.cell(row, col("paid_on"), cells.date, "发放日期", True)

    def plan(self, rows: list[Row], present: set[str]) -> None:
        for row in rows:
            v = row.values
            v["month"] = v["month"].replace(day=1)
            same = PostPayment.objects.filter(
                post=v["post"],
                id_number=v["id_number"],
                month=v["month"],
                amount=v["amount"],
                paid_on=v["paid_on"],
            )
            row.action = "unchanged" if same.exists() else "created"

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            if row.action == "unchanged":
                counts.unchanged += 1
                continue
            v = row.values
            services.record_payment_line(
                self.actor,
                v["post"],
                name=v["name"],
                id_number=v["id_number"],
                month=v["month"],
                amount=v["amount"],
                paid_on=v["paid_on"],
            )
            counts.created += 1
        return counts
