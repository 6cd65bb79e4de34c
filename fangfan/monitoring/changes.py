"""What lies behind a change (同比, 环比, 季节调整环比): no percentage without its names.

A change compares a month with its base: 同比 the same month a year before, 环比 the month
before; 季节调整环比 is this year's 环比 against last year's, so it compares two pairs. Each
month's value opens its own list (the figure of the indicator for that month), and each pair
names the people behind the movement of 务工规模: those in work in the month and not in its base
(新增, ``employment.gained_*``) and those in work in the base and not in the month (减少,
``employment.lost_*``). Their difference is the change of 务工规模, person for person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from fangfan.core import figures
from fangfan.employment.rules import add_months, month_bounds
from fangfan.regions.models import Region

from .indicators import change, snapshots

SAMPLE = 10

# indicator: (label, figure of one month, unit)
INDICATORS: dict[str, tuple[str, str, str]] = {
    "employed": ("务工规模", "employment.employed", "人"),
    "migrant": ("外出务工", "employment.migrant", "人"),
    "out_of_province": ("省外务工", "employment.out_of_province", "人"),
    "in_province": ("省内县外务工", "employment.in_province", "人"),
    "local": ("就近就业（县内）", "employment.local", "人"),
    "organised": ("有组织劳务输出", "employment.organised", "人"),
    "inflow": ("吸纳外省脱贫人口", "employment.inflow", "人"),
    "income": ("务工收入", "employment.income", "元"),
    "avg_income": ("人均月务工收入", "employment.income", "元"),
}
BASES = {"yoy": "同比", "mom": "环比", "seasonal": "季节调整环比"}


def change_url(region: Any, month: dt.date, indicator: str, basis: str) -> str:
    query = urlencode(
        {"region": region.code, "month": month.strftime("%Y-%m"), "indicator": indicator, "basis": basis}
    )
    return f"{reverse('monitoring:change')}?{query}"


def figure_url(key: str, region: Any, month: dt.date) -> str:
    return figures.get(key).url(region, *month_bounds(month.year, month.month))


@dataclass
class Side:
    """新增 or 减少 between a month and its base: how many, the list's address, the first names."""

    label: str
    key: str
    count: int = 0
    url: str = ""
    sample: list[Any] = field(default_factory=list)


@dataclass
class Pair:
    label: str
    month: dt.date
    base: dt.date
    value: Decimal
    base_value: Decimal
    url: str
    base_url: str
    employed: int
    base_employed: int
    employed_url: str
    base_employed_url: str
    sides: list[Side] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        return change(self.value, self.base_value)


def _sides(region: Region, month: dt.date, kind: str) -> list[Side]:
    first, last = month_bounds(month.year, month.month)
    found = []
    for label, key in (("新增", f"employment.gained_{kind}"), ("减少", f"employment.lost_{kind}")):
        figure = figures.get(key)
        people = figure.queryset(region, first, last)
        found.append(
            Side(
                label,
                key,
                people.count(),
                figure.url(region, first, last),
                list(people.order_by("pk")[:SAMPLE]),
            )
        )
    return found


def compare(region: Region, month: dt.date, indicator: str, basis: str) -> list[Pair]:
    """The pairs behind ``basis`` of ``indicator``: one for 同比 or 环比, two for 季节调整环比."""
    _, key, _ = INDICATORS[indicator]
    if basis == "yoy":
        wanted = [("本月与去年同月", month, add_months(month, -12), "yoy")]
    elif basis == "mom":
        wanted = [("本月与上月", month, add_months(month, -1), "mom")]
    else:
        last_year = add_months(month, -12)
        wanted = [
            ("本年：本月与上月", month, add_months(month, -1), "mom"),
            ("上年同期：去年同月与其上月", last_year, add_months(last_year, -1), "mom"),
        ]
    found = snapshots(region, sorted({m for _, now, base, _ in wanted for m in (now, base)}))
    pairs = []
    for label, now, base, kind in wanted:
        pair = Pair(
            label,
            now,
            base,
            found[now].value(indicator),
            found[base].value(indicator),
            figure_url(key, region, now),
            figure_url(key, region, base),
            found[now].employed,
            found[base].employed,
            figure_url("employment.employed", region, now),
            figure_url("employment.employed", region, base),
        )
        if indicator != "inflow":  # 新增/减少 are local labourers; inflow workers are counted apart
            pair.sides = _sides(region, now, kind)
        pairs.append(pair)
    return pairs


def seasonal_points(pairs: list[Pair]) -> Decimal | None:
    """季节调整环比: this year's 环比 minus last year's, in percentage points."""
    if len(pairs) != 2 or pairs[0].change is None:
        return None
    return pairs[0].change if pairs[1].change is None else pairs[0].change - pairs[1].change
