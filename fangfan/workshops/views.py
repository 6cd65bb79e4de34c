from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import ScopePolicy, require
from fangfan.audit.models import AuditEvent
from fangfan.cooperation.kit.pages import period_context
from fangfan.core.forms import apply_errors
from fangfan.core.pagination import keyset_page
from fangfan.employment.rules import active_between_q
from fangfan.quality.trail import present
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import exporting, rules, services
from .forms import (
    DateForm,
    ExitForm,
    MonthForm,
    PeriodForm,
    ReviewForm,
    TierFormSet,
    WageForm,
    WorkerForm,
    WorkshopForm,
)
from .models import (
    AwardStatus,
    AwardTier,
    Track,
    Workshop,
    WorkshopCategory,
    WorkshopKind,
    WorkshopRule,
    WorkshopWage,
    WorkshopWorker,
)


def _filtered(request):
    region = visible_region(request.user, request.GET.get("region"))
    qs = Workshop.objects.visible_to(request.user).in_region(region)
    kind = request.GET.get("kind", "")
    if kind in WorkshopKind.values:
        qs = qs.filter(kind=kind)
    track = request.GET.get("track", "")
    if track in Track.values:
        qs = qs.filter(track=track)
    category = request.GET.get("category", "")
    if category in WorkshopCategory.values:
        qs = qs.filter(category=category)
    status = request.GET.get("status", "")
    if status == "certified":
        qs = qs.filter(certified_on__isnull=False, exited_on__isnull=True)
    elif status == "pending":
        qs = qs.filter(certified_on__isnull=True)
    elif status == "exited":
        qs = qs.filter(exited_on__isnull=False)
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(Q(name__contains=q) | Q(operator__contains=q))
    return region, qs


def workshop_list(request):
    policy = require(request, "workshops.view")
    region, qs = _filtered(request)
    today = timezone.localdate()
    page = keyset_page(qs, request.GET.get("after"))
    counts = dict(
        WorkshopWorker.objects.filter(workshop__in=[w.pk for w in page.items])
        .filter(active_between_q(today, today))
        .values("workshop")
        .annotate(n=Count("person", distinct=True))
        .values_list("workshop", "n")
    )
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "figure_region": region or policy.region,
            **period_context(request),
            "today": today,
            "counts": counts,
            "places": township_village_names(w.village_id for w in page.items),
            "kinds": WorkshopKind.choices,
            "tracks": Track.choices,
            "categories": WorkshopCategory.choices,
            "month_form": MonthForm(initial={"month": f"{today:%Y-%m}"}),
            "can_edit": policy.can("workshops.edit"),
            "can_import": policy.can("workshops.import"),
            "can_export": policy.can("workshops.export"),
            "can_evaluate": policy.can("workshops.evaluate"),
            "can_rules": policy.can("workshops.rules"),
        },
    )


def workshop_detail(request, pk: int):
    policy = require(request, "workshops.view")
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user).select_related("village"), pk=pk)
    today = timezone.localdate()
    rule = WorkshopRule.objects.for_region(workshop.village)
    show = request.GET.get("workers", "current")
    workers = (
        workshop.workers.select_related("person")
        .annotate(wage_months=Count("wages"))
        .order_by("-end", "start", "id")
    )
    if show == "current":
        workers = workers.filter(Q(end__isnull=True) | Q(end__gte=today))
    events = AuditEvent.objects.filter(
        Q(object_type="workshops.workshop", object_id=str(workshop.pk)) | Q(context__workshop=workshop.pk)
    ).order_by("-at", "-id")[:100]
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "trail": workshop.village.ancestors(include_self=True),
            "rule": rule,
            "standard": rules.standard(workshop, today, today, rule),
            "base": rules.base_standard(workshop, today, today, rule),
            "workers": workers,
            "show": show,
            "evaluations": workshop.evaluations.all()[:24],
            "awards": workshop.awards.select_related("computed_by", "reviewed_by"),
            "tiers": AwardTier.objects.for_region(workshop.village),
            "events": present(events),
            "date_form": DateForm(),
            "exit_form": ExitForm(),
            "period_form": PeriodForm(
                initial={
                    "period_start": today.replace(month=1, day=1),
                    "period_end": today.replace(month=12, day=31),
                }
            ),
            "today": today,
            "can_edit": policy.can("workshops.edit") and not workshop.exited_on,
            "can_certify": policy.can("workshops.certify"),
            "can_award": policy.can("workshops.award"),
            "can_approve": policy.can("workshops.approve"),
            "computed": AwardStatus.COMPUTED,
        },
    )


def workshop_form(request, pk: int | None = None):
    require(request, "workshops.edit")
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=pk) if pk else None
    form = WorkshopForm(request.POST or None, user=request.user, instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            if workshop:
                services.update_workshop(request.user, workshop, **form.cleaned_data)
            else:
                workshop = services.create_workshop(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("workshops:detail", pk=workshop.pk)
    return render(request, "workshops/workshop_form.html", {"form": form, "workshop": workshop})


def worker_form(request, pk: int | None = None, worker_pk: int | None = None):
    require(request, "workshops.edit")
    worker = None
    if worker_pk:
        worker = get_object_or_404(
            WorkshopWorker.objects.visible_to(request.user).select_related("workshop", "person"), pk=worker_pk
        )
        workshop = worker.workshop
    else:
        workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=pk)
    form = WorkerForm(request.POST or None, instance=worker, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if worker:
                services.update_worker(request.user, worker, **data)
            else:
                person = data.pop("person")
                worker = services.add_worker(request.user, workshop, person, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存{worker.person.name}的务工信息。")
            return redirect("workshops:detail", pk=workshop.pk)
    return render(
        request, "workshops/worker_form.html", {"form": form, "workshop": workshop, "worker": worker}
    )


def _action(request, pk: int, capability: str, form_class, run) -> object:
    require(request, capability)
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            message = run(workshop, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, message)
    return redirect("workshops:detail", pk=workshop.pk)


@require_POST
def certify(request, pk: int):
    def run(workshop, data):
        services.certify(request.user, workshop, data["on"])
        return f"已认定{workshop.name}。"

    return _action(request, pk, "workshops.certify", DateForm, run)


@require_POST
def upgrade(request, pk: int):
    def run(workshop, data):
        services.upgrade(request.user, workshop, data["on"])
        return f"{workshop.name}已升级为就业帮扶基地。"

    return _action(request, pk, "workshops.certify", DateForm, run)


@require_POST
def exit_workshop(request, pk: int):
    def run(workshop, data):
        services.exit_workshop(request.user, workshop, data["on"], data["reason"])
        return f"{workshop.name}已退出。"

    return _action(request, pk, "workshops.certify", ExitForm, run)


@require_POST
def compute_award(request, pk: int):
    def run(workshop, data):
        award = services.compute_award(request.user, workshop, data["period_start"], data["period_end"])
        return f"已测算奖补{award.amount}元，待县级审核。"

    return _action(request, pk, "workshops.award", PeriodForm, run)


@require_POST
def review_award(request, pk: int, award_pk: int):
    require(request, "workshops.approve")
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=pk)
    award = get_object_or_404(workshop.awards, pk=award_pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_award(
                request.user,
                award,
                form.cleaned_data["decision"] == "approve",
                form.cleaned_data["review_note"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"奖补{award.get_status_display()}。")
    return redirect("workshops:detail", pk=workshop.pk)


@require_POST
def end_worker(request, worker_pk: int):
    require(request, "workshops.edit")
    worker = get_object_or_404(
        WorkshopWorker.objects.visible_to(request.user).select_related("workshop"), pk=worker_pk
    )
    form = DateForm(request.POST)
    if form.is_valid():
        try:
            services.end_worker(request.user, worker, form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记{worker.person.name}离职。")
    return redirect("workshops:detail", pk=worker.workshop_id)


@require_POST
def remove_worker(request, worker_pk: int):
    require(request, "workshops.edit")
    worker = get_object_or_404(
        WorkshopWorker.objects.visible_to(request.user).select_related("workshop", "person"), pk=worker_pk
    )
    try:
        services.remove_worker(request.user, worker)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除误录的{worker.person.name}及其务工记录。")
    return redirect("workshops:detail", pk=worker.workshop_id)


def wages(request, worker_pk: int):
    """工资发放 of one worker: the months paid, and a form to record one."""
    policy = require(request, "workshops.view")
    worker = get_object_or_404(
        WorkshopWorker.objects.visible_to(request.user).select_related("workshop", "person"), pk=worker_pk
    )
    can_edit = policy.can("workshops.edit")
    form = WageForm(request.POST or None, initial={"month": f"{timezone.localdate():%Y-%m}"})
    if request.method == "POST":
        require(request, "workshops.edit")
        if form.is_valid():
            try:
                wage = services.record_wage(request.user, worker, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已登记{wage.month:%Y年%m月}工资{wage.amount}元。")
                return redirect("workshops:wages", worker_pk=worker.pk)
    lines = worker.wages.all()
    return render(
        request,
        "workshops/wages.html",
        {
            "worker": worker,
            "workshop": worker.workshop,
            "lines": lines,
            "paid": sum((w.amount for w in lines), Decimal(0)),
            "form": form,
            "can_edit": can_edit,
        },
    )


@require_POST
def remove_wage(request, wage_pk: int):
    require(request, "workshops.edit")
    wage = get_object_or_404(
        WorkshopWage.objects.visible_to(request.user).select_related("worker__workshop", "worker__person"),
        pk=wage_pk,
    )
    services.remove_wage(request.user, wage)
    messages.success(request, f"已删除{wage.month:%Y年%m月}的工资发放记录。")
    return redirect("workshops:wages", worker_pk=wage.worker_id)


@require_POST
def evaluate(request):
    require(request, "workshops.evaluate")
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择评估月份")
        return redirect("workshops:list")
    month = form.cleaned_data["month"]
    region = visible_region(request.user, request.POST.get("region"))
    workshops = Workshop.objects.visible_to(request.user).in_region(region)
    results = services.evaluate_month(request.user, workshops, month.year, month.month)
    counts = {label: sum(1 for r in results if r.track == value) for value, label in Track.choices}
    summary = "，".join(f"{label}{n}个" for label, n in counts.items())
    messages.success(request, f"已完成{month:%Y年%m月}评估，共{len(results)}个：{summary}。")
    return redirect("workshops:list")


def export(request):
    policy = require(request, "workshops.export")
    region, qs = _filtered(request)
    return exporting.response(request, policy, region, qs, request.GET.get("what", "workshops"))


def tiers(request):
    require(request, "workshops.rules")
    region = visible_region(request.user, request.GET.get("region")) or ScopePolicy.of(request.user).region
    editable = region is not None and region.level <= 2
    current = AwardTier.objects.for_region(region) if region else []
    own = region is not None and AwardTier.objects.filter(region=region).exists()
    initial = [{f: getattr(t, f) for f in services.TIER_FIELDS} for t in current]
    formset = TierFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and editable and region is not None and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.set_tiers(request.user, region, rows)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已保存{region.name}的奖补档次。")
            return redirect(f"{request.path}?region={region.code}")
    return render(
        request,
        "workshops/tiers.html",
        {"formset": formset, "region": region, "editable": editable, "own": own, "current": current},
    )
