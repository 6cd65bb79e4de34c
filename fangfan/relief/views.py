from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.audit.models import AuditEvent
from fangfan.cooperation.kit.pages import period_context
from fangfan.core.forms import apply_errors
from fangfan.core.pagination import keyset_page
from fangfan.quality.trail import present
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import exporting, rules, services
from .forms import DateForm, HireForm, MonthForm, PayForm, ProjectForm, WorkerForm
from .models import (
    AttendanceMode,
    ReliefHire,
    ReliefRule,
    ReliefWorker,
    WagePayment,
    WageSheet,
    WorkReliefProject,
)


def _filtered(request):
    region = visible_region(request.user, request.GET.get("region"))
    qs = WorkReliefProject.objects.visible_to(request.user).in_region(region)
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(Q(name__contains=q) | Q(owner__contains=q) | Q(contractor__contains=q))
    if request.GET.get("below") == "1":
        qs = qs.filter(pk__in=[p.pk for p in qs.filter(central_funds__gt=0) if not _share(p).ok])
    return region, qs


def _share(project: WorkReliefProject) -> rules.ShareCheck:
    return rules.wage_share(project, ReliefRule.objects.for_region(project.village))


def project_list(request):
    policy = require(request, "relief.view")
    region, qs = _filtered(request)
    today = timezone.localdate()
    page = keyset_page(qs.annotate(hire_count=Count("hires")), request.GET.get("after"))
    return render(
        request,
        "relief/project_list.html",
        {
            "page": page,
            "rows": [(p, _share(p)) for p in page.items],
            "total": qs.count(),
            "region": region,
            "figure_region": region or policy.region,
            **period_context(request),
            "today": today,
            "places": township_village_names(p.village_id for p in page.items),
            "can_edit": policy.can("relief.edit"),
            "can_import": policy.can("relief.import"),
            "can_export": policy.can("relief.export"),
        },
    )


def project_detail(request, pk: int):
    policy = require(request, "relief.view")
    project = get_object_or_404(
        WorkReliefProject.objects.visible_to(request.user).select_related("village"), pk=pk
    )
    today = timezone.localdate()
    rule = ReliefRule.objects.for_region(project.village)
    hires = project.hires.select_related("worker", "worker__person").order_by("start", "id")
    sheets = project.sheets.annotate(
        due=Sum("payments__due"), paid=Sum("payments__paid"), lines=Count("payments")
    )
    arrears: dict[int, int] = {}
    for payment in WagePayment.objects.filter(sheet__project=project).select_related("sheet"):
        if rules.timeliness(payment, rule, today).arrears:
            arrears[payment.sheet_id] = arrears.get(payment.sheet_id, 0) + 1
    events = AuditEvent.objects.filter(
        Q(object_type="relief.workreliefproject", object_id=str(project.pk))
        | Q(context__relief_project=project.pk)
    ).order_by("-at", "-id")[:100]
    return render(
        request,
        "relief/project_detail.html",
        {
            "project": project,
            "trail": project.village.ancestors(include_self=True),
            "rule": rule,
            "share": rules.wage_share(project, rule),
            "paid_total": WagePayment.objects.filter(sheet__project=project).aggregate(s=Sum("paid"))["s"]
            or Decimal(0),
            "hires": hires,
            "poverty": sum(1 for h in hires if h.worker.person_id),
            "sheets": [(s, arrears.get(s.pk, 0), rules.deadline(s, rule)) for s in sheets],
            "month_form": MonthForm(initial={"month": f"{today:%Y-%m}"}),
            "events": present(events),
            "today": today,
            "can_edit": policy.can("relief.edit"),
            "can_export": policy.can("relief.export"),
        },
    )


def project_form(request, pk: int | None = None):
    require(request, "relief.edit")
    project = get_object_or_404(WorkReliefProject.objects.visible_to(request.user), pk=pk) if pk else None
    form = ProjectForm(request.POST or None, user=request.user, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            if project:
                services.update_project(request.user, project, **form.cleaned_data)
            else:
                project = services.create_project(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("relief:detail", pk=project.pk)
    return render(request, "relief/project_form.html", {"form": form, "project": project})


WORKER_KEYS = ("name", "id_number", "village", "phone", "bank_name", "bank_account")


def hire_form(request, pk: int | None = None, hire_pk: int | None = None):
    require(request, "relief.edit")
    item = None
    if hire_pk:
        item = get_object_or_404(
            ReliefHire.objects.visible_to(request.user).select_related("project", "worker"), pk=hire_pk
        )
        project = item.project
    else:
        project = get_object_or_404(WorkReliefProject.objects.visible_to(request.user), pk=pk)
    form = HireForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if item:
                services.update_hire(request.user, item, **data)
            else:
                worker = {k: data.pop(k) for k in WORKER_KEYS}
                item = services.hire_labourer(request.user, project, worker, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存{item.worker.name}的用工信息。")
            return redirect("relief:detail", pk=project.pk)
    return render(request, "relief/hire_form.html", {"form": form, "project": project, "hire": item})


@require_POST
def hire_remove(request, hire_pk: int):
    require(request, "relief.edit")
    item = get_object_or_404(
        ReliefHire.objects.visible_to(request.user).select_related("project", "worker"), pk=hire_pk
    )
    try:
        services.remove_hire(request.user, item)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除误录的{item.worker.name}及其务工记录。")
    return redirect("relief:detail", pk=item.project_id)


@require_POST
def hire_end(request, hire_pk: int):
    require(request, "relief.edit")
    item = get_object_or_404(
        ReliefHire.objects.visible_to(request.user).select_related("project", "worker"), pk=hire_pk
    )
    form = DateForm(request.POST)
    if form.is_valid():
        try:
            services.end_hire(request.user, item, form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记{item.worker.name}退场。")
    return redirect("relief:detail", pk=item.project_id)


@require_POST
def open_sheet(request, pk: int):
    require(request, "relief.edit")
    project = get_object_or_404(WorkReliefProject.objects.visible_to(request.user), pk=pk)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择月份")
        return redirect("relief:detail", pk=project.pk)
    sheet = services.sheet_for(request.user, project, form.cleaned_data["month"])
    return redirect(sheet.get_absolute_url())


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise Http404("月份不正确") from None


def sheet(request, pk: int, month: str):
    policy = require(request, "relief.view")
    project = get_object_or_404(
        WorkReliefProject.objects.visible_to(request.user).select_related("village"), pk=pk
    )
    item = get_object_or_404(WageSheet, project=project, month=_month(month))
    if request.method == "POST":
        policy.require("relief.edit")
        try:
            message = _sheet_action(request, item)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, message)
        return redirect(item.get_absolute_url())
    rule = ReliefRule.objects.for_region(project.village)
    today = timezone.localdate()
    first = item.month
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    records = {a.hire_id: a for a in item.attendance.all()}
    hires = [
        (h, records.get(h.pk))
        for h in project.hires.active_between(first, last).select_related("worker").order_by("start", "id")
    ]
    payments = [
        (p, rules.timeliness(p, rule, today))
        for p in item.payments.select_related("hire__worker").order_by("hire__start", "id")
    ]
    return render(
        request,
        "relief/sheet.html",
        {
            "project": project,
            "sheet": item,
            "rule": rule,
            "hires": hires,
            "days": range(1, last.day + 1),
            "daily": project.attendance_mode == AttendanceMode.DAILY,
            "payments": payments,
            "deadline": rules.deadline(item, rule),
            "opens": rules.publicity_ends(item, rule),
            "totals": item.payments.aggregate(due=Sum("due"), paid=Sum("paid")),
            "today": today,
            "can_edit": policy.can("relief.edit"),
        },
    )


def _date(request) -> dt.date:
    form = DateForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写日期")
    return form.cleaned_data["on"]


def _sheet_action(request, item: WageSheet) -> str:
    action = request.POST.get("action")
    user = request.user
    if action == "attendance":
        saved = 0
        for hire_item in item.project.hires.all():
            if item.project.attendance_mode == AttendanceMode.DAILY:
                if f"present-{hire_item.pk}" not in request.POST:
                    continue
                chosen = [int(d) for d in request.POST.getlist(f"d-{hire_item.pk}") if d.isdigit()]
                services.record_attendance(user, item, hire_item, day_list=chosen)
            else:
                raw = request.POST.get(f"days-{hire_item.pk}")
                if raw is None:
                    continue
                try:
                    value = Decimal(raw or "0")
                except InvalidOperation:
                    raise ValidationError(f"{hire_item.worker.name}：出勤天数“{raw}”不是数字") from None
                services.record_attendance(user, item, hire_item, days=value)
            saved += 1
        return f"已保存{saved}人的考勤。"
    if action == "close":
        payments = services.close_attendance(user, item, _date(request))
        return f"考勤已截止，生成{len(payments)}人的劳务报酬发放名单。"
    if action == "publicise":
        services.start_publicity(user, item, _date(request))
        return "已登记公示开始日期。"
    if action == "pay":
        form = PayForm(request.POST)
        if not form.is_valid():
            raise ValidationError("请填写实发金额和发放日期")
        payment = get_object_or_404(item.payments, pk=request.POST.get("payment"))
        services.pay(user, payment, form.cleaned_data["amount"], form.cleaned_data["on"])
        return f"已登记{payment.hire.worker.name}的发放。"
    if action == "pay_all":
        count = services.pay_in_full(user, item, _date(request))
        return f"已按应发金额登记{count}人的发放。"
    raise ValidationError("未知操作")


def publicity(request, pk: int, month: str):
    require(request, "relief.view")
    project = get_object_or_404(
        WorkReliefProject.objects.visible_to(request.user).select_related("village"), pk=pk
    )
    item = get_object_or_404(WageSheet, project=project, month=_month(month))
    rule = ReliefRule.objects.for_region(project.village)
    payments = item.payments.select_related("hire__worker").order_by("hire__start", "id")
    return render(
        request,
        "relief/publicity.html",
        {
            "project": project,
            "sheet": item,
            "payments": payments,
            "total": payments.aggregate(s=Sum("due"))["s"] or Decimal(0),
            "rule": rule,
            "ends": rules.publicity_ends(item, rule),
            "places": township_village_names(p.hire.worker.village_id for p in payments),
        },
    )


def worker_list(request):
    policy = require(request, "relief.view")
    region = visible_region(request.user, request.GET.get("region"))
    qs = ReliefWorker.objects.visible_to(request.user).in_region(region)
    if request.GET.get("poverty") == "1":
        qs = qs.filter(person__isnull=False)
    elif request.GET.get("poverty") == "0":
        qs = qs.filter(person__isnull=True)
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(Q(name__startswith=q) | Q(id_number=q.upper()))
    page = keyset_page(qs, request.GET.get("after"))
    today = timezone.localdate()
    return render(
        request,
        "relief/worker_list.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "figure_region": region or policy.region,
            **period_context(request),
            "today": today,
            "places": township_village_names(w.village_id for w in page.items),
        },
    )


def worker_detail(request, pk: int):
    policy = require(request, "relief.view")
    worker = get_object_or_404(ReliefWorker.objects.visible_to(request.user).select_related("person"), pk=pk)
    hires = worker.hires.select_related("project").order_by("-start")
    payments = (
        WagePayment.objects.filter(hire__worker=worker)
        .select_related("sheet__project")
        .order_by("-sheet__month")
    )
    events = AuditEvent.objects.filter(
        Q(object_type="relief.reliefworker", object_id=str(worker.pk)) | Q(context__relief_worker=worker.pk)
    ).order_by("-at", "-id")[:100]
    return render(
        request,
        "relief/worker_detail.html",
        {
            "worker": worker,
            "hires": hires,
            "payments": payments,
            "events": present(events),
            "can_edit": policy.can("relief.edit"),
        },
    )


def worker_edit(request, pk: int):
    require(request, "relief.edit")
    worker = get_object_or_404(ReliefWorker.objects.visible_to(request.user), pk=pk)
    form = WorkerForm(request.POST or None, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_worker(request.user, worker, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("relief:worker_detail", pk=worker.pk)
    return render(request, "relief/worker_form.html", {"form": form, "worker": worker})


@require_POST
def worker_link(request, pk: int):
    require(request, "relief.edit")
    worker = get_object_or_404(ReliefWorker.objects.visible_to(request.user), pk=pk)
    try:
        services.link_registry(request.user, worker)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, "已关联脱贫人口台账。" if worker.person_id else "台账中没有该身份证号的人员。"
        )
    return redirect("relief:worker_detail", pk=worker.pk)


def export(request, pk: int | None = None):
    policy = require(request, "relief.export")
    if pk is None:
        region, qs = _filtered(request)
        return exporting.projects(request, policy, region, qs)
    project = get_object_or_404(WorkReliefProject.objects.visible_to(request.user), pk=pk)
    return exporting.project(request, project, request.GET.get("what", "wages"))
