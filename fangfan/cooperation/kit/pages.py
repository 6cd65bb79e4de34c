"""The statistical period every instrument page picks (year, quarter or month), and the overview page
each instrument app opens with: its figures for a region and that period."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.core import figures as named_figures
from fangfan.regions.picker import visible_region

FIRST_YEAR = 2021


@dataclass(frozen=True)
class Period:
    """A year, one of its quarters or one of its months; a period that is still running ends today."""

    first: dt.date
    last: dt.date
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def label(self) -> str:
        if self.month:
            return f"{self.year}年{self.month}月"
        if self.quarter:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"

    @property
    def years(self) -> list[int]:
        return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))

    @property
    def quarters(self) -> list[int]:
        return [1, 2, 3, 4]

    @property
    def months(self) -> list[int]:
        return list(range(1, 13))


def _number(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def period(request: Any) -> Period:
    """The period asked for in ``year``, ``quarter`` (1–4) and ``month`` (1–12; it wins over a quarter):
    by default this year to date. A period not yet begun falls back to its year."""
    today = timezone.localdate()
    year = _number(request.GET.get("year"), FIRST_YEAR, today.year) or today.year
    month = _number(request.GET.get("month"), 1, 12)
    quarter = None if month else _number(request.GET.get("quarter"), 1, 4)
    if month:
        first = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
    elif quarter:
        first = dt.date(year, quarter * 3 - 2, 1)
        end = dt.date(year, quarter * 3, calendar.monthrange(year, quarter * 3)[1])
    else:
        first, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if first > today:
        return Period(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today), year)
    return Period(first, min(end, today), year, quarter, month)


def period_context(request: Any) -> dict[str, Any]:
    """What an instrument page's figures and its period picker (``cooperation/_period.html``) need."""
    chosen = period(request)
    return {"period": chosen, "first": chosen.first, "last": chosen.last}


def overview(
    request: Any,
    *,
    capability: str,
    figures: tuple[tuple[str, str], ...],
    template: str,
    extra: dict[str, Any] | None = None,
) -> Any:
    """Figures of the chosen region and period. Each value is the count of exactly the records its
    drill-down lists: the instrument's region decides, as in the quarterly report, whoever looks."""
    policy = ScopePolicy.of(request.user)
    policy.require(capability)
    region = visible_region(request.user, request.GET.get("region")) or policy.region
    chosen = period(request)
    first, last = chosen.first, chosen.last
    items = []
    for key, list_name in figures:
        if region is None:
            break
        item = named_figures.get(key)
        items.append(
            {
                "key": key,
                "label": item.label,
                "unit": item.unit,
                "value": item.value(region, first, last),
                "url": item.url(region, first, last),
                "list_url": f"{reverse(list_name)}?region={region.code}",
            }
        )
    return render(
        request,
        template,
        {
            "region": region,
            "period": chosen,
            "first": first,
            "last": last,
            "items": items,
            **(extra or {}),
        },
    )
