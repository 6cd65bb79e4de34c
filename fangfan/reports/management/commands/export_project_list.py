"""``manage.py export_project_list --region CODE --year YYYY --quarter Q --output FILE.xlsx``

A county's 附件2 (the version under review or approved, otherwise live); for a city, its 项目库.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fangfan.regions.codes import Level

from ...exports import pdf, xlsx_layout
from ...exports.fonts import FontMissing
from ...models import LibraryEntry, Project, ProjectList
from ...models.progress import quarter_window
from ...projects import form_header, project_rows, rows_from
from ._export import ExportCommand


class Command(ExportCommand):
    help = "导出附件2《脱贫人口就业帮扶项目清单》：县级导出本县清单，市级导出项目库（xlsx 或 pdf）。"

    def handle(
        self, *args: Any, region: str, year: int, quarter: int, output: Path, user: str | None, **options: Any
    ) -> None:
        actor, found, period = self.resolve(region, year, quarter, output, user)
        header: dict[str, Any] = {}
        if found.level_enum == Level.COUNTY:
            lists = ProjectList.objects.visible_to(actor) if actor else ProjectList.objects.all()
            plist = lists.filter(region=found, year=year, quarter=quarter).first()
            version = plist.displayed_version() if plist is not None else None
            if version is not None:
                rows = rows_from(version.rows)
                header = {
                    "filled_by": version.filled_by,
                    "phone": version.phone,
                    "filled_on": version.filled_on,
                }
            else:
                first, last = quarter_window(found, period)
                projects = (
                    Project.objects.filter(region=found)
                    .active_between(first, last)
                    .order_by("started_on", "id")
                )
                rows = project_rows(projects, first, last)
        elif found.level_enum == Level.CITY:
            entries = (
                LibraryEntry.objects.filter(region=found)
                .select_related("project")
                .order_by("project__region_id", "project__started_on", "project_id")
            )
            rows = project_rows([e.project for e in entries], *quarter_window(found, period))
        else:
            raise CommandError("项目清单按县级导出，项目库按市级导出")
        if output.suffix.lower() == ".pdf":
            try:
                content = pdf.project_list_pdf(form_header(found), rows, **header)
            except FontMissing as exc:
                raise CommandError(str(exc)) from None
        else:
            content = xlsx_layout.project_list_xlsx(form_header(found), rows, **header)
        output.write_bytes(content)
        self.log(
            actor, "reports.project_list", found, year=year, quarter=quarter, rows=len(rows), file=output.name
        )
        self.stdout.write(f"已导出{found.name}{period.label}项目清单（{len(rows)}个项目）到 {output}")
