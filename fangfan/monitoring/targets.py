"""Progress against a year's targets, and the pace expected by a given month.

Progress is the month's value of the indicator over the target. The **expected pace**
runs in a straight line from the value of December of the year before (the base) to
the target in December: expected(m) = base + (target − base) × m ÷ 12. A region already
at or above its target must hold it: expected = target. A region is **behind pace** when
its value is below the expected value by more than the rule's tolerance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fangfan.regions.models import Region

from .indicators import snapshots
from .models import Indicator, MonitoringRule, Target


@dataclass(frozen=True)
class Progress:
    target: Target
    month: dt.date
    value: Decimal
    base: Decimal
    expected: Decimal
    tolerance: Decimal

    @property
    def percent(self) -> Decimal:
        if not self.target.value:
            return Decimal(0)
        return (self.value * 100 / self.target.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def expected_percent(self) -> Decimal:
        if not self.target.value:
            return Decimal(0)
        return (self.expected * 100 / self.target.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def behind(self) -> bool:
        return self.value < self.expected * (1 - Decimal(self.tolerance) / 100)

    def as_json(self) -> dict[str, Any]:
        return {
            "indicator": self.target.indicator,
            "label": self.target.get_indicator_display(),
            "unit": self.target.unit,
            "target": self.target.value,
            "value": str(self.value),
            "percent": str(self.percent),
            "expected": str(self.expected.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
            "expected_percent": str(self.expected_percent),
            "behind": self.behind,
        }


def expected(base: Decimal, target: Decimal, month: int) -> Decimal:
    if base >= target:
        return target
    return base + (target - base) * month / 12


def progress(target: Target, month: dt.date, rule: MonitoringRule | None = None) -> Progress:
    rule = rule or MonitoringRule.objects.for_region(target.region)
    december = dt.date(target.year - 1, 12, 1)
    found = snapshots(target.region, [month, december])
    value = found[month].value(target.indicator)
    base = found[december].value(target.indicator)
    goal = Decimal(target.value)
    return Progress(
        target=target,
        month=month,
        value=value,
        base=base,
        expected=expected(base, goal, month.month),
        tolerance=rule.pace_tolerance_pct,
    )


def progress_of(region: Region, month: dt.date) -> list[Progress]:
    targets = Target.objects.filter(region=region, year=month.year).select_related("region")
    order = list(Indicator.values)
    rule = MonitoringRule.objects.for_region(region)
    return [progress(t, month, rule) for t in sorted(targets, key=lambda t: order.index(t.indicator))]
