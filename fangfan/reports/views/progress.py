"""The 附件1 report page: the table (live or as submitted), its workflow, adjustments and exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .. import definitions, services, submissions
from ..definitions import Period
from ..exports import pdf, xlsx_layout
from ..exports.fonts import FontMissing
from ..forms import AdjustForm, HeaderForm, SubmitForm, apply_errors, error_text
from ..models import Adjustment, ProgressReport
from ..models.workflow import TOP_LEVEL
from ..services.progress import FLOW
from ..sheet import Sheet, current_sheet, frozen_sheet, working_cell
from ..timeliness import rules_for, state_of
from .common import (
    PDF_CONTENT_TYPE,
    decide,
    download,
    history,
    home_region,
    period_or_404,
    region_or_404,
    report_outcome,
    version_asked,
    workflow_context,
)


def _report(request, region, period: Period) -> ProgressReport | None:
    return (
        ProgressReport.objects.visible_to(request.user)
        .select_related("region", "approved_version")
        .filter(region=region, year=period.year, quarter=period.quarter)
        .first()
    )


def _row_level(request, region) -> Level:
    """The level of the rows: ``rows`` of the query (or of a POST), if the region offers it."""
    choices = definitions.ROW_LEVEL_CHOICES.get(region.level_enum)
    if not choices:
        raise Http404("推进情况表只在省、市、县三级编制")
    try:
        wanted = Level(int(request.POST.get("rows") or request.GET.get("rows", "")))
    except ValueError:
        return choices[0]
    return wanted if wanted in choices else choices[0]


def _sheet(request, region, period: Period, report: ProgressReport | None, live: bool = True) -> Sheet:
    version = version_asked(request, report)
    if version is not None:
        return frozen_sheet(version, live=live)
    return current_sheet(region, period, report, _row_level(request, region), live=live)


def _adjustments(report: ProgressReport | None, sheet: Sheet) -> list[tuple[Adjustment, str, str]]:
    if report is None:
        return []
    names = {row.code: row.name for row in sheet.rows}
    return [
        (
            a,
            definitions.BY_KEY[a.column].header if a.column in definitions.BY_KEY else a.column,
            names.get(a.row_code, a.row_code),
        )
        for a in report.adjustments.select_related("created_by", "withdrawn_by")
    ]


def index(request):
    found = require(request, "reports.view")
    region = home_region(request, found)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        periods = [Period(year, q) for q in definitions.QUARTERS]
    except ValueError:
        raise Http404("年度不正确") from None
    reports = {
        r.quarter: r
        for r in ProgressReport.objects.visible_to(request.user)
        .filter(region=region, year=year)
        .annotate(first_submitted=Min("versions__submitted_at"))
    }
    rule = rules_for([region])[region.code]
    top = region.level_enum == TOP_LEVEL
    rows = [
        {
            "period": p,
            "report": reports.get(p.quarter),
            "due": rule.quarter_due(p),
            "first": p.first,
            "last": p.cut_off(rule.quarter_due(p)),
            "state": None
            if top
            else state_of(
                getattr(reports.get(p.quarter), "first_submitted", None), rule.quarter_due(p), today
            ),
        }
        for p in periods
    ]
    return render(
        request,
        "reports/index.html",
        {
            "region": region,
            "year": year,
            "years": range(today.year - 3, today.year + 1),
            "rows": rows,
            "summary_due": rule.summary_due(year),
            "reporting": region.level_enum in definitions.REPORTING_LEVELS,
            "top": top,
            "has_children": region.level_enum in (Level.PROVINCE, Level.CITY),
        },
    )


STEPS = ("header", "review", "send_back", "submit", "approve", "return", "reopen")


def progress(request, code: str, year: int, quarter: int):
    found = require(request, "reports.view")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report = _report(request, region, period)
    sheet = _sheet(request, region, period, report)
    submissions.attach(sheet)
    user = request.user
    reporting = region.level_enum in definitions.REPORTING_LEVELS
    rule = rules_for([region])[region.code]
    first_submitted = min((v.submitted_at for v in report.versions.all()), default=None) if report else None
    due = rule.quarter_due(period)
    flow = workflow_context(
        request,
        found,
        report,
        region,
        "reports.prepare",
        {step: reverse("reports:progress_action", args=[code, year, quarter, step]) for step in STEPS},
    )
    context = {
        **flow,
        "region": region,
        "period": period,
        "report": report,
        "sheet": sheet,
        "definitions": definitions,
        "versions": list(report.versions.select_related("submitted_by", "decided_by")) if report else [],
        "shown_version": sheet.version,
        "adjustments": _adjustments(report, sheet),
        "groups": definitions.header_groups(),
        "history": history(report) if report else [],
        "can_prepare": reporting and flow["can_prepare"],
        "editable": bool(report and report.editable and flow["can_prepare"] and not sheet.frozen),
        "due": due,
        "timeliness": state_of(first_submitted, due, timezone.localdate())
        if reporting and not flow["top"]
        else None,
        "first_submitted": first_submitted,
        "row_levels": definitions.ROW_LEVEL_CHOICES.get(region.level_enum, ()),
        "header_form": HeaderForm(
            initial={
                "unit_name": report.unit_name if report else "",
                "filled_by": report.filled_by if report else "",
                "phone": report.phone if report else "",
                "filled_on": report.filled_on if report else None,
            }
        ),
        "submit_form": SubmitForm(
            initial={
                "unit_name": (report.unit_name if report else "") or user.organisation,
                "filled_by": (report.filled_by if report else "") or str(user),
                "phone": (report.phone if report else "") or user.phone,
                "filled_on": timezone.localdate(),
            }
        ),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "reports/progress.html", context)


def progress_export(request, code: str, year: int, quarter: int, fmt: str):
    require(request, "reports.export")
    if fmt not in ("xlsx", "pdf"):
        raise Http404("只能导出 xlsx 或 pdf")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report = _report(request, region, period)
    sheet = _sheet(request, region, period, report, live=False)
    name = f"{region.name}{period.label}{definitions.TITLE}"
    detail = {"year": year, "quarter": quarter, "version": sheet.version.number if sheet.version else None}
    if fmt == "pdf":
        try:
            content = pdf.progress_pdf(sheet)
        except FontMissing as exc:
            messages.error(request, str(exc))
            return redirect("reports:progress", code, year, quarter)
        return download(
            request, content, PDF_CONTENT_TYPE, f"{name}.pdf", "reports.progress", region, **detail
        )
    return download(
        request,
        xlsx_layout.progress_xlsx(sheet),
        xlsx_layout.xlsx.XLSX_CONTENT_TYPE,
        f"{name}.xlsx",
        "reports.progress",
        region,
        **detail,
    )


def _act(request, report: ProgressReport, action: str) -> str:
    """Run one workflow step from a POST; returns the success message."""
    user = request.user
    if action == "header":
        header = HeaderForm(request.POST)
        if not header.is_valid():
            raise ValidationError("表头填写有误：" + error_text(header))
        services.update_header(user, report, **header.cleaned_data)
        return "表头已保存。"
    if action == "submit":
        form = SubmitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(form))
        version = services.submit(user, report, **form.cleaned_data)
        if report.top:
            return f"已定稿（第{version.number}版），数据已锁定。"
        return f"已报送（第{version.number}版），数据已冻结。"
    return decide(request, FLOW, report, action)


@require_POST
def progress_start(request, code: str, year: int, quarter: int):
    require(request, "reports.prepare")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    try:
        services.start_report(request.user, region, period, _row_level(request, region))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已建立{region.name}{period.label}推进情况表。")
    return redirect("reports:progress", code, year, quarter)


@require_POST
def progress_action(request, code: str, year: int, quarter: int, action: str):
    require(request, "reports.view")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report = _report(request, region, period)
    if report is None:
        raise Http404("报表尚未建立")
    report_outcome(request, lambda: _act(request, report, action))
    return redirect("reports:progress", code, year, quarter)


def adjust(request, code: str, year: int, quarter: int):
    require(request, "reports.prepare")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report = _report(request, region, period)
    if report is None:
        raise Http404("报表尚未建立")
    row_code = request.POST.get("row_code", request.GET.get("row", ""))
    column_key = request.POST.get("column", request.GET.get("column", ""))
    column = definitions.BY_KEY.get(column_key)
    if column is None:
        raise Http404("没有这个栏目")
    form = AdjustForm(
        request.POST or None, request.FILES or None, initial={"row_code": row_code, "column": column_key}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adjust(
                request.user,
                report,
                row_code=data["row_code"],
                column_key=data["column"],
                value=data["value"],
                reason=data["reason"],
                attachment=data.get("attachment"),
            )
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已调整“{column.header}”，计算值仍显示在旁边。")
            return redirect("reports:progress", code, year, quarter)
    try:
        cell = working_cell(report, row_code, column)
    except Region.DoesNotExist:
        raise Http404("本表没有这一行") from None
    return render(
        request,
        "reports/adjust.html",
        {
            "form": form,
            "report": report,
            "region": region,
            "period": period,
            "cell": cell,
        },
    )


@require_POST
def withdraw(request, pk: int):
    require(request, "reports.prepare")
    adjustment = get_object_or_404(
        Adjustment.objects.visible_to(request.user).select_related("report"), pk=pk
    )
    report = adjustment.report
    try:
        services.withdraw_adjustment(request.user, adjustment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "已撤销调整，恢复为计算值。")
    return redirect("reports:progress", report.region_id, report.year, report.quarter)


def attachment(request, pk: int):
    require(request, "reports.view")
    adjustment = get_object_or_404(Adjustment.objects.visible_to(request.user), pk=pk)
    if not adjustment.attachment:
        raise Http404("没有附件")
    audit.log_access(
        request.user,
        AccessAction.DOWNLOAD,
        object_type="reports.adjustment",
        object_id=str(adjustment.pk),
        region_id=adjustment.report.region_id,
        request=request,
    )
    return FileResponse(
        adjustment.attachment.open("rb"),
        as_attachment=True,
        filename=adjustment.attachment_name or (adjustment.attachment.name or "附件").rsplit("/", 1)[-1],
    )
