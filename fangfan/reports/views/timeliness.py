"""Completeness and timeliness of the sub-regions' reports, the reminder list, the ranking,
and the deadlines page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fangfan.regions.codes import Level

from .. import services
from ..definitions import QUARTERS, Period
from ..forms import RuleForm, apply_errors
from ..models import ReportingRule
from ..services.common import is_own
from ..services.rules import RULE_FIELDS
from ..timeliness import RANK_KEYS, Timeliness, quarter_entries, ranking, reminders, summary_entries
from .common import policy, region_or_404


def timeliness(request, code: str, year: int):
    policy(request, "reports.view")
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
            "year": year,
            "period": period,
            "quarters": QUARTERS,
            "entries": entries,
            "counts": counts,
            "states": Timeliness,
            "summaries": summary_entries(region, year, today),
            "ranking": ranking(region, year, today, order),
            "order": order if order in RANK_KEYS else "on_time",
            "reminders": reminders(region, year, today),
            "today": today,
        },
    )


def rules(request):
    found = policy(request, "reports.rules")
    region = found.region
    if region is None or region.level_enum not in (Level.PROVINCE, Level.CITY):
        raise Http404("报送时限由省、市两级设定")
    current = ReportingRule.objects.for_region(region)
    form = RuleForm(
        request.POST or None,
        initial={name: getattr(current, name) for name in RULE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rule(request.user, region, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "报送时限已保存。")
            return redirect("reports:rules")
    example = Period(timezone.localdate().year, 1)
    return render(
        request,
        "reports/rules.html",
        {
            "form": form,
            "region": region,
            "rule": current,
            "own": current.region_id == region.code,
            "can_edit": is_own(request.user, region),
            "examples": [
                (Period(example.year, q), current.quarter_due(Period(example.year, q))) for q in QUARTERS
            ],
            "summary_due": current.summary_due(example.year),
        },
    )
