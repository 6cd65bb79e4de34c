from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from fangfan.employment import ledger
from fangfan.employment.rules import month_bounds

from .. import dashboard
from ..indicators import indicators
from ..models import OPEN_STATUSES, UNANSWERED, Alert
from .common import chosen_month, chosen_region, policy


def dashboard_view(request):
    found = policy(request, "monitoring.view")
    region = chosen_region(request)
    month = chosen_month(request)
    context: dict[str, Any] = {
        "region": region,
        "month": month,
        "months": dashboard.month_choices(ledger.horizon()),
        "can_import": found.can("employment.import"),
    }
    if region is not None:
        first, last = month_bounds(month.year, month.month)
        context |= {
            "ind": indicators(region, month),
            "first": first,
            "last": last,
            "data": dashboard.data(region, month),
            "can_targets": found.can("monitoring.targets"),
        }
    return render(request, "monitoring/dashboard.html", context)


def alert_counts(request):
    """The open and overdue alerts of a region: live counts, so the dashboard loads them after itself."""
    policy(request, "monitoring.view")
    region = chosen_region(request)
    today = timezone.localdate()
    counts = (
        Alert.objects.visible_to(request.user)
        .in_region(region)
        .aggregate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=UNANSWERED, due_on__lt=today)),
        )
    )
    return render(request, "monitoring/_alert_counts.html", {"region": region, "today": today, **counts})
