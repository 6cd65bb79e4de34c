"""乡村公益性岗位 with their holders, monthly attendance and subsidy payments.

Scale (枣人社字〔2023〕68号 (三): 3.9万 posts for the city over the 十四五; 晋人社厅发〔2023〕71号 (四)):
posts are set 按需 in each village, a few per village, about 6 % of the labourers who cannot go far
(older and weak labourers first), mostly 非全日制 (40–80 hours a month) with a subsidy at or above the
hourly minimum wage, one in five 全日制 at or above the monthly minimum wage (``PostRule``).

The integrity checks (``posts.integrity``) find nothing in what is written here: one post per person
and per household, never a household of a serving village cadre, a post that leaves a household never
returns to it, no 全日制 holder with a migrant spell (holders come from people without one), every
agreement within ``contract_max_months`` (renewed in steps), attendance paid in full within the
deadline, and payments only for months held.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import add_months
from fangfan.posts import rules
from fangfan.posts.models import (
    PaymentSource,
    PostAppointment,
    PostAttendance,
    PostPayment,
    PostRule,
    PostType,
    PublicPost,
    VillageCadre,
    WorkTime,
)
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .common import POST_AGE, Context, Job, Labourer, insert, months_between, new_ids, pay_day, write_spells

SHARE = 0.06
DUTIES = {
    "村庄保洁员": "负责村内主次道路、公共场所的日常清扫保洁和垃圾收集",
    "护路员": "负责农村公路日常巡查、路面清扫和路肩养护",
    "护林员": "负责林区日常巡护、森林防火宣传和火情报告",
    "水管员": "负责村内供水设施巡查、管护和小型维修",
    "孝善食堂服务员": "负责孝善食堂日常备餐、配餐和送餐服务",
    "治安巡逻员": "负责村内治安巡逻、矛盾纠纷排查和安全隐患报告",
    "河道管护员": "负责河道、沟渠日常巡查和清理",
    "养老服务员": "负责照料村内独居、失能老人的日常生活",
}
TYPES = (PostType.GENERAL, PostType.SKILLED, PostType.SPECIAL)
PAST_EXIT = ("resigned", "other_job", "contract_end")


@dataclass
class Holder:
    person: Labourer
    start: dt.date
    contract_end: dt.date
    renewals: int
    exited_on: dt.date | None
    exit_reason: str


def agreement(start: dt.date, until: dt.date, rule: PostRule) -> tuple[dt.date, int]:
    """The current agreement's end and the renewals before it, agreements following one another."""
    renewals = 0
    end = rules.longest_contract_end(start, rule)
    while end < until:
        end = rules.longest_contract_end(end + dt.timedelta(days=1), rule)
        renewals += 1
    return end, renewals


def _subsidy(rng: random.Random, work_time: str, hours: int | None, rule: PostRule) -> Decimal:
    if work_time == WorkTime.FULL:
        return max(rule.min_wage_monthly, Decimal(rng.randrange(1800, 2150, 50)))
    assert hours is not None
    floor = (rule.min_wage_hourly * hours / 50).to_integral_value(ROUND_CEILING) * 50
    return max(floor, Decimal(rng.randrange(500, 1050, 50)))


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("posts")
    cadre_homes = set(
        VillageCadre.objects.under(ctx.prefix)
        .filter(household__isnull=False)
        .values_list("household_id", flat=True)
    )
    per_village: dict[str, list[Labourer]] = {}
    for pool in ctx.free(rng, POST_AGE).values():
        for person in pool:
            if person.household not in cadre_homes:
                per_village.setdefault(person.village, []).append(person)
    post_rules: dict[str, PostRule] = {}
    posts: list[list[Any]] = []
    holders: dict[tuple[str, str], list[Holder]] = {}
    households: set[int] = set()
    for village in sorted(per_village):
        people = sorted(per_village[village], key=lambda p: (p.capacity != "weak", -p.age(ctx.today)))
        if len(people) < 3:
            continue
        count = max(1, min(8, round(len(people) * SHARE)))
        county = village[:6]
        if county not in post_rules:
            post_rules[county] = PostRule.objects.for_region(Region.objects.get(code=county.ljust(12, "0")))
        rule = post_rules[county]
        for n in range(count):
            title = rng.choice(list(DUTIES))
            name = f"{title}{n + 1}号岗"
            full = rng.random() < 0.2
            work_time = WorkTime.FULL if full else WorkTime.PART
            hours = None if full else rng.choice((40, 48, 60, 80))
            created = ctx.day_in(rng, ctx.first - dt.timedelta(days=180), ctx.today - dt.timedelta(days=60))
            posts.append(
                [
                    name,
                    rng.choices(TYPES, (80, 10, 10))[0],
                    work_time,
                    village,
                    "村民委员会",
                    DUTIES[title],
                    _subsidy(rng, work_time, hours, rule),
                    hours,
                    22,
                    created,
                    "演示数据",
                ]
            )
            chain = _holders(ctx, rng, people, households, created, rule)
            holders[(village, name)] = chain
    return _write(ctx, rng, posts, holders)


def _holders(
    ctx: Context,
    rng: random.Random,
    people: list[Labourer],
    households: set[int],
    created: dt.date,
    rule: PostRule,
) -> list[Holder]:
    """The post's holders in turn: one, or one who left and a successor of another household."""
    chain: list[Holder] = []
    start = created + dt.timedelta(days=rng.randint(0, 30))
    while start < ctx.today:
        person = next((p for p in people if p.household not in households and p.id not in ctx.employed), None)
        if person is None:
            break
        households.add(person.household)
        ctx.employed.add(person.id)
        exited = None
        if not chain and rng.random() < 0.2:
            exited = start + dt.timedelta(days=rng.randint(180, 720))
            exited = exited if exited < ctx.today - dt.timedelta(days=1) else None
        end, renewals = agreement(start, exited or ctx.today, rule)
        reason = rng.choice(PAST_EXIT) if exited else ""
        chain.append(Holder(person, start, end, renewals, exited, reason))
        if exited is None:
            break
        start = exited + dt.timedelta(days=rng.randint(1, 30))
    return chain


def _write(
    ctx: Context,
    rng: random.Random,
    posts: list[list[Any]],
    holders: dict[tuple[str, str], list[Holder]],
) -> dict[str, int]:
    insert(
        PublicPost,
        [
            "name",
            "post_type",
            "work_time",
            "village_id",
            "employer",
            "duties",
            "subsidy",
            "hours_per_month",
            "required_days",
            "created_on",
            "notes",
        ],
        posts,
    )
    post_ids = new_ids(PublicPost, {"village__code__startswith": ctx.prefix}, ("village_id", "name"))
    rows = [
        [post_ids[key], h.person.id, h.start, h.contract_end, h.renewals, h.exited_on, h.exit_reason, None]
        for key, chain in holders.items()
        for h in chain
    ]
    insert(
        PostAppointment,
        ["post_id", "person_id", "start", "contract_end", "renewals", "exited_on", "exit_reason", "spell_id"],
        rows,
    )
    appointment_ids = new_ids(
        PostAppointment, {"post__village__code__startswith": ctx.prefix}, ("post_id", "person_id")
    )
    facts = {(str(p[3]), str(p[0])): p for p in posts}
    labels = {
        "type": dict(PostType.choices),
        "time": dict(WorkTime.choices),
    }
    jobs: list[Job] = []
    attendance: list[list[Any]] = []
    paid: list[tuple[int, int, Holder, dt.date, Decimal, dt.date]] = []
    for key, chain in holders.items():
        post = facts[key]
        subsidy = post[6]
        assert isinstance(subsidy, Decimal)
        required = Decimal(22)
        for h in chain:
            appointment = appointment_ids[(post_ids[key], h.person.id)]
            employer = f"乡村公益性岗位：{post[0]}（{post[4]}）"
            notes = f"{labels['time'][str(post[2])]}{labels['type'][str(post[1])]}"
            jobs.append(
                Job(
                    appointment,
                    h.person.id,
                    h.person.village,
                    h.start,
                    h.exited_on,
                    employer,
                    EmploymentKind.PUBLIC_POST,
                    key[0],
                    Level.VILLAGE,
                    subsidy,
                    notes,
                )
            )
            ctx.touched.add(h.person.id)
            for month, active, days in months_between(h.start, h.exited_on, add_months(ctx.today, -1)):
                actual = min(required, max(Decimal(1), (required * active / days).quantize(Decimal(1))))
                actual -= rng.choice((0, 0, 0, 1)) if actual > 1 else 0
                due, explanation = rules.attendance_pay(subsidy, required, actual)
                attendance.append([appointment, month, required, actual, due, explanation])
                on = pay_day(rng, month, 5, 20)
                if on < ctx.today:
                    paid.append((appointment, post_ids[key], h, month, due, on))
    insert(
        PostAttendance,
        ["appointment_id", "month", "required_days", "actual_days", "due", "explanation"],
        attendance,
    )
    record_ids = new_ids(
        PostAttendance,
        {"appointment__post__village__code__startswith": ctx.prefix},
        ("appointment_id", "month"),
    )
    insert(
        PostPayment,
        [
            "post_id",
            "person_id",
            "name",
            "id_number",
            "month",
            "amount",
            "paid_on",
            "attendance_id",
            "source",
        ],
        (
            [
                post,
                h.person.id,
                h.person.name,
                h.person.id_number,
                month,
                due,
                on,
                record_ids[(a, month)],
                PaymentSource.ATTENDANCE,
            ]
            for a, post, h, month, due, on in paid
        ),
    )
    spells = write_spells(ctx.prefix, PostAppointment, Source.PUBLIC_POST, jobs)
    ctx.say(
        f"乡村公益性岗位：{len(posts)}个岗位，聘任{len(rows)}人次，考勤{len(attendance)}条，补贴发放{len(paid)}笔。"
    )
    return {
        "posts": len(posts),
        "post_appointments": len(rows),
        "post_attendance": len(attendance),
        "post_payments": len(paid),
        "spells": spells,
    }
