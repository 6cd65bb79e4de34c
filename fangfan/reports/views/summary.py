"""The stage summary (阶段性总结): figures pre-filled from the ledger, the district's text, the
reports' one workflow, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require

from .. import definitions, services
from ..exports import docx, pdf
from ..exports.fonts import FontMissing
from ..forms import ListSubmitForm, SummaryForm, apply_errors, error_text
from ..models import StageSummary, SummaryVersion
from ..services.summaries import SUMMARY_FLOW
from ..summaries import as_of_for, figures_of, live_figures
from ..timeliness import rules_for, state_of
from .common import (
    PDF_CONTENT_TYPE,
    decide,
    download,
    history,
    region_or_404,
    report_outcome,
    version_asked,
    workflow_context,
)

STEPS = ("review", "send_back", "submit", "approve", "return", "reopen")


def _summary(request, region, year: int) -> StageSummary | None:
    return StageSummary.objects.visible_to(request.user).filter(region=region, year=year).first()


def _shown(request, item: StageSummary | None) -> SummaryVersion | None:
    """The version asked for (``?version=N``), else the one the summary stands for, else none."""
    return version_asked(request, item) or (item.displayed_version() if item is not None else None)


def _title(region, year: int) -> str:
    return f"{region.name}{year}年防止返贫就业攻坚行动阶段性总结"


def summary(request, code: str, year: int):
    found = require(request, "reports.view")
    region = region_or_404(request, code)
    if region.level_enum not in definitions.REPORTING_LEVELS:
        raise Http404("阶段性总结由省、市、县（区、市）三级编写")
    item = _summary(request, region, year)
    user = request.user
    steps = {step: reverse("reports:summary_action", args=[code, year, step]) for step in STEPS}
    flow = workflow_context(request, found, item, region, "reports.prepare", steps)
    form = SummaryForm(request.POST or None, instance=item)
    if request.method == "POST":
        if item is None or not flow["can_prepare"]:
            raise PermissionDenied("您没有执行此操作的权限。")
        if form.is_valid():
            try:
                services.update_summary(user, item, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("reports:summary", code, year)
    version = _shown(request, item)
    as_of = version.as_of if version else (item.as_of if item else as_of_for(region, year))
    due = rules_for([region])[region.code].summary_due(year)
    first_submitted = min((v.submitted_at for v in item.versions.all()), default=None) if item else None
    return render(
        request,
        "reports/summary.html",
        {
            **flow,
            "region": region,
            "year": year,
            "item": item,
            "version": version,
            "shown_version": version,
            "versions": list(item.versions.select_related("decided_by")) if item else [],
            "form": form,
            "figures": figures_of(item, version) if item else live_figures(region, year, as_of),
            "as_of": as_of,
            "due": due,
            "first_submitted": first_submitted,
            "timeliness": None if flow["top"] else state_of(first_submitted, due, timezone.localdate()),
            "editable": item is not None and item.editable and flow["can_prepare"],
            "submit_form": ListSubmitForm(
                initial={
                    "filled_by": (item.filled_by if item else "") or str(user),
                    "phone": (item.phone if item else "") or user.phone,
                }
            ),
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


def _step(request, item: StageSummary, action: str) -> str:
    if action == "submit":
        form = ListSubmitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(form))
        data = form.cleaned_data
        version = services.submit_summary(
            request.user, item, filled_by=data["filled_by"], phone=data["phone"]
        )
        if item.top:
            return f"已定稿（第{version.number}版），内容已锁定。"
        return f"已报送（第{version.number}版），数据已冻结。"
    return decide(request, SUMMARY_FLOW, item, action)


@require_POST
def summary_action(request, code: str, year: int, action: str):
    require(request, "reports.view")
    region = region_or_404(request, code)
    item = _summary(request, region, year)
    if item is None:
        raise Http404("阶段性总结尚未建立")
    report_outcome(request, lambda: _step(request, item, action))
    return redirect("reports:summary", code, year)


def summary_export(request, code: str, year: int, fmt: str):
    require(request, "reports.export")
    if fmt not in ("docx", "pdf"):
        raise Http404("只能导出 docx 或 pdf")
    region = region_or_404(request, code)
    item = _summary(request, region, year)
    version = _shown(request, item)
    as_of = version.as_of if version else (item.as_of if item else as_of_for(region, year))
    figures = figures_of(item, version) if item else live_figures(region, year, as_of)
    text = version or item
    title = _title(region, year)
    footer = []
    if text is not None:
        day = timezone.localdate(version.submitted_at) if version else timezone.localdate()
        footer = [text.unit_name, f"填表人：{text.filled_by}　电话：{text.phone}", f"{day:%Y年%-m月%-d日}"]
    args = (
        title,
        region.name,
        as_of,
        figures,
        text.experience if text else "",
        text.problems if text else "",
        footer,
    )
    detail = {"year": year, "version": version.number if version else None}
    if fmt == "pdf":
        try:
            content = pdf.summary_pdf(*args)
        except FontMissing as exc:
            messages.error(request, str(exc))
            return redirect("reports:summary", code, year)
        return download(
            request, content, PDF_CONTENT_TYPE, f"{title}.pdf", "reports.summary", region, **detail
        )
    return download(
        request,
        docx.summary_docx(*args),
        docx.DOCX_CONTENT_TYPE,
        f"{title}.docx",
        "reports.summary",
        region,
        **detail,
    )
