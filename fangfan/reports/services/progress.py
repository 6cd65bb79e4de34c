"""Every change to 附件1 reports: start, header, adjustments, review, submission, approval,
return, reopen. Each checks capability and level, saves with update_fields and records an
audit event."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .. import definitions, members
from ..definitions import Period
from ..models import Adjustment, ProgressReport, ReportCell, ReportVersion
from ..sheet import working_sheet
from .common import clean_contact, clean_text, require_own
from .workflow import Flow

ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


FLOW = Flow("progress", "报表", ("unit_name", "filled_by", "phone", "filled_on"))
send_for_review = FLOW.send_for_review
send_back = FLOW.send_back
approve = FLOW.approve
return_report = FLOW.return_
reopen = FLOW.reopen


@transaction.atomic
def start_report(
    actor: Any, region: Region, period: Period, row_level: Level | None = None, unit_name: str = ""
) -> ProgressReport:
    require_own(actor, "reports.prepare", region)
    if region.level_enum not in definitions.REPORTING_LEVELS:
        raise ValidationError("推进情况表由省、市、县（区、市）三级编制。")
    level = row_level or definitions.default_row_level(region.level_enum)
    if level not in definitions.ROW_LEVEL_CHOICES[region.level_enum]:
        raise ValidationError({"row_level": f"{region.name}的报表不能按{level.label}分行"})
    if ProgressReport.objects.filter(region=region, year=period.year, quarter=period.quarter).exists():
        raise ValidationError(f"{region.name}{period.label}的推进情况表已经建立")
    report = ProgressReport.objects.create(
        region=region,
        year=period.year,
        quarter=period.quarter,
        row_level=level,
        unit_name=unit_name or getattr(actor, "organisation", "") or "",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "reports.progress.start", report, after=FLOW.snapshot(report), region_id=region.code)
    return report


@transaction.atomic
def update_header(
    actor: Any,
    report: ProgressReport,
    *,
    unit_name: str,
    filled_by: str,
    phone: str,
    filled_on: dt.date | None,
) -> ProgressReport:
    require_own(actor, "reports.prepare", report.region)
    FLOW.require_editable(report)
    before = FLOW.snapshot(report)
    report.unit_name, report.filled_by, report.phone, report.filled_on = (
        unit_name.strip(),
        filled_by.strip(),
        phone.strip(),
        filled_on,
    )
    FLOW.save(actor, report, "header", before)
    return report


def _row_region(report: ProgressReport, row_code: str) -> Region:
    """The region of a row: the report's own (the total) or one of its sub-regions."""
    if row_code == report.region_id:
        return report.region
    found = Region.objects.filter(
        code=row_code, level=report.row_level, code__startswith=report.region.prefix
    ).first()
    if found is None:
        raise ValidationError({"row_code": f"区划代码“{row_code}”不是本表的一行"})
    return found


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is None:
        return
    suffix = PurePath(attachment.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"attachment": f"附件“{attachment.name}”类型不支持（可上传 PDF、图片、Word、Excel）"}
        )
    if (attachment.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachment": f"附件“{attachment.name}”超过10MB"})


@transaction.atomic
def adjust(
    actor: Any,
    report: ProgressReport,
    *,
    row_code: str,
    column_key: str,
    value: int,
    reason: str,
    attachment: UploadedFile | None = None,
) -> Adjustment:
    """Report ``value`` instead of the computed figure, for a written reason. Replaces an earlier one."""
    require_own(actor, "reports.prepare", report.region)
    FLOW.require_editable(report)
    if column_key not in definitions.BY_KEY:
        raise ValidationError({"column": f"栏目“{column_key}”不存在"})
    if value is None or int(value) < 0:
        raise ValidationError({"value": "调整后数值应为不小于0的整数"})
    reason = clean_text(reason, "reason", "调整理由")
    _check_attachment(attachment)
    row_region = _row_region(report, row_code)
    column = definitions.column(column_key)
    computed = column.figure.value(row_region, *report.window)
    now = timezone.now()
    for old in report.adjustments.active().filter(row_code=row_code, column=column_key):
        old.withdrawn_by, old.withdrawn_at = (actor if getattr(actor, "pk", None) else None), now
        old.save(update_fields=["withdrawn_by", "withdrawn_at"])
    adjustment = Adjustment(
        report=report,
        row_code=row_code,
        column=column_key,
        value=int(value),
        computed=computed,
        reason=reason,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if attachment is not None:
        adjustment.attachment_name = (attachment.name or "")[:200]
        adjustment.attachment.save(attachment.name or "附件", attachment, save=False)
    adjustment.save()
    audit.record(
        actor,
        "reports.progress.adjust",
        report,
        after={"row": row_code, "column": column.header, "value": adjustment.value, "computed": computed},
        region_id=report.region_id,
        context={"reason": reason, "adjustment": adjustment.pk, "attachment": adjustment.attachment_name},
    )
    return adjustment


@transaction.atomic
def withdraw_adjustment(actor: Any, adjustment: Adjustment) -> Adjustment:
    report = adjustment.report
    require_own(actor, "reports.prepare", report.region)
    FLOW.require_editable(report)
    if adjustment.withdrawn_at is not None:
        raise ValidationError("该调整已撤销")
    adjustment.withdrawn_by = actor if getattr(actor, "pk", None) else None
    adjustment.withdrawn_at = timezone.now()
    adjustment.save(update_fields=["withdrawn_by", "withdrawn_at"])
    audit.record(
        actor,
        "reports.progress.withdraw_adjustment",
        report,
        before={"row": adjustment.row_code, "column": adjustment.column, "value": adjustment.value},
        region_id=report.region_id,
        context={"adjustment": adjustment.pk},
    )
    return adjustment


def _freeze(report: ProgressReport, version: ReportVersion) -> None:
    """Every cell as it stands, with the records its computed value counted."""
    sheet = working_sheet(report.region, report.period, report=report, members=True)
    cells = [
        ReportCell(
            version=version,
            position=position,
            kind=row.kind,
            row_code=row.code,
            row_name=row.name,
            column=cell.column.key,
            computed=cell.computed,
            value=cell.value,
            adjustment=cell.adjustment,
            members=members.pack(cell.members or ()),
        )
        for position, row in enumerate(sheet.rows)
        for cell in row.cells
    ]
    ReportCell.objects.bulk_create(cells)


def submit(
    actor: Any,
    report: ProgressReport,
    *,
    filled_by: str,
    phone: str,
    filled_on: dt.date | None = None,
    unit_name: str | None = None,
) -> ReportVersion:
    """Review and submit to the level above (a province: 定稿): the figures are frozen as a new version."""
    FLOW.require_submitter(actor, report)
    filled_by, phone = clean_contact(filled_by, phone)
    header: dict[str, Any] = {
        "filled_by": filled_by,
        "phone": phone,
        "filled_on": filled_on or timezone.localdate(),
    }
    if unit_name and unit_name.strip():
        header["unit_name"] = unit_name.strip()

    def freeze(common: dict[str, Any]) -> ReportVersion:
        first, last = report.window
        version = ReportVersion.objects.create(
            report=report,
            first=first,
            last=last,
            row_level=report.row_level,
            unit_name=report.unit_name,
            **common,
        )
        _freeze(report, version)
        return version

    return FLOW.submit(actor, report, header, freeze)
