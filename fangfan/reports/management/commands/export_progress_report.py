"""``manage.py export_progress_report --region CODE --year YYYY --quarter Q --output FILE.xlsx [--rows N]``

Writes 附件1 exactly as the report page shows it: the version under review or approved,
otherwise the live figures with the report's adjustments. ``--rows`` picks the sub-regions
(2 cities, 3 counties, 4 townships; by default a province's cities, a city's counties, a county's
townships): ``--rows 3`` exports a province over its counties. Rows other than the report's
export the live figures at that level, without the report's header and adjustments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fangfan.regions.codes import Level

from ... import definitions
from ...exports import pdf, xlsx_layout
from ...exports.fonts import FontMissing
from ...models import ProgressReport
from ...sheet import Sheet, current_sheet, working_sheet
from ._export import ExportCommand


class Command(ExportCommand):
    help = "导出附件1《防止返贫就业攻坚行动推进情况表》（官方版式的 xlsx 或 pdf）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--rows",
            type=int,
            choices=[Level.CITY, Level.COUNTY, Level.TOWNSHIP],
            help="分行：2 按市，3 按县（区、市），4 按乡镇（街道）；缺省省按市、市按县、县按乡镇",
        )

    def sheet(self, found: Any, period: Any, report: ProgressReport | None, rows: int | None) -> Sheet:
        level = None
        if rows is not None:
            level = Level(rows)
            if level not in definitions.ROW_LEVEL_CHOICES.get(found.level_enum, ()):
                raise CommandError(f"{found.name}的推进情况表不能按{level.label}分行")
        if report is not None and level is not None and level != report.row_level:
            return working_sheet(found, period, row_level=level)
        return current_sheet(found, period, report, row_level=level, live=False)

    def handle(
        self,
        *args: Any,
        region: str,
        year: int,
        quarter: int,
        output: Path,
        user: str | None,
        rows: int | None = None,
        **options: Any,
    ) -> None:
        actor, found, period = self.resolve(region, year, quarter, output, user)
        reports = ProgressReport.objects.visible_to(actor) if actor else ProgressReport.objects.all()
        report = reports.filter(region=found, year=year, quarter=quarter).first()
        sheet = self.sheet(found, period, report, rows)
        if output.suffix.lower() == ".pdf":
            try:
                content = pdf.progress_pdf(sheet)
            except FontMissing as exc:
                raise CommandError(str(exc)) from None
        else:
            content = xlsx_layout.progress_xlsx(sheet)
        output.write_bytes(content)
        version = sheet.version.number if sheet.version else None
        self.log(
            actor,
            "reports.progress",
            found,
            year=year,
            quarter=quarter,
            version=version,
            rows=sheet.row_level.label,
            file=output.name,
        )
        state = f"第{version}版（{sheet.version.get_status_display()}）" if sheet.version else "台账实时数"
        self.stdout.write(
            f"已导出{found.name}{period.label}推进情况表（{state}，按{sheet.row_level.label}分行，"
            f"{len(sheet.rows)}行，{sheet.as_of}）到 {output}"
        )
