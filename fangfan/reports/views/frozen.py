"""A frozen figure's own list: the records it counted when it was submitted, each marked when it
has since left the figure, been deleted or been changed; today's list is one link away."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from fangfan.accounts.policy import ScopePolicy, require
from fangfan.regions.models import Region
from fangfan.regions.names import township_village_names
from fangfan.registry.models import Person

from .. import definitions, members
from ..models import ProgressReport
from .common import period_or_404, region_or_404

PAGE_SIZE = 50
STATES = {
    "left": "现已不再计入",
    "deleted": "记录已删除",
    "changed": "报送后信息有变更",
}


def _after(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def frozen_list(request, code: str, year: int, quarter: int, number: int, row: str, column: str):
    require(request, "reports.view")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report = get_object_or_404(
        ProgressReport.objects.visible_to(request.user),
        region=region,
        year=period.year,
        quarter=period.quarter,
    )
    version = get_object_or_404(report.versions.all(), number=number)
    col = definitions.BY_KEY.get(column)
    cell = version.cells.filter(row_code=row, column=column).first()
    if col is None or cell is None or cell.members is None:
        raise Http404("该版本没有保存这个数字的名单")
    row_region = get_object_or_404(Region, code=row)
    frozen = members.unpack(cell.members)
    current = col.figure.queryset(row_region, version.first, version.last)
    today = set(current.order_by().values_list("pk", flat=True))
    newest_first = frozen[::-1]
    after = _after(request.GET.get("after"))
    if after is not None:
        newest_first = [pk for pk in newest_first if pk < after]
    shown = newest_first[:PAGE_SIZE]
    found = current.model.objects.in_bulk(shown)
    entries = []
    for pk in shown:
        record = found.get(pk)
        if record is None:
            state = "deleted"
        elif pk not in today:
            state = "left"
        elif getattr(record, "updated_at", None) and record.updated_at > version.submitted_at:
            state = "changed"
        else:
            state = ""
        entries.append({"pk": pk, "record": record, "state": state, "label": STATES.get(state, "")})
    people = current.model is Person
    records = [e["record"] for e in entries if e["record"] is not None]
    policy = ScopePolicy.of(request.user)
    frozen_set = set(frozen)
    return render(
        request,
        "reports/frozen_list.html",
        {
            "region": region,
            "period": period,
            "report": report,
            "version": version,
            "cell": cell,
            "column": col,
            "row_region": row_region,
            "total": len(frozen),
            "left": sum(1 for pk in frozen if pk not in today),
            "joined": len(today - frozen_set),
            "today": len(today),
            "live_url": col.figure.url(row_region, version.first, version.last),
            "entries": entries,
            "people": people,
            "places": township_village_names(p.village_id for p in records) if people else {},
            "openable": {p.pk for p in records if policy.covers(p.village_id)} if people else set(),
            "next_cursor": shown[-1] if len(newest_first) > PAGE_SIZE else None,
        },
    )
