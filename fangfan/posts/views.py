from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.audit.models import AuditEvent
from fangfan.core.forms import apply_errors
from fangfan.core.pagination import keyset_page
from fangfan.quality.models import Finding
from fangfan.quality.trail import present
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import rules, services
from .forms import AppointForm, AttendanceForm, BankForm, CloseForm, ExitForm, PayForm, PostForm, RenewForm
from .models import PostAppointment, PostAttendance, PostRule, PostType, PublicPost, WorkTime


def post_list(request):
    policy = require(request, "posts.view")
    region = visible_region(request.user, request.GET.get("region"))
    qs = PublicPost.objects.visible_to(request.user).in_region(region)
    if (kind := request.GET.get("post_type", "")) in PostType.values:
        qs = qs.filter(post_type=kind)
    if (time := request.GET.get("work_time", "")) in WorkTime.values:
        qs = qs.filter(work_time=time)
    if request.GET.get("status") != "closed":
        qs = qs.filter(closed_on__isnull=True)
    else:
        qs = qs.filter(closed_on__isnull=False)
    page = keyset_page(qs, request.GET.get("after"))
    today = timezone.localdate()
    holders = {
        a.post_id: a
        for a in PostAppointment.objects.filter(post__in=[p.pk for p in page.items])
        .active_between(today, today)
        .select_related("person")
    }
    return render(
        request,
        "posts/post_list.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "holders": holders,
            "places": township_village_names(p.village_id for p in page.items),
            "post_types": PostType.choices,
            "work_times": WorkTime.choices,
            "can_edit": policy.can("posts.edit"),
        },
    )


def post_detail(request, pk: int):
    policy = require(request, "posts.view")
    post = get_object_or_404(PublicPost.objects.visible_to(request.user).select_related("village"), pk=pk)
    rule = PostRule.objects.for_region(post.village)
    appointments = post.appointments.select_related("person", "person__household").order_by("-start")
    events = AuditEvent.objects.filter(
        Q(object_type="posts.publicpost", object_id=str(post.pk)) | Q(context__post=post.pk)
    ).order_by("-at", "-id")[:100]
    today = timezone.localdate()
    return render(
        request,
        "posts/post_detail.html",
        {
            "post": post,
            "trail": post.village.ancestors(include_self=True),
            "rule": rule,
            "check": rules.subsidy_check(post.work_time, post.subsidy, post.hours_per_month, rule),
            "appointments": appointments,
            "current": next((a for a in appointments if a.covers(today)), None),
            "payments": post.payments.select_related("person").order_by("-month", "-id")[:50],
            "findings": Finding.objects.visible_to(request.user).filter(
                Q(subject_type="posts.publicpost", subject_id=str(post.pk))
                | Q(subject_type="posts.postappointment", subject_id__in=[str(a.pk) for a in appointments])
            ),
            "events": present(events),
            "close_form": CloseForm(),
            "can_edit": policy.can("posts.edit") and not post.closed_on,
        },
    )


def post_form(request, pk: int | None = None):
    require(request, "posts.edit")
    post = get_object_or_404(PublicPost.objects.visible_to(request.user), pk=pk) if pk else None
    form = PostForm(request.POST or None, user=request.user, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            if post:
                services.update_post(request.user, post, **form.cleaned_data)
            else:
                post = services.create_post(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("posts:detail", pk=post.pk)
    return render(request, "posts/post_form.html", {"form": form, "post": post})


@require_POST
def post_close(request, pk: int):
    require(request, "posts.edit")
    post = get_object_or_404(PublicPost.objects.visible_to(request.user), pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_post(request.user, post, form.cleaned_data["on"], form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "岗位已撤销。")
    else:
        messages.error(request, "请填写撤岗日期和原因")
    return redirect("posts:detail", pk=post.pk)


def appoint(request, pk: int):
    require(request, "posts.edit")
    post = get_object_or_404(PublicPost.objects.visible_to(request.user), pk=pk)
    form = AppointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        try:
            appointment = services.appoint(request.user, post, person, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, f"已聘任{person.name}，聘用协议至{appointment.contract_end:%Y年%m月%d日}。"
            )
            return redirect("posts:appointment", pk=appointment.pk)
    return render(request, "posts/appoint.html", {"form": form, "post": post})


def appointment_detail(request, pk: int):
    policy = require(request, "posts.view")
    appointment = get_object_or_404(
        PostAppointment.objects.visible_to(request.user).select_related(
            "post", "person", "person__household"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    rule = PostRule.objects.for_region(appointment.post.village)
    records = []
    for record in appointment.attendance.all():
        paid = services.paid_total(record)
        limit = rules.pay_deadline(record.month, rule)
        records.append((record, paid, limit, paid < record.due and today > limit))
    return render(
        request,
        "posts/appointment_detail.html",
        {
            "appointment": appointment,
            "post": appointment.post,
            "records": records,
            "longest_renewal": rules.longest_contract_end(
                appointment.contract_end + dt.timedelta(days=1), rule
            ),
            "findings": Finding.objects.visible_to(request.user).filter(person=appointment.person),
            "renew_form": RenewForm(),
            "bank_form": BankForm(appointment=appointment),
            "exit_form": ExitForm(initial={"on": today}),
            "attendance_form": AttendanceForm(
                initial={"month": f"{today:%Y-%m}", "required_days": appointment.post.required_days}
            ),
            "today": today,
            "can_edit": policy.can("posts.edit") and not appointment.exited_on,
        },
    )


def _appointment_action(request, pk: int, form_class, run):
    require(request, "posts.edit")
    appointment = get_object_or_404(
        PostAppointment.objects.visible_to(request.user).select_related("post", "person"), pk=pk
    )
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            messages.success(request, run(appointment, form.cleaned_data))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("posts:appointment", pk=appointment.pk)


@require_POST
def remove(request, pk: int):
    require(request, "posts.edit")
    appointment = get_object_or_404(
        PostAppointment.objects.visible_to(request.user).select_related("post", "person"), pk=pk
    )
    try:
        services.remove_appointment(request.user, appointment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("posts:appointment", pk=appointment.pk)
    messages.success(request, f"已删除误录的{appointment.person.name}的聘任及其务工记录。")
    return redirect("posts:detail", pk=appointment.post_id)


@require_POST
def bank(request, pk: int):
    def run(appointment, data):
        services.update_appointment(request.user, appointment, **data)
        return "已保存补贴发放账号。"

    return _appointment_action(request, pk, BankForm, run)


@require_POST
def renew(request, pk: int):
    def run(appointment, data):
        services.renew(request.user, appointment, data["contract_end"])
        return f"已续签至{data['contract_end']:%Y年%m月%d日}。"

    return _appointment_action(request, pk, RenewForm, run)


@require_POST
def exit_post(request, pk: int):
    def run(appointment, data):
        services.exit_post(request.user, appointment, data["on"], data["reason"], data["note"])
        return f"{appointment.person.name}已退岗。"

    return _appointment_action(request, pk, ExitForm, run)


@require_POST
def attendance(request, pk: int):
    def run(appointment, data):
        record = services.record_attendance(
            request.user, appointment, data["month"], data["actual_days"], data["required_days"]
        )
        return f"已登记{record.month:%Y年%m月}考勤：{record.explanation}。"

    return _appointment_action(request, pk, AttendanceForm, run)


@require_POST
def pay(request, pk: int, record_pk: int):
    def run(appointment, data):
        record = get_object_or_404(PostAttendance, appointment=appointment, pk=record_pk)
        services.pay(request.user, record, data["amount"], data["on"])
        return f"已登记{record.month:%Y年%m月}补贴发放{data['amount']}元。"

    return _appointment_action(request, pk, PayForm, run)
