"""The employment of resettled people, counted with the ledger's rule.

A resident is employed in a period when one of their employment spells is
active on a day of the period on which they lived at the site (the counting
rule of ``fangfan/employment/rules.py``, restricted to the time of residence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q, month_bounds

from .models import RelocationSite, SiteResident


def employed_while_resident(first: dt.date, last: dt.date) -> Exists:
    """For a SiteResident queryset: a spell active in [first, last] while the person lived there."""
    spells = (
        Employment.objects.filter(active_between_q(first, last), person=OuterRef("person"))
        .filter(Q(end__isnull=True) | Q(end__gte=OuterRef("moved_in_on")))
        .filter(start__lte=Coalesce(OuterRef("moved_out_on"), Value(last)))
    )
    return Exists(spells)


def labourers_resident(qs: Any, first: dt.date, last: dt.date) -> Any:
    """Residents during the period who are labourers and still in the ledger at its start."""
    return (
        qs.resident_between(first, last)
        .filter(person__is_labourer=True)
        .filter(Q(person__left_on__isnull=True) | Q(person__left_on__gte=first))
    )


@dataclass(frozen=True)
class Rate:
    year: int
    month: int
    residents: int
    employed: int

    @property
    def percent(self) -> Decimal | None:
        if not self.residents:
            return None
        return (Decimal(self.employed) * 100 / self.residents).quantize(Decimal("0.1"))

    @property
    def text(self) -> str:
        when = f"{self.year}年{self.month}月"
        if not self.residents:
            return f"{when}：没有在住的搬迁劳动力，不计算就业率。"
        return (
            f"{when}：在住搬迁劳动力{self.residents}人，其中当月有在岗务工记录{self.employed}人"
            f"（按务工计数规则，一人多份工作只计1人），就业率{self.employed}÷{self.residents}={self.percent}%。"
        )


def month_rate(site: RelocationSite, year: int, month: int) -> Rate:
    first, last = month_bounds(year, month)
    qs = labourers_resident(SiteResident.objects.filter(site=site), first, last)
    return Rate(year, month, qs.count(), qs.filter(employed_while_resident(first, last)).count())


def months_back(year: int, month: int, count: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def trend(site: RelocationSite, year: int, month: int, count: int = 12) -> list[Rate]:
    return [month_rate(site, y, m) for y, m in months_back(year, month, count)]


@dataclass(frozen=True)
class ZeroHousehold:
    number: str
    household_id: int
    labourers: list[Any]


def zero_employment_households(site: RelocationSite, year: int, month: int) -> list[ZeroHousehold]:
    """搬迁家庭中有劳动力、但当月在住的劳动力无一人务工的家庭（零就业家庭）。"""
    first, last = month_bounds(year, month)
    rows = (
        labourers_resident(SiteResident.objects.filter(site=site), first, last)
        .filter(person__household__isnull=False)
        .annotate(employed=employed_while_resident(first, last))
        .select_related("person", "person__household")
    )
    households: dict[int, list[Any]] = {}
    employed: set[int] = set()
    for row in rows:
        household = row.person.household
        households.setdefault(household.pk, []).append(row.person)
        if row.employed:
            employed.add(household.pk)
    return [
        ZeroHousehold(people[0].household.number, pk, people)
        for pk, people in sorted(households.items())
        if pk not in employed
    ]
