"""Integrity checks on the posts (乡村公益性岗位专项整治), each producing findings with evidence.

Each check reads the ledger for a region and returns what it found as
:class:`fangfan.quality.services.Detected`; :func:`run` hands them to the
quality app, which keeps one finding per problem and the reviewer's verdict.

- 优亲厚友: a holder is a member of a serving village cadre's household.
- 轮流坐庄: within the window, a post left a household and came back to it.
- 一人多岗: one person on two posts at the same time.
- 一户多岗: a household holding more posts at once than the rule allows.
- 吃空饷: a 全日制 holder with a concurrent 省内县外 or 省外 employment spell.
- 拖欠补贴: a month's subsidy not paid in full by the deadline.
- 向未聘人员发放: a payment for a month in which the person was not appointed to that post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from fangfan.core.masking import mask_id_number
from fangfan.core.money import yuan
from fangfan.core.months import month_end
from fangfan.employment.models import MIGRANT_AREAS, Employment, Source
from fangfan.quality import services as quality
from fangfan.quality.services import Detected, SyncResult
from fangfan.regions.models import Region

from . import rules
from .models import PostAppointment, PostAttendance, PostPayment, PostRule, VillageCadre, WorkTime


def _d(day: dt.date | None) -> str:
    return f"{day:%Y年%m月%d日}" if day else "至今"


def _span(a: PostAppointment) -> str:
    return f"{_d(a.start)}—{_d(a.exited_on)}"


def _overlap(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def _within(region: Region | None, *codes: str) -> str:
    """The first of the codes inside the region checked (a finding belongs where the check ran)."""
    return next((c for c in codes if region is None or region.contains(c)), codes[0])


def _appointments(region: Region | None):
    return PostAppointment.objects.in_region(region).select_related("post", "person", "person__household")


def favouritism(region: Region | None, today: dt.date) -> list[Detected]:
    held = _appointments(region).filter(person__household__isnull=False)
    cadres = VillageCadre.objects.filter(household__in=held.values("person__household")).select_related(
        "household"
    )
    by_household: dict[int, list[VillageCadre]] = defaultdict(list)
    for cadre in cadres:
        by_household[cadre.household_id].append(cadre)  # type: ignore[index]
    found = []
    for a in held.filter(person__household_id__in=list(by_household)):
        for cadre in by_household[a.person.household_id]:
            if not _overlap(a.start, a.exited_on, cadre.term_start, cadre.term_end):
                continue
            relation = (
                "本人"
                if cadre.id_number == a.person.id_number
                else a.person.get_relation_to_head_display() or "家庭成员"
            )
            found.append(
                Detected(
                    key=f"cadre:{cadre.pk}|appointment:{a.pk}",
                    region_id=a.post.village_id,
                    subject=a,
                    person=a.person,
                    summary=f"{a.person.name}任{a.post.name}，与村干部{cadre.name}（{cadre.position}）同户",
                    evidence_text=(
                        f"岗位：{a.post.name}（{a.post.get_work_time_display()}），聘任期{_span(a)}。\n"
                        f"岗位人员：{a.person.name}，身份证号{mask_id_number(a.person.id_number)}，"
                        f"户编号{a.person.household.number}，与户主关系：{relation}。\n"
                        f"村干部：{cadre.name}，{cadre.position}，任职{_d(cadre.term_start)}—{_d(cadre.term_end)}，"
                        f"登记在同一户（户编号{cadre.household.number}）。"  # type: ignore[union-attr]
                    ),
                    evidence={
                        "appointment": a.pk,
                        "cadre": cadre.pk,
                        "household": cadre.household_id,
                        "position": cadre.position,
                    },
                )
            )
    return found


def rotation(region: Region | None, today: dt.date) -> list[Detected]:
    rules_by_post: dict[int, PostRule] = {}
    by_post: dict[int, list[PostAppointment]] = defaultdict(list)
    for a in _appointments(region).order_by("post_id", "start", "id"):
        by_post[a.post_id].append(a)
    found = []
    for post_id, items in by_post.items():
        post = items[0].post
        rule = rules_by_post.setdefault(post_id, PostRule.objects.for_region(post.village))
        since = rules.add_months(today, -12 * rule.rotation_window_years)
        window = [a for a in items if a.exited_on is None or a.exited_on >= since]
        sequence: list[tuple[str, list[PostAppointment]]] = []
        for a in window:
            home = f"h{a.person.household_id}" if a.person.household_id else f"p{a.person_id}"
            if sequence and sequence[-1][0] == home:
                sequence[-1][1].append(a)
            else:
                sequence.append((home, [a]))
        homes = [h for h, _ in sequence]
        returned = sorted({h for i, h in enumerate(homes) if h in homes[:i]})
        if not returned:
            continue
        lines = []
        for _, turn in sequence:
            a = turn[0]
            house = a.person.household.number if a.person.household else "无户"
            names = "、".join(t.person.name for t in turn)
            lines.append(f"{_d(turn[0].start)}—{_d(turn[-1].exited_on)}：{names}（户编号{house}）")
        found.append(
            Detected(
                key=f"post:{post_id}|homes:{','.join(returned)}",
                region_id=post.village_id,
                subject=post,
                summary=f"{post.name}在{len(set(homes))}户之间轮换{len(sequence)}次，岗位又回到原户",
                evidence_text=f"核查期{rule.rotation_window_years}年（{_d(since)}起）内该岗位的在岗人员依次为：\n"
                + "\n".join(lines),
                evidence={"post": post_id, "sequence": homes, "appointments": [a.pk for a in window]},
            )
        )
    return found


def two_posts(region: Region | None, today: dt.date) -> list[Detected]:
    by_person: dict[int, list[PostAppointment]] = defaultdict(list)
    people = _appointments(region).values("person")
    for a in (
        PostAppointment.objects.filter(person__in=people)
        .select_related("post", "person")
        .order_by("start", "id")
    ):
        by_person[a.person_id].append(a)
    found = []
    for items in by_person.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if not _overlap(a.start, a.exited_on, b.start, b.exited_on):
                    continue
                if region is not None and not (
                    region.contains(a.post.village_id) or region.contains(b.post.village_id)
                ):
                    continue
                found.append(
                    Detected(
                        key=f"appointments:{a.pk},{b.pk}",
                        region_id=_within(region, a.post.village_id, b.post.village_id),
                        subject=b,
                        person=a.person,
                        summary=f"{a.person.name}同时在{a.post.name}和{b.post.name}两个岗位在岗",
                        evidence_text=(
                            f"{a.person.name}（身份证号{mask_id_number(a.person.id_number)}）：\n"
                            f"{a.post.name}（{a.post.get_work_time_display()}），{_span(a)}；\n"
                            f"{b.post.name}（{b.post.get_work_time_display()}），{_span(b)}。\n"
                            f"两段聘任期有重叠。"
                        ),
                        evidence={"appointments": [a.pk, b.pk]},
                    )
                )
    return found


def _peak(items: list[PostAppointment]) -> tuple[int, list[PostAppointment]]:
    """The most appointments in force on one day, and which ones."""
    best: tuple[int, list[PostAppointment]] = (0, [])
    for a in items:
        together = [b for b in items if b.covers(a.start)]
        if len(together) > best[0]:
            best = (len(together), together)
    return best


def household_quota(region: Region | None, today: dt.date) -> list[Detected]:
    households = _appointments(region).filter(person__household__isnull=False).values("person__household")
    by_household: dict[int, list[PostAppointment]] = defaultdict(list)
    for a in (
        PostAppointment.objects.filter(person__household__in=households)
        .select_related("post", "person", "person__household")
        .order_by("start", "id")
    ):
        by_household[a.person.household_id].append(a)  # type: ignore[index]
    found = []
    for household_id, items in by_household.items():
        household = items[0].person.household
        assert household is not None
        rule = PostRule.objects.for_region(household.village)
        count, together = _peak(items)
        if count <= rule.posts_per_household:
            continue
        lines = [f"{a.person.name}：{a.post.name}，{_span(a)}" for a in together]
        found.append(
            Detected(
                key=f"household:{household_id}",
                region_id=_within(region, *(a.post.village_id for a in together), household.village_id),
                subject=household,
                person=together[0].person,
                summary=f"户编号{household.number}同时有{count}个岗位在岗，超过每户{rule.posts_per_household}个的规定",
                evidence_text=f"户编号{household.number}在{_d(max(a.start for a in together))}同时在岗的岗位：\n"
                + "\n".join(lines),
                evidence={
                    "household": household_id,
                    "appointments": [a.pk for a in together],
                    "allowed": rule.posts_per_household,
                },
            )
        )
    return found


def ghost(region: Region | None, today: dt.date) -> list[Detected]:
    full = list(_appointments(region).filter(post__work_time=WorkTime.FULL))
    spells: dict[int, list[Employment]] = defaultdict(list)
    for spell in (
        Employment.objects.filter(person__in=[a.person_id for a in full], work_area__in=MIGRANT_AREAS)
        .exclude(source=Source.PUBLIC_POST)
        .select_related("destination_province", "destination_city")
    ):
        spells[spell.person_id].append(spell)
    found = []
    for a in full:
        for spell in spells[a.person_id]:
            if not _overlap(a.start, a.exited_on, spell.start, spell.end):
                continue
            first = max(a.start, spell.start)
            ends = [d for d in (a.exited_on, spell.end) if d]
            last = min(ends) if ends else None
            where = "".join(r.name for r in (spell.destination_province, spell.destination_city) if r)
            found.append(
                Detected(
                    key=f"appointment:{a.pk}|spell:{spell.pk}",
                    region_id=a.post.village_id,
                    subject=a,
                    person=a.person,
                    summary=f"{a.person.name}在全日制岗位{a.post.name}期间{spell.get_work_area_display()}务工",
                    evidence_text=(
                        f"全日制岗位：{a.post.name}，聘任期{_span(a)}。\n"
                        f"同期务工记录：{spell.employer}（{spell.get_work_area_display()}{'，' + where if where else ''}），"
                        f"{_d(spell.start)}—{_d(spell.end)}，来源：{spell.get_source_display()}。\n"
                        f"重叠期间：{_d(first)}—{_d(last)}。"
                    ),
                    evidence={"appointment": a.pk, "spell": spell.pk, "work_area": spell.work_area},
                )
            )
    return found


def arrears(region: Region | None, today: dt.date) -> list[Detected]:
    found = []
    records = (
        PostAttendance.objects.in_region(region)
        .annotate(paid=Sum("payments__amount"))
        .select_related("appointment__post__village", "appointment__person")
    )
    cache: dict[str, PostRule] = {}
    for record in records:
        paid = record.paid or Decimal(0)
        if paid >= record.due:
            continue
        post = record.appointment.post
        rule = cache.setdefault(post.village_id, PostRule.objects.for_region(post.village))
        limit = rules.pay_deadline(record.month, rule)
        if today <= limit:
            continue
        late = (today - limit).days
        person = record.appointment.person
        found.append(
            Detected(
                key=f"attendance:{record.pk}",
                region_id=post.village_id,
                subject=record.appointment,
                person=person,
                summary=f"{person.name}{record.month:%Y年%m月}岗位补贴逾期{late}天未足额发放",
                evidence_text=(
                    f"{post.name}，{record.month:%Y年%m月}：{record.explanation}；已发{yuan(paid)}元，"
                    f"未发{yuan(record.due - paid)}元。\n发放期限{_d(limit)}，截至{_d(today)}已逾期{late}天。"
                ),
                evidence={
                    "attendance": record.pk,
                    "due": str(record.due),
                    "paid": str(paid),
                    "days_late": late,
                },
            )
        )
    return found


def unappointed_payment(region: Region | None, today: dt.date) -> list[Detected]:
    payments = list(PostPayment.objects.in_region(region).select_related("post", "person"))
    appointments: dict[tuple[int, str], list[PostAppointment]] = defaultdict(list)
    for a in PostAppointment.objects.filter(post__in={p.post_id for p in payments}).select_related("person"):
        appointments[(a.post_id, a.person.id_number)].append(a)
    found = []
    for p in payments:
        last = month_end(p.month)
        held = appointments[(p.post_id, p.id_number)]
        if any(a.overlaps(p.month, last) for a in held):
            continue
        history = "；".join(_span(a) for a in held) or "从未在该岗位聘任"
        found.append(
            Detected(
                key=f"payment:{p.pk}",
                region_id=p.post.village_id,
                subject=p.post,
                person=p.person,
                summary=f"向{p.name}发放{p.post.name}{p.month:%Y年%m月}补贴，但其当月未在该岗位聘任",
                evidence_text=(
                    f"发放记录：{p.name}（身份证号{mask_id_number(p.id_number)}），{p.post.name}，"
                    f"{p.month:%Y年%m月}补贴{yuan(p.amount)}元，{_d(p.paid_on)}发放（{p.get_source_display()}）。\n"
                    f"该人员在该岗位的聘任：{history}。"
                ),
                evidence={"payment": p.pk, "amount": str(p.amount), "month": p.month.isoformat()},
            )
        )
    return found


CHECKS: dict[str, Callable[[Region | None, dt.date], list[Detected]]] = {
    "posts.favouritism": favouritism,
    "posts.rotation": rotation,
    "posts.two_posts": two_posts,
    "posts.household_quota": household_quota,
    "posts.ghost": ghost,
    "posts.arrears": arrears,
    "posts.unappointed_payment": unappointed_payment,
}


def run(
    actor: Any, region: Region | None, today: dt.date, kinds: Iterable[str] | None = None
) -> dict[str, SyncResult]:
    """Run the checks for a region and record their findings (idempotent)."""
    return {
        kind: quality.sync(actor, kind, region, CHECKS[kind](region, today)) for kind in (kinds or CHECKS)
    }
