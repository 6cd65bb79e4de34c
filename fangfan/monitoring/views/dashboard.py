from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from fangfan.employment import ledger
from fangfan.employment.rules import month_bounds
from fangfan.regions.names import township_village_names

from .. import changes, dashboard
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
        ind = indicators(region, month)
        context |= {
            "ind": ind,
            "rows": dashboard.indicator_rows(ind),
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


def change_view(request):
    """同比, 环比 or 季节调整环比 of an indicator: the months compared and the people behind the change."""
    found = policy(request, "monitoring.view")
    region = chosen_region(request)
    if region is None:
        raise Http404("请选择区域")
    month = chosen_month(request)
    indicator = request.GET.get("indicator", "employed")
    basis = request.GET.get("basis", "yoy")
    if indicator not in changes.INDICATORS or basis not in changes.BASES:
        raise Http404("没有这个指标")
    pairs = changes.compare(region, month, indicator, basis)
    people = [p for pair in pairs for side in pair.sides for p in side.sample]
    label, _, unit = changes.INDICATORS[indicator]
    return render(
        request,
        "monitoring/change.html",
        {
            "region": region,
            "month": month,
            "label": label,
            "unit": unit,
            "indicator": indicator,
            "basis": basis,
            "basis_label": changes.BASES[basis],
            "pairs": pairs,
            "seasonal": changes.seasonal_points(pairs),
            "places": township_village_names(p.village_id for p in people),
            "openable": {p.pk for p in people if found.covers(p.village_id)},
        },
    )
