"""A report's rows beside their own regions' reports: in a city's 附件1 over its districts (or a
province's over its cities), each row shows what that district itself reported for the period, its
approved version or else the one awaiting review, when it differs from the ledger count
("区县已报 120 / 台账现为 118"), and rows whose report is missing or not yet approved are marked.
The report's own total stays computed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from fangfan.regions.codes import Level

from .models import CellKind, ProgressReport, ReportCell, ReportStatus, ReportVersion, VersionStatus
from .sheet import Sheet

# Rows whose regions file a report of their own, and what the page calls them.
FILERS = {Level.COUNTY: "区县", Level.CITY: "市"}


@dataclass
class RowSubmission:
    """A row's region's own report of the period."""

    url: str
    report: ProgressReport | None = None
    version: ReportVersion | None = None
    values: dict[str, int] = field(default_factory=dict)

    @property
    def mark(self) -> str:
        """Why the row's figure is not yet its region's approved one; empty once it is."""
        if self.report is None or self.version is None:
            return "未报送"
        if self.version.status == VersionStatus.SUBMITTED:
            return "已报送，待审核"
        if self.report.status != ReportStatus.APPROVED:
            return f"已审核通过第{self.version.number}版，现{self.report.status_label}"
        return ""


def attach(sheet: Sheet) -> None:
    """Put each row's own report beside it, in three queries whatever the number of rows."""
    word = FILERS.get(sheet.row_level)
    if word is None:
        return
    rows = [row for row in sheet.rows if not row.is_total]
    period = sheet.period
    reports = {
        r.region_id: r
        for r in ProgressReport.objects.filter(
            region_id__in=[row.code for row in rows], year=period.year, quarter=period.quarter
        ).select_related("region", "approved_version")
    }
    pending = {
        v.report_id: v
        for v in ReportVersion.objects.filter(report__in=reports.values(), status=VersionStatus.SUBMITTED)
    }
    versions = {code: report.approved_version or pending.get(report.pk) for code, report in reports.items()}
    values: dict[int, dict[str, int]] = {}
    for version_id, column, value in ReportCell.objects.filter(
        version__in=[v for v in versions.values() if v is not None], kind=CellKind.TOTAL
    ).values_list("version_id", "column", "value"):
        values.setdefault(version_id, {})[column] = value
    sheet.filer = word
    for row in rows:
        version = versions.get(row.code)
        row.submission = RowSubmission(
            url=reverse("reports:progress", args=[row.code, period.year, period.quarter]),
            report=reports.get(row.code),
            version=version,
            values=values.get(version.pk, {}) if version else {},
        )
        for cell in row.cells:
            reported = row.submission.values.get(cell.column.key)
            if reported is not None and reported != cell.ledger:
                cell.reported = reported
