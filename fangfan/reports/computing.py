"""Computing 附件1 from the ledger, set-based.

For each column: one COUNT for the reporting region itself (the total row), and
one grouped query over the same figure's QuerySet that counts its records per
sub-region prefix. The QuerySet is the figure's own (the definition stays in one
place); only the grouping is added here. A province over ~130 counties is
therefore 2 queries per column, not 130.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.db.models.functions import Substr

from fangfan.core.figures import Figure
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .definitions import COLUMNS, Column


@dataclass
class ColumnCounts:
    total: int
    by_row: dict[str, int]
    unassigned: int

    @property
    def row_sum(self) -> int:
        return sum(self.by_row.values()) + self.unassigned


@dataclass
class Computed:
    region: Region
    first: dt.date
    last: dt.date
    row_level: Level
    rows: list[Region]
    counts: dict[str, ColumnCounts] = field(default_factory=dict)

    def value(self, column_key: str, row_code: str | None) -> int:
        counts = self.counts[column_key]
        if row_code is None or row_code == self.region.code:
            return counts.total
        if row_code == "":
            return counts.unassigned
        return counts.by_row.get(row_code, 0)


def sub_regions(region: Region, level: Level) -> list[Region]:
    """The rows under ``region``: its descendants at ``level``, by code."""
    return list(
        Region.objects.filter(code__startswith=region.prefix, level=level)
        .exclude(code=region.code)
        .order_by("code")
    )


def grouped_counts(
    figure: Figure, region: Region, first: dt.date, last: dt.date, level: Level, path: str | None = None
) -> dict[str, int]:
    """Per sub-region prefix, the number of the figure's records placed there.

    ``path`` leads from the figure's records to the Region that places them (by default the
    QuerySet's ``region_field``). A record placed in two sub-regions (through a many-valued
    path) counts in both, as it would if the figure were computed for each sub-region.
    """
    qs = figure.queryset(region, first, last)
    path = path or getattr(qs, "region_field", None)
    if not path:
        raise ImproperlyConfigured(
            f"指标{figure.key}的记录没有区域字段；请在 reports.definitions.REGION_PATHS 中指明"
        )
    rows = (
        qs.order_by()
        .annotate(_part=Substr(path, 1, level.prefix_length))
        .values("_part")
        .annotate(_n=Count("pk", distinct=True))
        .values_list("_part", "_n")
    )
    return dict(rows)


def column_counts(
    column: Column, region: Region, first: dt.date, last: dt.date, level: Level, rows: Sequence[Region]
) -> ColumnCounts:
    figure = column.figure
    total = figure.value(region, first, last)
    parts = grouped_counts(figure, region, first, last, level, column.region_path)
    by_row = {r.code: parts.pop(r.prefix, 0) for r in rows}
    return ColumnCounts(total=total, by_row=by_row, unassigned=sum(parts.values()))


def compute(
    region: Region,
    first: dt.date,
    last: dt.date,
    row_level: Level,
    columns: Sequence[Column] = COLUMNS,
) -> Computed:
    rows = sub_regions(region, row_level)
    result = Computed(region=region, first=first, last=last, row_level=row_level, rows=rows)
    for column in columns:
        result.counts[column.key] = column_counts(column, region, first, last, row_level, rows)
    return result
