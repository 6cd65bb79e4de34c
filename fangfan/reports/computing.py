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
from typing import Any

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


def _records_sql(figure: Figure, region: Region, first: dt.date, last: dt.date) -> tuple[str, list[Any]]:
    records = figure.queryset(region, first, last).order_by().values_list("pk")
    sql, params = records.query.sql_with_params()
    return sql, list(params)


def _moved(param: Any, source: Region, target: Region) -> Any:
    """A parameter of ``source``'s statement as it is for ``target``: its code, or its prefix + a rest."""
    if isinstance(param, str):
        if param == source.code:
            return target.code
        if param.startswith(source.prefix):
            return target.prefix + param[len(source.prefix) :]
    return param


def _statements(
    figure: Figure, regions: Sequence[Region], first: dt.date, last: dt.date
) -> Iterator[tuple[Region, str, list[Any]]]:
    """Each region's statement of the figure's records.

    Building a figure's QuerySet and its SQL costs milliseconds of Python, and 附件1 of a province
    needs one per county and column. Within a level, a figure's statement usually differs from one
    region to the next only by the region's code or prefix among its parameters, so it is built for
    the first and the last region of the level (different cities, as a rule), and when the second is
    exactly the first with the codes moved, every region of the level gets the first with its codes.
    Otherwise (the SQL or another parameter depends on the region) each region gets its own.
    """
    by_level: dict[int, list[Region]] = {}
    for region in regions:
        by_level.setdefault(region.level, []).append(region)
    for group in by_level.values():
        probe = group[0]
        sql, params = _records_sql(figure, probe, first, last)
        shared = False
        if len(group) > 2:
            other_sql, other_params = _records_sql(figure, group[-1], first, last)
            shared = other_sql == sql and [_moved(p, probe, group[-1]) for p in params] == other_params
        for region in group:
            if region is probe:
                yield region, sql, params
            elif shared:
                yield region, sql, [_moved(p, probe, region) for p in params]
            else:
                yield region, *_records_sql(figure, region, first, last)


def _union(
    figure: Figure, regions: Sequence[Region], first: dt.date, last: dt.date, select: str
) -> Iterator[tuple[str, int]]:
    """``SELECT code, COUNT(*)`` over the figure's records of each region (what ``.count()`` counts;
    with ``select="counted.*"``, the primary key of each), one ``UNION ALL`` statement per 200 regions."""
    statements = list(_statements(figure, regions, first, last))
    for start in range(0, len(statements), CHUNK):
        chunk = statements[start : start + CHUNK]
        sql = " UNION ALL ".join(f"SELECT %s, {select} FROM ({branch}) counted" for _, branch, _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for region, _, params in chunk for p in (region.code, *params)])
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
