from __future__ import annotations

import datetime as dt

from django.http import Http404

from fangfan.accounts.policy import ScopePolicy
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region


def policy(request, capability: str) -> ScopePolicy:
    found = ScopePolicy.of(request.user)
    found.require(capability)
    return found


def chosen_region(request) -> Region | None:
    """The region in ?region= (inside the scope, else 404), or the user's own."""
    code = request.GET.get("region")
    if code:
        region = visible_region(request.user, code)
        if region is None:
            raise Http404("该区域不在您的管辖范围内")
        return region
    return ScopePolicy.of(request.user).region


def chosen_month(request, default_offset: int = -1) -> dt.date:
    """?month=YYYY-MM, not later than the records; by default the last complete month."""
    through = ledger.horizon()
    raw = request.GET.get("month", "")
    try:
        month = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        month = add_months(ledger.current_month(), default_offset)
    return min(month, through)
