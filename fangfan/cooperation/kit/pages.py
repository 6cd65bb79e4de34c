"""The overview page each instrument app opens with: its figures for a region, year to date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.core import figures as named_figures
from fangfan.regions.picker import visible_region


def period(request: Any) -> tuple[dt.date, dt.date, int]:
    """The year asked for (default this year), from 1 January to its end or today."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    last = today if year == today.year else dt.date(year, 12, 31)
    return dt.date(year, 1, 1), last, year


def overview(
    request: Any,
    *,
    capability: str,
    figures: tuple[tuple[str, str], ...],
    template: str,
    extra: dict[str, Any] | None = None,
) -> Any:
    """Figures of the chosen region, year to date. Each value is counted from the same
    (scoped) records its drill-down lists, and its register opens beside it."""
    policy = ScopePolicy.of(request.user)
    policy.require(capability)
    region = visible_region(request.user, request.GET.get("region")) or policy.region
    first, last, year = period(request)
    items = []
    for key, list_name in figures:
        if region is None:
            break
        item = named_figures.get(key)
        qs = item.queryset(region, first, last)
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(request.user)
        items.append(
            {
                "key": key,
                "label": item.label,
                "unit": item.unit,
                "value": qs.count(),
                "url": item.url(region, first, last),
                "list_url": f"{reverse(list_name)}?region={region.code}",
            }
        )
    return render(
        request,
        template,
        {
            "region": region,
            "first": first,
            "last": last,
            "year": year,
            "years": list(range(timezone.localdate().year, 2021, -1)),
            "items": items,
            **(extra or {}),
        },
    )
