"""The village-cadre register (村干部名册): list, page, form and export. Cadres are the other side of the
优亲厚友 check: a post holder in a serving cadre's household is a finding."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fangfan.accounts.policy import require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction, AuditEvent
from fangfan.core import xlsx
from fangfan.core.forms import apply_errors
from fangfan.core.masking import mask_id_number
from fangfan.core.pagination import keyset_page
from fangfan.quality.models import Finding
from fangfan.quality.trail import present
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import services
from .forms import CadreForm
from .models import PostAppointment, VillageCadre

HEADERS = [
    "姓名",
    "身份证号",
    "职务",
    "乡镇 村",
    "村级区划代码",
    "所在户编号",
    "任职开始日期",
    "任职结束日期",
]


def _rows(request):
    region = visible_region(request.user, request.GET.get("region"))
    qs = (
        VillageCadre.objects.visible_to(request.user).in_region(region).select_related("household", "village")
    )
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(Q(name__startswith=q) | Q(position__contains=q))
    return region, qs


def cadres(request):
    policy = require(request, "posts.view")
    region, qs = _rows(request)
    page = keyset_page(qs, request.GET.get("after"))
    return render(
        request,
        "posts/cadres.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "places": township_village_names(c.village_id for c in page.items),
            "can_edit": policy.can("posts.edit"),
            "can_import": policy.can("posts.import"),
            "can_export": policy.can("posts.export"),
        },
    )


def cadre_detail(request, pk: int):
    policy = require(request, "posts.view")
    cadre = get_object_or_404(
        VillageCadre.objects.visible_to(request.user).select_related("village", "household", "person"), pk=pk
    )
    holders = (
        PostAppointment.objects.visible_to(request.user)
        .filter(person__household=cadre.household_id)
        .select_related("post", "person")
        .order_by("-start")
        if cadre.household_id
        else PostAppointment.objects.none()
    )
    events = AuditEvent.objects.filter(
        Q(object_type="posts.villagecadre", object_id=str(cadre.pk)) | Q(context__cadre=cadre.pk)
    ).order_by("-at", "-id")[:100]
    return render(
        request,
        "posts/cadre_detail.html",
        {
            "cadre": cadre,
            "trail": cadre.village.ancestors(include_self=True),
            "holders": holders,
            "findings": Finding.objects.visible_to(request.user).filter(key__startswith=f"cadre:{cadre.pk}|"),
            "events": present(events),
            "can_edit": policy.can("posts.edit"),
        },
    )


def cadre_form(request, pk: int | None = None):
    require(request, "posts.edit")
    cadre = get_object_or_404(VillageCadre.objects.visible_to(request.user), pk=pk) if pk else None
    form = CadreForm(request.POST or None, user=request.user, instance=cadre)
    if request.method == "POST" and form.is_valid():
        try:
            cadre = services.save_cadre(request.user, cadre, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存村干部{cadre.name}。")
            return redirect("posts:cadre", pk=cadre.pk)
    return render(request, "posts/cadre_form.html", {"form": form, "cadre": cadre})


def export(request):
    policy = require(request, "posts.export")
    region, qs = _rows(request)
    items = list(qs.order_by("village_id", "name", "pk"))
    places = township_village_names(c.village_id for c in items)
    rows = [
        [
            c.name,
            mask_id_number(c.id_number),
            c.position,
            places.get(c.village_id, ""),
            c.village_id,
            c.household.number if c.household else "",
            c.term_start,
            c.term_end,
        ]
        for c in items
    ]
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="posts.villagecadre",
        region_id=region.code if region else policy.user.region_id,
        detail={"rows": len(rows), "query": request.GET.urlencode()},
        request=request,
    )
    title = f"{region or policy.region or ''}村干部名册"
    response = HttpResponse(
        xlsx.table(HEADERS, rows, sheet_name="村干部名册", title=title), content_type=xlsx.XLSX_CONTENT_TYPE
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'村干部名册-{stamp}.xlsx')}"
    return response
