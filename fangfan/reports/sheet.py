"""The 附件1 table as shown and exported: one object that the page, the xlsx, the PDF and the
commands all render, so that what is exported is what is on the screen.

A *working* sheet is computed live from the ledger, with the report's active adjustments
applied. A *frozen* sheet is a submitted version's cells, each beside today's computed value
so that a later change in the ledger shows as "已报 120 / 台账现为 118"; a frozen figure opens
the records it counted when it was submitted, and today's list is one link away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from . import definitions
from .computing import Computed, compute
from .definitions import COLUMNS, Column, Period
from .models import Adjustment, CellKind, ProgressReport, ReportVersion
from .models.progress import quarter_window


@dataclass
class SheetCell:
    column: Column
    value: int
    computed: int
    url: str
    adjustment: Adjustment | None = None
    live: int | None = None
    # Today's list, beside a frozen figure's own.
    live_url: str = ""
    # The records counted, collected when the sheet is frozen.
    members: list[int] | None = None
    # What the row's own region reported for it, when that differs from the ledger (submissions.py).
    reported: int | None = None

    @property
    def adjusted(self) -> bool:
        return self.adjustment is not None

    @property
    def drift(self) -> bool:
        """The ledger now gives another number than it did when this figure was frozen."""
        return self.live is not None and self.live != self.computed

    @property
    def ledger(self) -> int:
        """The ledger's count today (a frozen figure's live value, else the computed one)."""
        return self.live if self.live is not None else self.computed


@dataclass
class SheetRow:
    kind: str
    code: str
    name: str
    cells: list[SheetCell]
    # The row's region's own report of the period, when it files one (submissions.py).
    submission: Any = None

    @property
    def is_total(self) -> bool:
        return self.kind == CellKind.TOTAL


@dataclass
class ColumnCheck:
    column: Column
    total: int
    row_sum: int

    @property
    def equal(self) -> bool:
        return self.total == self.row_sum


@dataclass
class Sheet:
    region: Region
    period: Period
    first: dt.date
    last: dt.date
    row_level: Level
    columns: Sequence[Column]
    rows: list[SheetRow]
    unit_name: str = ""
    filled_by: str = ""
    phone: str = ""
    filled_on: dt.date | None = None
    report: ProgressReport | None = None
    version: ReportVersion | None = None
    checks: list[ColumnCheck] = field(default_factory=list)
    # 区县 or 市 when the rows' own reports are shown beside them (submissions.attach).
    filer: str = ""

    @property
    def frozen(self) -> bool:
        return self.version is not None

    @property
    def row_header(self) -> str:
        """区（市） over districts, 市 over cities, 乡镇（街道） over townships."""
        return definitions.row_header(self.row_level)

    @property
    def as_of(self) -> str:
        """数据截至2026年11月30日: the cut-off, on the page and in every export."""
        return definitions.as_of_text(self.last)

    @property
    def drifted(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.drift)

    def cell(self, row_code: str, column_key: str) -> SheetCell:
        for row in self.rows:
            if row.code == row_code:
                for cell in row.cells:
                    if cell.column.key == column_key:
                        return cell
        raise KeyError((row_code, column_key))

    def values(self) -> list[list[int]]:
        return [[c.value for c in row.cells] for row in self.rows]


def _url(column: Column, region: Region, first: dt.date, last: dt.date) -> str:
    return column.figure.url(region, first, last)


def frozen_list_url(version: ReportVersion, row_code: str, column_key: str) -> str:
    """The records a frozen figure counted when it was submitted."""
    report = version.report
    return reverse(
        "reports:frozen_list",
        args=[report.region_id, report.year, report.quarter, version.number, row_code, column_key],
    )


def _checks(computed: Computed, columns: Sequence[Column]) -> list[ColumnCheck]:
    return [
        ColumnCheck(column=c, total=computed.counts[c.key].total, row_sum=computed.counts[c.key].row_sum)
        for c in columns
    ]


def _row_specs(computed: Computed) -> list[tuple[str, str, str, Region]]:
    specs: list[tuple[str, str, str, Region]] = [
        (CellKind.TOTAL, computed.region.code, computed.region.name, computed.region)
    ]
    specs += [(CellKind.ROW, r.code, r.name, r) for r in computed.rows]
    return specs


def working_sheet(
    region: Region,
    period: Period,
    row_level: Level | None = None,
    report: ProgressReport | None = None,
    columns: Sequence[Column] = COLUMNS,
    members: bool = False,
) -> Sheet:
    """Live figures for ``period`` (year to date), with ``report``'s active adjustments applied;
    with ``members``, each cell also holds the records it counted."""
    if report is not None:
        level = Level(report.row_level)
    else:
        level = Level(row_level or definitions.default_row_level(region.level_enum))
    first, last = report.window if report is not None else quarter_window(region, period)
    computed = compute(region, first, last, level, columns, members=members)
    adjustments: dict[tuple[str, str], Adjustment] = {}
    if report is not None:
        adjustments = {
            (a.row_code, a.column): a for a in report.adjustments.active().select_related("created_by")
        }
    rows = []
    for kind, code, name, row_region in _row_specs(computed):
        cells = []
        for column in columns:
            value = computed.value(column.key, code)
            adjustment = adjustments.get((code, column.key))
            cells.append(
                SheetCell(
                    column=column,
                    value=adjustment.value if adjustment else value,
                    computed=value,
                    url=_url(column, row_region, first, last),
                    adjustment=adjustment,
                    members=computed.members_of(column.key, code),
                )
            )
        rows.append(SheetRow(kind=kind, code=code, name=name, cells=cells))
    sheet = Sheet(
        region=region,
        period=period,
        first=first,
        last=last,
        row_level=level,
        columns=columns,
        rows=rows,
        report=report,
        checks=_checks(computed, columns),
    )
    if report is not None:
        sheet.unit_name, sheet.filled_by, sheet.phone, sheet.filled_on = (
            report.unit_name,
            report.filled_by,
            report.phone,
            report.filled_on,
        )
    return sheet


def frozen_sheet(version: ReportVersion, columns: Sequence[Column] = COLUMNS, live: bool = True) -> Sheet:
    """A submitted version as it was submitted; with ``live``, each cell also carries today's value."""
    report = version.report
    region = report.region
    level = Level(version.row_level)
    by_key = {c.key: c for c in columns}
    cells = list(
        version.cells.select_related("adjustment", "adjustment__created_by")
        .defer("members")
        .annotate(listed=ExpressionWrapper(Q(members__isnull=False), output_field=BooleanField()))
        .order_by("position", "id")
    )
    codes = {c.row_code for c in cells}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    computed = compute(region, version.first, version.last, level, columns) if live else None
    rows: dict[int, SheetRow] = {}
    for cell in cells:
        column = by_key.get(cell.column)
        if column is None:
            continue
        row = rows.get(cell.position)
        if row is None:
            row = rows[cell.position] = SheetRow(
                kind=cell.kind, code=cell.row_code, name=cell.row_name, cells=[]
            )
        now = None
        if computed is not None:
            now = computed.value(column.key, cell.row_code)
        live_url = _url(column, regions[cell.row_code], version.first, version.last)
        row.cells.append(
            SheetCell(
                column=column,
                value=cell.value,
                computed=cell.computed,
                url=frozen_list_url(version, cell.row_code, column.key) if cell.listed else live_url,
                adjustment=cell.adjustment,
                live=now,
                live_url=live_url,
            )
        )
    order = {c.key: i for i, c in enumerate(columns)}
    for row in rows.values():
        row.cells.sort(key=lambda c: order[c.column.key])
    return Sheet(
        region=region,
        period=report.period,
        first=version.first,
        last=version.last,
        row_level=level,
        columns=columns,
        rows=[rows[p] for p in sorted(rows)],
        unit_name=version.unit_name,
        filled_by=version.filled_by,
        phone=version.phone,
        filled_on=version.filled_on,
        report=report,
        version=version,
        checks=_checks(computed, columns) if computed is not None else [],
    )


@dataclass
class WorkingCell:
    """One cell of a report's working copy, for the adjustment page."""

    column: Column
    row_name: str
    computed: int
    url: str
    adjustment: Adjustment | None

    @property
    def adjusted(self) -> bool:
        return self.adjustment is not None

    @property
    def value(self) -> int:
        return self.adjustment.value if self.adjustment else self.computed


def working_cell(report: ProgressReport, row_code: str, column: Column) -> WorkingCell:
    """The live value of one cell (its row: the report's region or one of its rows), and its adjustment."""
    region = report.region
    if row_code != region.code:
        region = Region.objects.get(
            code=row_code, level=report.row_level, code__startswith=report.region.prefix
        )
    first, last = report.window
    return WorkingCell(
        column=column,
        row_name=region.name,
        computed=column.figure.value(region, first, last),
        url=_url(column, region, first, last),
        adjustment=report.adjustments.active().filter(row_code=row_code, column=column.key).first(),
    )


def current_sheet(
    region: Region,
    period: Period,
    report: ProgressReport | None,
    row_level: Level | None = None,
    live: bool = True,
) -> Sheet:
    """What the report page shows for ``region`` and ``period`` (and what every export writes).

    An export of a frozen version writes what was submitted and needs no live values (``live=False``).
    """
    if report is not None:
        version = report.displayed_version()
        if version is not None:
            return frozen_sheet(version, live=live)
    return working_sheet(region, period, row_level=row_level, report=report)
