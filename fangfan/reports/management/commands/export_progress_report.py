"""``manage.py export_progress_report --region CODE --year YYYY --quarter Q --output FILE.xlsx``

Writes 附件1 exactly as the report page shows it: the version under review or approved,
otherwise the live figures with the report's adjustments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from ...exports import pdf, xlsx_layout
from ...exports.fonts import FontMissing
from ...models import ProgressReport
from ...sheet import current_sheet
from ._export import ExportCommand


class Command(ExportCommand):
    help = "导出附件1《防止返贫就业攻坚行动推进情况表》（官方版式的 xlsx 或 pdf）。"

    def handle(
        self, *args: Any, region: str, year: int, quarter: int, output: Path, user: str | None, **options: Any
    ) -> None:
        actor, found, period = self.resolve(region, year, quarter, output, user)
        reports = ProgressReport.objects.visible_to(actor) if actor else ProgressReport.objects.all()
        report = reports.filter(region=found, year=year, quarter=quarter).first()
        sheet = current_sheet(found, period, report, live=False)
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
            actor, "reports.progress", found, year=year, quarter=quarter, version=version, file=output.name
        )
        state = f"第{version}版（{sheet.version.get_status_display()}）" if sheet.version else "台账实时数"
        self.stdout.write(
            f"已导出{found.name}{period.label}推进情况表（{state}，{len(sheet.rows)}行）到 {output}"
        )
