"""Targets (目标任务) and the early-warning rules, entered by officials."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.regions.codes import Level

from .. import services
from ..forms import RuleForm, TargetForm
from ..models import MonitoringRule, Target
from ..targets import progress
from .common import chosen_month, chosen_region, policy


def targets(request):
    found = policy(request, "monitoring.view")
    region = chosen_region(request)
    month = chosen_month(request, default_offset=0)
    can_edit = found.can("monitoring.targets")
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        if not can_edit or region is None:
            raise PermissionDenied("您没有设置目标任务的权限。")
        if form.is_valid():
            try:
                services.set_target(request.user, region=region, **form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "目标任务已保存。")
                return redirect(f"{reverse('monitoring:targets')}?region={region.code}")
    rows = []
    if region is not None:
        qs = Target.objects.visible_to(request.user).filter(region__code__startswith=region.prefix)
        qs = qs.filter(year__gte=timezone.localdate().year - 1, region__level__lte=region.level + 1)
        for t in qs.select_related("region", "set_by").order_by("-year", "region_id", "indicator"):
            at = month if t.year == month.year else month.replace(year=t.year, month=12)
            rows.append((t, progress(t, min(at, month))))
    return render(
        request,
        "monitoring/targets.html",
        {"region": region, "rows": rows, "form": form, "can_edit": can_edit and region is not None},
    )


@require_POST
def target_delete(request, pk: int):
    policy(request, "monitoring.targets")
    target = get_object_or_404(Target.objects.visible_to(request.user), pk=pk)
    code = target.region_id
    services.delete_target(request.user, target)
    messages.success(request, "目标任务已删除。")
    return redirect(f"{reverse('monitoring:targets')}?region={code}")


def rules(request):
    policy(request, "monitoring.rules")
    region = chosen_region(request)
    if region is None or region.level not in (Level.PROVINCE, Level.CITY):
        return render(request, "monitoring/rules.html", {"region": region, "form": None})
    own = MonitoringRule.objects.filter(region=region).first()
    current = own or MonitoringRule.objects.for_region(region)
    form = RuleForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(request.user, region, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"{region.name}的监测预警规则已保存。")
            return redirect(f"{reverse('monitoring:rules')}?region={region.code}")
    return render(
        request,
        "monitoring/rules.html",
        {"region": region, "form": form, "own": own, "inherited_from": current.region if not own else None},
    )
