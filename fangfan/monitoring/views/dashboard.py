from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.employment import ledger
from fangfan.employment.rules import month_bounds

from .. import dashboard
from ..indicators import indicators
from ..models import Alert
from .common import chosen_month, chosen_region, policy


def dashboard_view(request):
    policy(request, "monitoring.view")
    region = chosen_region(request)
    month = chosen_month(request)
    context: dict[str, Any] = {
        "region": region,
        "month": month,
        "months": dashboard.month_choices(ledger.horizon()),
    }
    if region is not None:
        first, last = month_bounds(month.year, month.month)
        alerts = Alert.objects.visible_to(request.user).in_region(region).open()
        context |= {
            "ind": indicators(region, month),
            "first": first,
            "last": last,
            "data": dashboard.data(region, month),
            "open_alerts": alerts.count(),
            "overdue_alerts": alerts.overdue(timezone.localdate()).count(),
            "today": timezone.localdate(),
            "can_targets": ScopePolicy.of(request.user).can("monitoring.targets"),
        }
    return render(request, "monitoring/dashboard.html", context)
