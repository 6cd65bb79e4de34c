"""The 通报: rank the sub-regions, export, and issue (freeze) it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.core import xlsx
from fangfan.employment import ledger

from .. import bulletin as ranking
from .. import dashboard, services
from ..forms import BulletinForm
from ..models import Bulletin
from .common import chosen_month, chosen_region, policy


def _xlsx(request, title: str, rows, region_code: str, detail: dict) -> HttpResponse:
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="monitoring.bulletin",
        region_id=region_code,
        detail=detail | {"rows": len(rows)},
        request=request,
    )
    response = HttpResponse(ranking.workbook(title, rows), content_type=xlsx.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.xlsx')}"
    return response


def bulletin(request):
    policy(request, "monitoring.bulletin")
    region = chosen_region(request)
    month = chosen_month(request)
    context: dict[str, Any] = {
        "region": region,
        "month": month,
        "months": dashboard.month_choices(ledger.horizon()),
    }
    if region is None:
        return render(request, "monitoring/bulletin.html", context)
    built = ranking.build(region, month, request.GET.get("rank_by"))
    rows = built.as_json()
    title = f"{region.name}{month:%Y年%-m月}脱贫人口务工情况通报"
    if request.GET.get("format") == "xlsx":
        policy(request, "monitoring.export")
        return _xlsx(request, title, rows, region.code, {"month": month.isoformat(), "issued": False})
    form = BulletinForm(request.POST or None, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_bulletin(
                request.user, region, month, rank_by=built.rank_by, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "通报已签发。")
            return redirect(issued)
    context |= {
        "rows": ranking.links(rows, month),
        "ranking": built,
        "title": title,
        "form": form,
        "fell": sum(1 for r in rows if r["fell"]),
        "issued": Bulletin.objects.visible_to(request.user).filter(region=region)[:20],
    }
    return render(request, "monitoring/bulletin.html", context)


def bulletin_detail(request, pk: int):
    policy(request, "monitoring.view")
    item = get_object_or_404(
        Bulletin.objects.visible_to(request.user).select_related("region", "issued_by"), pk=pk
    )
    if request.GET.get("format") == "xlsx":
        policy(request, "monitoring.export")
        return _xlsx(request, item.title, item.rows, item.region_id, {"bulletin": item.pk, "issued": True})
    return render(
        request,
        "monitoring/bulletin_detail.html",
        {
            "bulletin": item,
            "rows": ranking.links(item.rows, item.month),
            "fell": sum(1 for r in item.rows if r["fell"]),
        },
    )
