"""The indicators of a region and a month, read from the rollups (one indexed query each).

* 务工规模 ``employed``; 外出 ``migrant`` = 省外 + 省内县外; 就近 ``local`` = 县内; ``organised``.
* 务工收入 ``income`` (yuan, the month's total) and ``avg_income`` = income ÷ employed.
* 同比 ``yoy``: against the same month a year before; 环比 ``mom``: against the month before.
* 季节调整环比 ``mom_seasonal``: this month's mom minus the mom of the same month last year,
  in percentage points, so that the Spring Festival return home in February is compared with
  last February's, not taken for a fall. When last year's mom is unknown it is the plain mom.
* ``inflow``: people of other provinces in work here.

Changes are percentages with one decimal, None when the base is zero; ``as_json`` gives yoy, mom and
the seasonal mom of every indicator in ``CHANGES`` (省外, 省内县外 and organised included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fangfan.employment.models import ROLLUP_MEASURES, MonthlyRollup
from fangfan.employment.rules import add_months, month_bounds
from fangfan.regions.models import Region

ONE = Decimal("0.1")
CHANGES = (
    "employed",
    "migrant",
    "out_of_province",
    "in_province",
    "local",
    "organised",
    "income",
    "avg_income",
    "inflow",
)


@dataclass(frozen=True)
class Snapshot:
    month: dt.date
    employed: int = 0
    local: int = 0
    in_province: int = 0
    out_of_province: int = 0
    organised: int = 0
    income: int = 0
    inflow: int = 0

    @property
    def migrant(self) -> int:
        return self.in_province + self.out_of_province

    @property
    def avg_income(self) -> Decimal | None:
        if not self.employed:
            return None
        return (Decimal(self.income) / self.employed).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def value(self, indicator: str) -> Decimal:
        if indicator == "avg_income":
            return self.avg_income or Decimal(0)
        return Decimal(getattr(self, indicator))

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month.strftime("%Y-%m"),
            **{m: getattr(self, m) for m in ROLLUP_MEASURES},
            "migrant": self.migrant,
            "avg_income": str(self.avg_income) if self.avg_income is not None else None,
        }


def change(now: Decimal | int | None, base: Decimal | int | None) -> Decimal | None:
    """Percentage change, one decimal; None without a base."""
    if now is None or not base:
        return None
    return ((Decimal(now) - Decimal(base)) * 100 / Decimal(base)).quantize(ONE, rounding=ROUND_HALF_UP)


def seasonal(mom: Decimal | None, last_year_mom: Decimal | None) -> Decimal | None:
    if mom is None:
        return None
    return mom if last_year_mom is None else mom - last_year_mom


def snapshots(region: Region, months: list[dt.date]) -> dict[dt.date, Snapshot]:
    rows = MonthlyRollup.objects.filter(region=region, month__in=months).values("month", *ROLLUP_MEASURES)
    found = {r["month"]: Snapshot(**r) for r in rows}
    return {m: found.get(m, Snapshot(m)) for m in months}


def series(region: Region, last: dt.date, count: int) -> list[Snapshot]:
    """``count`` months ending with ``last``, oldest first, zeros where nothing was recorded."""
    first = add_months(last, -(count - 1))
    rows = MonthlyRollup.objects.filter(region=region, month__gte=first, month__lte=last).values(
        "month", *ROLLUP_MEASURES
    )
    found = {r["month"]: Snapshot(**r) for r in rows}
    return [found.get(m, Snapshot(m)) for m in (add_months(first, i) for i in range(count))]


@dataclass(frozen=True)
class Indicators:
    region: Region
    month: dt.date
    now: Snapshot
    previous: Snapshot
    last_year: Snapshot
    last_year_previous: Snapshot

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return month_bounds(self.month.year, self.month.month)

    def yoy(self, indicator: str) -> Decimal | None:
        return change(self.now.value(indicator), self.last_year.value(indicator))

    def mom(self, indicator: str) -> Decimal | None:
        return change(self.now.value(indicator), self.previous.value(indicator))

    def mom_last_year(self, indicator: str) -> Decimal | None:
        return change(self.last_year.value(indicator), self.last_year_previous.value(indicator))

    def mom_seasonal(self, indicator: str) -> Decimal | None:
        return seasonal(self.mom(indicator), self.mom_last_year(indicator))

    def as_json(self) -> dict[str, Any]:
        def pct(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "region": {"code": self.region.code, "name": self.region.name, "level": self.region.level},
            "month": self.month.strftime("%Y-%m"),
            "employed": self.now.employed,
            "migrant": self.now.migrant,
            "out_of_province": self.now.out_of_province,
            "in_province": self.now.in_province,
            "local": self.now.local,
            "organised": self.now.organised,
            "income": self.now.income,
            "avg_income": pct(self.now.avg_income),
            "inflow": self.now.inflow,
            "yoy": {i: pct(self.yoy(i)) for i in CHANGES},
            "mom": {i: pct(self.mom(i)) for i in CHANGES},
            "mom_seasonal": {i: pct(self.mom_seasonal(i)) for i in CHANGES},
            "previous_month": self.previous.as_json(),
            "same_month_last_year": self.last_year.as_json(),
        }


def indicators(region: Region, month: dt.date) -> Indicators:
    months = [month, add_months(month, -1), add_months(month, -12), add_months(month, -13)]
    found = snapshots(region, months)
    return Indicators(region, month, *(found[m] for m in months))


def children(region: Region, month: dt.date) -> list[tuple[Region, Indicators]]:
    """The sub-regions (cities of a province, counties of a city…) with their indicators."""
    subs = list(Region.objects.filter(parent=region).order_by("code"))
    months = [month, add_months(month, -1), add_months(month, -12), add_months(month, -13)]
    rows = MonthlyRollup.objects.filter(region__in=subs, month__in=months).values(
        "region_id", "month", *ROLLUP_MEASURES
    )
    found: dict[tuple[str, dt.date], Snapshot] = {}
    for row in rows:
        code = row.pop("region_id")
        found[(code, row["month"])] = Snapshot(**row)
    return [
        (sub, Indicators(sub, month, *(found.get((sub.code, m), Snapshot(m)) for m in months)))
        for sub in subs
    ]
