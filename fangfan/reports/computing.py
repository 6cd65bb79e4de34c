"""Computing 附件1 from the ledger, set-based and exact by construction.

A row's figure is the figure's own QuerySet for that row's region, counted: the
definition stays in one place, whatever relation it uses to place its records (a
person counted by the workshop's location, an alliance by its members' regions).
For one column, the counts of the reporting region (the total) and of every
sub-region are one ``UNION ALL`` statement of ``SELECT code, COUNT(*)`` branches,
so a province over ~130 counties is one query per column, not 130. A submission also keeps the
records each cell counted: the same statement with ``SELECT code, pk`` branches, one per column too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection

from fangfan.core.figures import Figure
from fangfan.core.planning import without_jit
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .definitions import COLUMNS, Column

# Branches per statement: SQLite allows 500 terms in a compound SELECT.
CHUNK = 200


@dataclass
class ColumnCounts:
    total: int
    by_row: dict[str, int]

    @property
    def row_sum(self) -> int:
        return sum(self.by_row.values())


@dataclass
class Computed:
    region: Region
    first: dt.date
    last: dt.date
    row_level: Level
    rows: list[Region]
    counts: dict[str, ColumnCounts] = field(default_factory=dict)
    # Column key → region code → the primary keys of the records counted (with ``members=True``).
    members: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def value(self, column_key: str, row_code: str) -> int:
        counts = self.counts[column_key]
        if row_code == self.region.code:
            return counts.total
        return counts.by_row.get(row_code, 0)

    def members_of(self, column_key: str, row_code: str) -> list[int] | None:
        """The records the cell counted, when they were collected."""
        return self.members.get(column_key, {}).get(row_code)


def sub_regions(region: Region, level: Level) -> list[Region]:
    """The rows under ``region``: its descendants at ``level``, by code."""
    return list(
        Region.objects.filter(code__startswith=region.prefix, level=level)
        .exclude(code=region.code)
        .order_by("code")
    )


def _branch(
    figure: Figure, region: Region, first: dt.date, last: dt.date, select: str = "COUNT(*)"
) -> tuple[str, list]:
    """``SELECT code, COUNT(*)`` over the figure's records for ``region``: what ``.count()`` counts
    (or, with ``select="counted.*"``, the primary key of each of them)."""
    records = figure.queryset(region, first, last).order_by().values_list("pk")
    sql, params = records.query.sql_with_params()
    return f"SELECT %s, {select} FROM ({sql}) counted", [region.code, *params]


def _union(
    figure: Figure, regions: Sequence[Region], first: dt.date, last: dt.date, select: str
) -> Iterator[tuple[str, int]]:
    """The rows of one ``UNION ALL`` statement of ``_branch``es per 200 regions."""
    for start in range(0, len(regions), CHUNK):
        branches = [_branch(figure, r, first, last, select) for r in regions[start : start + CHUNK]]
        sql = " UNION ALL ".join(branch for branch, _ in branches)
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for _, params in branches for p in params])
            yield from cursor.fetchall()


def figure_counts(figure: Figure, regions: Sequence[Region], first: dt.date, last: dt.date) -> dict[str, int]:
    """Region code → ``figure.value(region, first, last)`` for every region, in one statement per 200."""
    counts = {r.code: 0 for r in regions}
    counts.update(_union(figure, regions, first, last, "COUNT(*)"))
    return counts


def figure_members(
    figure: Figure, regions: Sequence[Region], first: dt.date, last: dt.date
) -> dict[str, list[int]]:
    """Region code → the primary keys of the records ``figure`` counts there, in one statement per 200."""
    members: dict[str, list[int]] = {r.code: [] for r in regions}
    for code, pk in _union(figure, regions, first, last, "counted.*"):
        members[code].append(pk)
    return members


def compute(
    region: Region,
    first: dt.date,
    last: dt.date,
    row_level: Level,
    columns: Sequence[Column] = COLUMNS,
    members: bool = False,
) -> Computed:
    """Every column for ``region`` and its rows; with ``members``, also the records each cell counted
    (the counts are then their numbers: one statement per column either way)."""
    rows = sub_regions(region, row_level)
    result = Computed(region=region, first=first, last=last, row_level=row_level, rows=rows)
    with without_jit():
        for column in columns:
            if members:
                found = figure_members(column.figure, [region, *rows], first, last)
                result.members[column.key] = found
                counts = {code: len(pks) for code, pks in found.items()}
            else:
                counts = figure_counts(column.figure, [region, *rows], first, last)
            result.counts[column.key] = ColumnCounts(total=counts.pop(region.code), by_row=counts)
    return result
