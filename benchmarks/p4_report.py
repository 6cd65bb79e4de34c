"""P4: 附件1 for a province over all its counties, computed and written as xlsx (``--region`` a city for less).

    python -m benchmarks.p4_report --runs 5 --database-url postgres://postgres@127.0.0.1/fangfan_hprov

What ``manage.py export_progress_report --region 14 --year Y --quarter Q --rows 3 --output F.xlsx``
does, timed in its two parts: ``reports.sheet.working_sheet`` (every column for the province and
each county: one ``UNION ALL`` statement per column) and ``reports.exports.xlsx_layout.progress_xlsx``
(the official layout); and the command itself end to end. The peer is the naïve way: every figure
counted one county at a time (``figure.value(county, first, last)``, a query per cell). Goal ≤ 2 s.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from python_calamine import CalamineWorkbook

from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.reports.computing import sub_regions
from fangfan.reports.definitions import COLUMNS, Period
from fangfan.reports.exports.xlsx_layout import progress_xlsx
from fangfan.reports.sheet import working_sheet

from . import common


def naive(region: Region, period: Period, first: Any, last: Any) -> dict[str, dict[str, int]]:
    """Each county's figures one by one: what a loop over counties and columns would do."""
    return {
        county.code: {column.key: column.figure.value(county, first, last) for column in COLUMNS}
        for county in sub_regions(region, Level.COUNTY)
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument(
        "--region", help="province (or city) code, rows by county (default: the province with most people)"
    )
    p.add_argument("--year", type=int, help="default: this year")
    p.add_argument("--quarter", type=int, help="default: this quarter")
    p.add_argument("--skip-naive", action="store_true", help="skip the county-by-county peer")
    args = p.parse_args(argv)
    common.require_postgresql(args.smoke)
    info = common.header("P4 附件1 province over counties")
    province = Region.objects.get(code=(args.region or common.busiest(Level.PROVINCE)[:2]).ljust(12, "0"))
    today = timezone.localdate()
    period = Period(args.year or today.year, args.quarter or (today.month - 1) // 3 + 1)
    compute_times: list[float] = []
    export_times: list[float] = []
    sheet = None
    for _ in range(args.runs):
        with common.timer(compute_times):
            sheet = working_sheet(province, period, row_level=Level.COUNTY)
        with common.timer(export_times):
            content = progress_xlsx(sheet)
    assert sheet is not None
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "fujian1.xlsx"
        command_times = common.repeat(
            lambda: call_command(
                "export_progress_report",
                region=province.code,
                year=period.year,
                quarter=period.quarter,
                rows=int(Level.COUNTY),
                output=output,
                stdout=io.StringIO(),
            ),
            args.runs,
        )
        opened = CalamineWorkbook.from_path(str(output)).get_sheet_by_index(0).to_python()
    figures: dict[str, Any] = {
        "province": province.code,
        "period": period.label,
        "rows": len(sheet.rows),
        "columns": len(sheet.columns),
        "xlsx_bytes": len(content),
        "xlsx_rows": len(opened),
        "compute": common.spread(compute_times),
        "xlsx": common.spread(export_times),
        "command": common.spread(command_times),
        "total": sheet.rows[0].cells[0].value if sheet.rows and sheet.rows[0].cells else None,
    }
    summary = [
        ["working_sheet (compute)", common.seconds(figures["compute"]["median"]), ""],
        ["progress_xlsx (write)", common.seconds(figures["xlsx"]["median"]), ""],
        ["export_progress_report --rows 3", common.seconds(figures["command"]["median"]), "goal ≤ 2 s"],
    ]
    if not args.skip_naive:
        found: dict[str, dict[str, int]] = {}

        def run_naive() -> None:
            found.update(naive(province, period, sheet.first, sheet.last))

        naive_times = common.repeat(run_naive, max(1, min(args.runs, 3)))
        by_sheet = {row.code: {c.column.key: c.computed for c in row.cells} for row in sheet.rows[1:]}
        figures["naive"] = common.spread(naive_times)
        figures["naive_equals_sheet"] = found == {code: by_sheet.get(code, {}) for code in found}
        summary.append(
            [
                "naïve: each county, each figure",
                common.seconds(figures["naive"]["median"]),
                "same figures" if figures["naive_equals_sheet"] else "DIFFERENT figures",
            ]
        )
    common.record("p4_report", **figures, **info)
    common.table(summary, ["step", "median", "note"])
    return figures


if __name__ == "__main__":
    main()
