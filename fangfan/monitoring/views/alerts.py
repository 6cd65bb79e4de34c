from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.audit.models import AuditEvent
from fangfan.audit.presentation import lines, verb
from fangfan.core.pagination import keyset_page
from fangfan.regions.names import township_village_names

from .. import services
from ..forms import AssignForm, CloseForm, InterventionForm, ResolveForm
from ..models import OPEN_STATUSES, UNANSWERED, Alert, AlertRule, AlertStatus
from ..tasks import scan_alerts
from .common import chosen_region, policy

VERBS = {
    "detect": "发现预警",
    "assign": "分派",
    "act": "记录帮扶",
    "resolve": "解除",
    "close": "关闭",
}
STATUS_FILTERS: dict[str, tuple[str, dict[str, Any]]] = {
    "open": ("未办结", {"status__in": OPEN_STATUSES}),
    "overdue": ("超期未响应", {}),
    "new": ("待处置", {"status": AlertStatus.NEW}),
    "acting": ("帮扶中", {"status": AlertStatus.ACTING}),
    "done": ("已办结", {"status__in": (AlertStatus.RESOLVED, AlertStatus.CLOSED)}),
    "all": ("全部", {}),
}


def alert_list(request):
    found = policy(request, "monitoring.view")
    region = chosen_region(request)
    today = timezone.localdate()
    qs = Alert.objects.visible_to(request.user).in_region(region).select_related("person", "assignee")
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    qs = qs.overdue(today) if status == "overdue" else qs.filter(**STATUS_FILTERS[status][1])
    rule = request.GET.get("rule", "")
    if rule in AlertRule.values:
        qs = qs.filter(rule=rule)
    if request.GET.get("mine") == "1":
        qs = qs.filter(assignee=request.user)
    page = keyset_page(qs, request.GET.get("after"))
    villages = [a.region_id for a in page.items if a.person_id or a.household_id]
    return render(
        request,
        "monitoring/alert_list.html",
        {
            "region": region,
            "page": page,
            "total": qs.count(),
            "status": status,
            "statuses": [(k, v[0]) for k, v in STATUS_FILTERS.items()],
            "rule": rule,
            "rules": AlertRule.choices,
            "rows": [(a, a.overdue_on(today)) for a in page.items],
            "today": today,
            "month_first": today.replace(day=1),
            "places": township_village_names(villages),
            "can_scan": found.can("monitoring.assign"),
            "can_rules": found.can("monitoring.rules"),
            "unanswered": UNANSWERED,
        },
    )


def _alert(request, pk: int) -> Alert:
    return get_object_or_404(
        Alert.objects.visible_to(request.user).select_related("person", "household", "region", "assignee"),
        pk=pk,
    )


def alert_detail(request, pk: int):
    found = policy(request, "monitoring.view")
    alert = _alert(request, pk)
    events = AuditEvent.objects.filter(object_type="monitoring.alert", object_id=str(alert.pk))
    can_assign = found.can("monitoring.assign") and alert.is_open
    can_act = found.can("monitoring.act") and alert.is_open
    return render(
        request,
        "monitoring/alert_detail.html",
        {
            "alert": alert,
            "overdue": alert.overdue_on(timezone.localdate()),
            "interventions": alert.interventions.select_related("recorded_by"),
            "events": [
                (e, VERBS.get(e.action.rsplit(".", 1)[-1], verb(e)), lines(e))
                for e in events.order_by("-at", "-id")[:100]
            ],
            "assign_form": AssignForm(users=services.assignable_users(alert)) if can_assign else None,
            "intervention_form": InterventionForm() if can_act else None,
            "resolve_form": ResolveForm() if can_act else None,
            "close_form": CloseForm() if can_act else None,
        },
    )


def _done(request, alert: Alert, message: str):
    messages.success(request, message)
    return redirect("monitoring:alert_detail", pk=alert.pk)


def _failed(request, alert: Alert, form, exc: ValidationError | None = None):
    errors = exc.messages if exc else [e for errs in form.errors.values() for e in errs]
    messages.error(request, "；".join(errors))
    return redirect("monitoring:alert_detail", pk=alert.pk)


@require_POST
def alert_assign(request, pk: int):
    policy(request, "monitoring.assign")
    alert = _alert(request, pk)
    form = AssignForm(request.POST, users=services.assignable_users(alert))
    if not form.is_valid():
        return _failed(request, alert, form)
    try:
        services.assign(request.user, alert, form.cleaned_data["assignee"])
    except ValidationError as exc:
        return _failed(request, alert, form, exc)
    return _done(request, alert, f"已分派给{form.cleaned_data['assignee']}。")


@require_POST
def alert_intervene(request, pk: int):
    policy(request, "monitoring.act")
    alert = _alert(request, pk)
    form = InterventionForm(request.POST)
    if not form.is_valid():
        return _failed(request, alert, form)
    try:
        services.intervene(request.user, alert, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, alert, form, exc)
    return _done(request, alert, "已记录帮扶措施。")


@require_POST
def alert_resolve(request, pk: int):
    policy(request, "monitoring.act")
    alert = _alert(request, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _failed(request, alert, form)
    try:
        services.resolve(request.user, alert, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, alert, form, exc)
    return _done(request, alert, "预警已解除。")


@require_POST
def alert_close(request, pk: int):
    policy(request, "monitoring.act")
    alert = _alert(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _failed(request, alert, form)
    try:
        services.close(request.user, alert, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _failed(request, alert, form, exc)
    return _done(request, alert, "预警已关闭。")


@require_POST
def scan_now(request):
    found = policy(request, "monitoring.assign")
    region = chosen_region(request) or found.region
    if region is None:
        raise PermissionDenied("请选择区域")
    scan_alerts.enqueue(region.code)
    messages.success(request, f"已开始对{region.name}进行预警扫描，完成后刷新本页查看。")
    return redirect(f"{reverse('monitoring:alert_list')}?region={region.code}")
