"""The stage summary (阶段性总结): figures pre-filled from the ledger, the district's text, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require

from .. import definitions, services
from ..exports import docx, pdf
from ..exports.fonts import FontMissing
from ..forms import SummaryForm, apply_errors
from ..models import StageSummary, SummaryStatus
from ..services.common import is_own, is_parent
from ..summaries import as_of_for, figures_of, live_figures
from ..timeliness import rules_for, state_of
from .common import PDF_CONTENT_TYPE, download, history, region_or_404


def _summary(request, region, year: int) -> StageSummary | None:
    return StageSummary.objects.visible_to(request.user).filter(region=region, year=year).first()


def _title(region, year: int) -> str:
    return f"{region.name}{year}年防止返贫就业攻坚行动阶段性总结"


def summary(request, code: str, year: int):
    found = require(request, "reports.view")
    region = region_or_404(request, code)
    if region.level_enum not in definitions.REPORTING_LEVELS:
        raise Http404("阶段性总结由县（区、市）和市两级报送")
    item = _summary(request, region, year)
    user = request.user
    can_prepare = found.can("reports.prepare") and is_own(user, region)
    form = SummaryForm(request.POST or None, instance=item)
    if request.method == "POST":
        if item is None or not can_prepare:
            raise PermissionDenied("您没有执行此操作的权限。")
        if form.is_valid():
            try:
                services.update_summary(user, item, **form.cleaned_data)
                if "submit" in request.POST:
                    services.submit_summary(
                        user, item, filled_by=form.cleaned_data["filled_by"], phone=form.cleaned_data["phone"]
                    )
            except (ValidationError, PermissionDenied) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已报送，数据已冻结。" if "submit" in request.POST else "已保存。")
                return redirect("reports:summary", code, year)
    as_of = item.as_of if item else as_of_for(region, year)
    due = rules_for([region])[region.code].summary_due(year)
    return render(
        request,
        "reports/summary.html",
        {
            "region": region,
            "year": year,
            "item": item,
            "form": form,
            "figures": figures_of(item) if item else live_figures(region, year, as_of),
            "as_of": as_of,
            "due": due,
            "timeliness": state_of(item.submitted_at if item else None, due, timezone.localdate()),
            "can_prepare": can_prepare,
            "can_submit": found.can("reports.submit") and is_own(user, region),
            "can_return": found.can("reports.approve") and is_parent(user, region),
            "editable": item is not None and item.status == SummaryStatus.DRAFT and can_prepare,
            "history": history(item) if item else [],
        },
    )


@require_POST
def summary_start(request, code: str, year: int):
    require(request, "reports.prepare")
    region = region_or_404(request, code)
    try:
        services.start_summary(request.user, region, year)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect("reports:summary", code, year)


@require_POST
def summary_return(request, code: str, year: int):
    require(request, "reports.approve")
    region = region_or_404(request, code)
    item = _summary(request, region, year)
    if item is None:
        raise Http404("阶段性总结尚未建立")
    try:
        services.return_summary(request.user, item, request.POST.get("comment", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "已退回。")
    return redirect("reports:summary", code, year)


def summary_export(request, code: str, year: int, fmt: str):
    require(request, "reports.export")
    if fmt not in ("docx", "pdf"):
        raise Http404("只能导出 docx 或 pdf")
    region = region_or_404(request, code)
    item = _summary(request, region, year)
    as_of = item.as_of if item else as_of_for(region, year)
    figures = figures_of(item) if item else live_figures(region, year, as_of)
    title = _title(region, year)
    footer = []
    if item is not None:
        footer = [
            item.unit_name,
            f"填表人：{item.filled_by}　电话：{item.phone}",
            f"{(item.submitted_at and timezone.localdate(item.submitted_at)) or timezone.localdate():%Y年%-m月%-d日}",
        ]
    args = (
        title,
        region.name,
        as_of,
        figures,
        item.experience if item else "",
        item.problems if item else "",
        footer,
    )
    if fmt == "pdf":
        try:
            content = pdf.summary_pdf(*args)
        except FontMissing as exc:
            messages.error(request, str(exc))
            return redirect("reports:summary", code, year)
        return download(
            request, content, PDF_CONTENT_TYPE, f"{title}.pdf", "reports.summary", region, year=year
        )
    return download(
        request,
        docx.summary_docx(*args),
        docx.DOCX_CONTENT_TYPE,
        f"{title}.docx",
        "reports.summary",
        region,
        year=year,
    )
