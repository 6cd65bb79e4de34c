"""Completeness and timeliness of the sub-regions' reports, the reminder list, the ranking,
and the deadlines page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from fangfan.accounts.policy import require
from fangfan.regions.codes import Level

from .. import definitions
from ..definitions import QUARTERS, Period
from ..timeliness import (
    RANK_KEYS,
    Timeliness,
    list_entries,
    quarter_entries,
    ranking,
    reminders,
    summary_entries,
)
from .common import region_or_404


def timeliness(request, code: str, year: int):
    require(request, "reports.view")
    region = region_or_404(request, code)
    if region.level_enum not in (Level.PROVINCE, Level.CITY):
        raise Http404("及时性统计按市或省查看")
    today = timezone.localdate()
    try:
        quarter = int(
            request.GET.get("quarter", Period.containing(today).quarter if year == today.year else 4)
        )
        period = Period(year, quarter)
    except ValueError:
        raise Http404("季度不正确") from None
    order = request.GET.get("order", "on_time")
    entries = quarter_entries(region, period, today)
    counts = {state: sum(1 for e in entries if e.state == state) for state in Timeliness}
    return render(
        request,
        "reports/timeliness.html",
        {
            "region": region,
            "child_header": definitions.row_header(Level(region.level + 1)),
            "year": year,
            "period": period,
            "quarters": QUARTERS,
            "entries": entries,
            "counts": counts,
            "lists": list_entries(region, period, today),
            "states": Timeliness,
            "summaries": summary_entries(region, year, today),
            "ranking": ranking(region, year, today, order),
            "order": order if order in RANK_KEYS else "on_time",
            "reminders": reminders(region, year, today),
            "today": today,
        },
    )
