"""The posts ledger (乡村公益性岗位台账), its export and the integrity run."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.cooperation.kit.pages import period_context
from fangfan.core import xlsx
from fangfan.core.masking import mask_id_number
from fangfan.core.pagination import keyset_page
from fangfan.quality.models import Finding
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import integrity
from .kinds import KINDS
from .models import PostAppointment, PostAttendance, PostPayment, PostType, WorkTime

HEADERS = [
    "岗位名称",
    "岗位类别",
    "用工形式",
    "乡镇 村",
    "村级区划代码",
    "用人单位",
    "月补贴标准（元）",
    "姓名",
    "身份证号",
    "户编号",
    "上岗日期",
    "聘用协议到期日",
    "续签次数",
    "退岗日期",
    "退岗原因",
    "本年应发补贴（元）",
    "本年已发补贴（元）",
]


def _money():
    return DecimalField(max_digits=14, decimal_places=2)


def ledger_rows(request):
    """The ledger's appointments with the filters of the page, and this year's subsidy due and paid."""
    region = visible_region(request.user, request.GET.get("region"))
    qs = PostAppointment.objects.visible_to(request.user).in_region(region)
    status = request.GET.get("status", "current")
    today = timezone.localdate()
    if status == "current":
        qs = qs.active_between(today, today)
    elif status == "exited":
        qs = qs.filter(exited_on__lt=today)
    if (kind := request.GET.get("post_type", "")) in PostType.values:
        qs = qs.filter(post__post_type=kind)
    if (time := request.GET.get("work_time", "")) in WorkTime.values:
        qs = qs.filter(post__work_time=time)
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(
            Q(person__name__startswith=q) | Q(post__name__contains=q) | Q(person__id_number=q.upper())
        )
    first = today.replace(month=1, day=1)
    due = (
        PostAttendance.objects.filter(appointment=OuterRef("pk"), month__gte=first)
        .values("appointment")
        .annotate(s=Sum("due"))
        .values("s")
    )
    paid = (
        PostPayment.objects.filter(attendance__appointment=OuterRef("pk"), month__gte=first)
        .values("attendance__appointment")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    qs = qs.annotate(
        year_due=Coalesce(Subquery(due, output_field=_money()), 0, output_field=_money()),
        year_paid=Coalesce(Subquery(paid, output_field=_money()), 0, output_field=_money()),
    ).select_related("post", "person", "person__household")
    return region, status, qs


def ledger(request):
    policy = require(request, "posts.view")
    region, status, qs = ledger_rows(request)
    page = keyset_page(qs, request.GET.get("after"))
    today = timezone.localdate()
    figure_region = region or policy.region
    open_findings = (
        Finding.objects.visible_to(request.user).in_region(region).current().open().filter(kind__in=KINDS)
    )
    return render(
        request,
        "posts/ledger.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "status": status,
            "figure_region": figure_region,
            **period_context(request),
            "today": today,
            "places": township_village_names(a.post.village_id for a in page.items),
            "post_types": PostType.choices,
            "work_times": WorkTime.choices,
            "findings": open_findings.count(),
            "can_edit": policy.can("posts.edit"),
            "can_import": policy.can("posts.import"),
            "can_export": policy.can("posts.export"),
            "can_check": policy.can("quality.detect"),
        },
    )


def export(request):
    policy = require(request, "posts.export")
    region, status, qs = ledger_rows(request)
    items = list(qs.order_by("post__village_id", "post__name", "start"))
    places = township_village_names(a.post.village_id for a in items)
    rows = [
        [
            a.post.name,
            a.post.get_post_type_display(),
            a.post.get_work_time_display(),
            places.get(a.post.village_id, ""),
            a.post.village_id,
            a.post.employer,
            a.post.subsidy,
            a.person.name,
            mask_id_number(a.person.id_number),
            a.person.household.number if a.person.household else "",
            a.start,
            a.contract_end,
            a.renewals,
            a.exited_on,
            a.get_exit_reason_display() if a.exit_reason else "",
            a.year_due,
            a.year_paid,
        ]
        for a in items
    ]
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="posts.postappointment",
        region_id=region.code if region else policy.user.region_id,
        detail={"rows": len(rows), "status": status, "query": request.GET.urlencode()},
        request=request,
    )
    title = f"{region or policy.region or ''}乡村公益性岗位台账"
    response = HttpResponse(
        xlsx.table(HEADERS, rows, sheet_name="乡村公益性岗位台账", title=title),
        content_type=xlsx.XLSX_CONTENT_TYPE,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'乡村公益性岗位台账-{stamp}.xlsx')}"
    )
    return response


@require_POST
def run_checks(request):
    policy = require(request, "quality.detect")
    region = visible_region(request.user, request.POST.get("region")) or policy.region
    results = integrity.run(request.user, region, timezone.localdate())
    created = sum(r.created for r in results.values())
    current = sum(r.created + r.updated + r.unchanged for r in results.values())
    cleared = sum(r.cleared for r in results.values())
    messages.success(
        request, f"核查完成：当前发现问题{current}条，其中新发现{created}条，不再存在{cleared}条。"
    )
    url = reverse("quality:finding_list")
    return redirect(f"{url}?region={region.code}" if region else url)
