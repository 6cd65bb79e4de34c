"""The workshop rules, each returning its result with the reasoning in words.

- Certification (认定): enough 脱贫 (incl. monitored) workers, each with accident
  insurance of at least the minimum premium; a base (基地) needs enough of them
  on contracts of the minimum length.
- Monthly evaluation (动态管理): below standard for N months in a row → 调整一批;
  a workshop meeting the base standard → 升级一批; recently certified → 新建一批;
  otherwise → 扶持一批.
- Tiered awards (阶梯性奖补): per worker with wages paid in enough months and enough
  wages paid in all (from the wage ledger, 工资发放), and for bases a lump sum by the
  number of such workers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fangfan.core.money import yuan
from fangfan.employment.rules import month_bounds

from .models import AwardTier, AwardTierKind, Track, Workshop, WorkshopRule, WorkshopWage, WorkshopWorker


@dataclass
class Check:
    ok: bool
    count: int
    required: int
    text: str


def _workers(workshop: Workshop, first: dt.date, last: dt.date) -> list[WorkshopWorker]:
    return list(workshop.workers.active_between(first, last).select_related("person"))


def _insured(worker: WorkshopWorker, rule: WorkshopRule) -> bool:
    return bool(
        worker.insured
        and worker.insurance_premium is not None
        and worker.insurance_premium >= rule.min_insurance_premium
    )


def workshop_standard(
    workshop: Workshop,
    first: dt.date,
    last: dt.date,
    rule: WorkshopRule,
    workers: list[WorkshopWorker] | None = None,
) -> Check:
    """车间认定标准: at least ``min_poverty_workers`` insured 脱贫 workers in [first, last]."""
    workers = _workers(workshop, first, last) if workers is None else workers
    people = {w.person_id for w in workers}
    insured = {w.person_id for w in workers if _insured(w, rule)}
    ok = len(insured) >= rule.min_poverty_workers
    text = (
        f"在岗脱贫人口（含监测对象）{len(people)}人，其中参加意外伤害保险且保费≥{yuan(rule.min_insurance_premium)}元/人/月的"
        f"{len(insured)}人，{'≥' if ok else '<'}车间认定标准{rule.min_poverty_workers}人：{'达标' if ok else '不达标'}"
    )
    return Check(ok, len(insured), rule.min_poverty_workers, text)


def base_standard(
    workshop: Workshop,
    first: dt.date,
    last: dt.date,
    rule: WorkshopRule,
    workers: list[WorkshopWorker] | None = None,
) -> Check:
    """基地认定标准: at least ``base_min_workers`` insured 脱贫 workers on contracts of ``base_contract_months``."""
    workers = _workers(workshop, first, last) if workers is None else workers
    counted = {
        w.person_id
        for w in workers
        if _insured(w, rule) and (w.contract_months or 0) >= rule.base_contract_months
    }
    ok = len(counted) >= rule.base_min_workers
    text = (
        f"签订{rule.base_contract_months}个月及以上劳动合同并参保的脱贫人口{len(counted)}人，"
        f"{'≥' if ok else '<'}基地认定标准{rule.base_min_workers}人：{'达标' if ok else '不达标'}"
    )
    return Check(ok, len(counted), rule.base_min_workers, text)


def standard(workshop: Workshop, first: dt.date, last: dt.date, rule: WorkshopRule) -> Check:
    """The standard a workshop is held to: the base standard for a base, the workshop standard otherwise."""
    check = base_standard if workshop.is_base else workshop_standard
    return check(workshop, first, last, rule)


def previous_month(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


@dataclass
class Evaluation:
    year: int
    month: int
    track: str
    meets_standard: bool
    meets_base_standard: bool
    qualifying: int
    explanation: str


def evaluate(workshop: Workshop, year: int, month: int, rule: WorkshopRule) -> Evaluation:
    """Place a certified workshop on a track for the month; the explanation says why."""
    first, last = month_bounds(year, month)
    current = standard(workshop, first, last, rule)
    base = current if workshop.is_base else base_standard(workshop, first, last, rule)
    lines = [f"{year}年{month}月：{current.text}。"]
    below = 0
    for back in range(rule.adjust_after_months):
        y, m = previous_month(year, month, back)
        m_first, m_last = month_bounds(y, m)
        if workshop.certified_on is None or m_last < workshop.certified_on:
            break
        check = current if back == 0 else standard(workshop, m_first, m_last, rule)
        if check.ok:
            break
        below += 1
    since = (
        (year * 12 + month) - (workshop.certified_on.year * 12 + workshop.certified_on.month)
        if workshop.certified_on
        else 0
    )
    if below >= rule.adjust_after_months:
        track = Track.ADJUST
        lines.append(
            f"已连续{below}个月未达到认定标准（满{rule.adjust_after_months}个月列入调整一批）→ 调整一批。"
        )
    elif not workshop.is_base and base.ok:
        track = Track.UPGRADE
        lines.append(f"{base.text}，可认定为就业帮扶基地 → 升级一批。")
    elif current.ok and since < rule.new_months:
        track = Track.NEW
        lines.append(f"认定第{since + 1}个月（{rule.new_months}个月内）且达标 → 新建一批。")
    elif current.ok:
        track = Track.SUPPORT
        lines.append("达标，继续扶持 → 扶持一批。")
    else:
        track = Track.SUPPORT
        lines.append(
            f"未达标，已连续{below}个月（满{rule.adjust_after_months}个月列入调整一批），重点扶持 → 扶持一批。"
        )
    return Evaluation(year, month, track, current.ok, base.ok, current.count, "".join(lines))


@dataclass
class AwardResult:
    amount: Decimal
    explanation: str
    details: dict[str, Any] = field(default_factory=dict)


def _tier_text(tier: AwardTier) -> str:
    return f"满{tier.min_months}个月且工资≥{yuan(tier.min_wages)}元"


@dataclass
class Paid:
    """What one worker was paid in the period, from the wage ledger (工资发放)."""

    name: str
    months: set[dt.date] = field(default_factory=set)
    total: Decimal = Decimal(0)

    def meets(self, tier: AwardTier) -> bool:
        return len(self.months) >= tier.min_months and self.total >= tier.min_wages

    @property
    def text(self) -> str:
        return f"{self.name}（发放{len(self.months)}个月，实发{yuan(self.total)}元）"


def paid_in(workshop: Workshop, first: dt.date, last: dt.date) -> dict[int, Paid]:
    """Per person on the job in [first, last]: the months in the period with wages paid, and the sum paid."""
    people = {w.person_id: Paid(w.person.name) for w in _workers(workshop, first, last)}
    wages = WorkshopWage.objects.filter(
        worker__workshop=workshop, month__gte=first.replace(day=1), month__lte=last
    ).values_list("worker__person_id", "worker__person__name", "month", "amount")
    for person_id, name, month, amount in wages:
        paid = people.setdefault(person_id, Paid(name))
        paid.months.add(month)
        paid.total += amount
    return people


def compute_award(workshop: Workshop, first: dt.date, last: dt.date, tiers: list[AwardTier]) -> AwardResult:
    """阶梯性奖补 for [first, last], from the wages actually paid: a worker's months are the months of the
    period with wages paid, their wages the sum paid for those months. A worker meeting several
    per-worker tiers gets the highest; a base gets the highest base tier its number of such workers meets."""
    paid = paid_in(workshop, first, last)
    per_worker = sorted(
        (t for t in tiers if t.kind == AwardTierKind.PER_WORKER), key=lambda t: t.amount, reverse=True
    )
    rows = []
    by_tier: dict[int, list[int]] = defaultdict(list)
    missed = []
    for pid in sorted(paid, key=lambda p: (paid[p].name, p)):
        worker = paid[pid]
        tier_index = next((i for i, t in enumerate(per_worker) if worker.meets(t)), None)
        if tier_index is None:
            missed.append(worker.text)
        else:
            by_tier[tier_index].append(pid)
        rows.append(
            {
                "person": pid,
                "name": worker.name,
                "months": len(worker.months),
                "wages": str(worker.total),
                "award": str(per_worker[tier_index].amount) if tier_index is not None else "0",
            }
        )
    lines = ["按工资发放台账计算：务工月数为统计期间内发放了工资的月数，工资为这些月份的实发工资之和。"]
    total = Decimal(0)
    for i, tier in enumerate(per_worker):
        count = len(by_tier[i])
        subtotal = tier.amount * count
        total += subtotal
        names = "、".join(paid[p].text for p in by_tier[i])
        lines.append(
            f"{count} 人{_tier_text(tier)} × {yuan(tier.amount)}元 = {yuan(subtotal)}元"
            + (f"：{names}" if names else "")
        )
    if missed:
        lines.append(f"未达到奖补条件：{'、'.join(missed)}")
    if workshop.is_base:
        base_tiers = sorted(
            (t for t in tiers if t.kind == AwardTierKind.BASE), key=lambda t: t.amount, reverse=True
        )
        met = None
        for tier in base_tiers:
            count = sum(1 for worker in paid.values() if worker.meets(tier))
            if count >= tier.min_workers:
                met = (tier, count)
                break
        if met:
            tier, count = met
            total += tier.amount
            lines.append(
                f"基地吸纳{_tier_text(tier)}的脱贫人口{count}人（{tier.min_workers}人及以上档）：{yuan(tier.amount)}元"
            )
        elif base_tiers:
            lowest = min(base_tiers, key=lambda t: t.min_workers)
            lines.append(f"基地吸纳人数未达到最低档（{lowest.min_workers}人），不享受基地奖补")
    lines.append(f"合计 {yuan(total)}元")
    return AwardResult(total, "\n".join(lines), {"workers": rows})
