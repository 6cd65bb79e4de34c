"""The drill-down page: the records behind any figure, and their export."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region
from fangfan.registry.models import Person

from . import figures, xlsx
from .dates import chinese_date
from .masking import mask_id_number
from .pagination import keyset_page


def _dates(request) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(request.GET.get("first", ""))
    last = dt.date.fromisoformat(request.GET.get("last", ""))
    if last < first:
        raise ValueError
    return first, last


def _rows(qs, people: bool):
    if people:
        return qs.select_related("household")
    return qs


def detail(request, key: str):
    try:
        figure = figures.get(key)
    except KeyError:
        raise Http404("没有这个指标") from None
    region = visible_region(request.user, request.GET.get("region"))
    if region is None:
        raise Http404("该区域不在您的管辖范围内")
    try:
        first, last = _dates(request)
    except ValueError:
        return HttpResponseBadRequest("统计期间不正确（first、last 应为 YYYY-MM-DD，且 first 不晚于 last）")
    # The region is the scope gate: the list is exactly the records the figure counted, so the number and
    # its names agree. A person counted here may live elsewhere (a Tengzhou worker in a Shanting
    # workshop): they are listed, masked, but their page opens only to users whose scope covers their home.
    qs = figure.queryset(region, first, last)
    people = qs.model is Person
    if request.GET.get("format") == "xlsx":
        return _export(request, figure, region, first, last, qs, people)
    page = keyset_page(_rows(qs, people), request.GET.get("after"))
    policy = ScopePolicy.of(request.user)
    headers, cells = figure.rows(region, first, last, page.items) if figure.rows else ([], [])
    return render(
        request,
        "core/figure.html",
        {
            "figure": figure,
            "region": region,
            "first": first,
            "last": last,
            "total": qs.count(),
            "page": page,
            "people": people,
            "places": township_village_names(p.village_id for p in page.items) if people else {},
            "openable": {p.pk for p in page.items if policy.covers(p.village_id)} if people else set(),
            "headers": headers,
            "records": list(zip(page.items, cells, strict=True)) if figure.rows else [],
        },
    )


def _export(request, figure, region, first, last, qs, people: bool) -> HttpResponse:
    if people:
        headers = ["姓名", "身份证号", "性别", "村级区划代码"]
        rows = [
            [p.name, mask_id_number(p.id_number), p.get_sex_display(), p.village_id] for p in qs.iterator()
        ]
    elif figure.rows:
        headers, rows = figure.rows(region, first, last, list(qs.iterator()))
    else:
        headers = ["名称"]
        rows = [[str(obj)] for obj in qs.iterator()]
    title = f"{region.name}{figure.label}（{chinese_date(first)}至{chinese_date(last)}）"
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type=f"figure:{figure.key}",
        region_id=region.code,
        detail={"first": first, "last": last, "rows": len(rows)},
        request=request,
    )
    response = HttpResponse(
        xlsx.table(headers, rows, sheet_name=figure.label, title=title), content_type=xlsx.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(figure.label + '.xlsx')}"
    return response
