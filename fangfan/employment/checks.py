"""``check_rollups``: recompute the ledger from the raw records and report every difference.

Two checks, each from the ground up:

1. records: every person's months recomputed from their spells and their registry entry
   (``ledger.plan_chunk`` over all months) against the stored MonthlyRecords;
2. rollups: the records summed per region and month at every level, in SQL, against the
   stored MonthlyRollups (walked in order, so memory stays flat at a million people).

With both equal, each rollup equals what the spells give. ``repair`` rewrites what differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from fangfan.regions.codes import PREFIX_LENGTHS, Level
from fangfan.regions.models import Region

from . import ledger
from .models import ROLLUP_MEASURES, Employment, MonthlyRecord, MonthlyRollup, WorkArea

SAMPLE = 50


@dataclass
class Report:
    people: int = 0
    record_differences: int = 0
    rollup_differences: int = 0
    samples: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.record_differences and not self.rollup_differences

    def note(self, line: str) -> None:
        if len(self.samples) < SAMPLE:
            self.samples.append(line)

    def as_dict(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "record_differences": self.record_differences,
            "rollup_differences": self.rollup_differences,
            "samples": self.samples,
        }


def _people(region: Region | None) -> list[int]:
    spells = Employment.objects.all()
    records = MonthlyRecord.objects.all()
    if region is not None:
        spells = spells.in_region(region)
        records = records.in_region(region)
    ids = set(spells.values_list("person_id", flat=True))
    ids.update(records.values_list("person_id", flat=True))
    return sorted(ids)


def check_records(report: Report, region: Region | None, repair: bool) -> None:
    through = ledger.horizon()
    people = _people(region)
    report.people = len(people)
    for chunk in ledger._chunks(people, ledger.CHUNK):
        plan = ledger.plan_chunk(dict.fromkeys(chunk), through, check_stale=False)
        report.record_differences += len(plan.differences)
        for (pid, month), before, after in plan.differences:
            report.note(f"人员{pid} {month:%Y-%m} 月度记录：现为{before}，应为{after}")
        if repair and not plan.empty:
            with transaction.atomic():
                ledger.write(plan)


def _expected_sql(level: Level, prefix: str) -> tuple[str, list[Any]]:
    length = PREFIX_LENGTHS[level]
    padding = "0" * (12 - length)
    records = connection.ops.quote_name(MonthlyRecord._meta.db_table)
    regions = connection.ops.quote_name(Region._meta.db_table)
    code = f"substr(m.village_id, 1, {length})" + (f" || '{padding}'" if padding else "")
    own = "CASE WHEN m.inflow THEN 0 ELSE 1 END"
    measures = {
        "employed": f"SUM({own})",
        "local": f"SUM(CASE WHEN m.work_area = '{WorkArea.IN_COUNTY}' AND NOT m.inflow THEN 1 ELSE 0 END)",
        "in_province": f"SUM(CASE WHEN m.work_area = '{WorkArea.IN_PROVINCE}' AND NOT m.inflow THEN 1 ELSE 0 END)",
        "out_of_province": (
            f"SUM(CASE WHEN m.work_area = '{WorkArea.OUT_OF_PROVINCE}' AND NOT m.inflow THEN 1 ELSE 0 END)"
        ),
        "organised": "SUM(CASE WHEN m.organised AND NOT m.inflow THEN 1 ELSE 0 END)",
        "income": "SUM(CASE WHEN m.inflow THEN 0 ELSE m.income END)",
        "inflow": "SUM(CASE WHEN m.inflow THEN 1 ELSE 0 END)",
    }
    select = ", ".join(f"{measures[m]} AS {m}" for m in ROLLUP_MEASURES)
    sql = (
        f"SELECT r.code, m.month, {select} FROM {records} m JOIN {regions} r ON r.code = {code} "
        f"WHERE r.level = %s AND m.village_id LIKE %s GROUP BY r.code, m.month ORDER BY r.code, m.month"
    )
    return sql, [int(level), prefix + "%"]


def _expected(level: Level, prefix: str) -> Iterator[tuple[tuple[str, dt.date], tuple[int, ...]]]:
    sql, params = _expected_sql(level, prefix)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for code, month, *values in cur.fetchall():
            if isinstance(month, str):
                month = dt.date.fromisoformat(month)
            yield (code, month), tuple(int(v or 0) for v in values)


def _stored(level: Level, prefix: str) -> Iterator[tuple[tuple[str, dt.date], tuple[int, ...]]]:
    rows = (
        MonthlyRollup.objects.filter(level=level, region__code__startswith=prefix)
        .order_by("region_id", "month")
        .values_list("region_id", "month", *ROLLUP_MEASURES)
    )
    for code, month, *values in rows.iterator(chunk_size=5000):
        yield (code, month), tuple(values)


def check_rollups(report: Report, region: Region | None) -> None:
    prefix = region.prefix if region is not None else ""
    top = Level(region.level) if region is not None else Level.PROVINCE
    zero = (0,) * len(ROLLUP_MEASURES)
    for level in Level:
        if level < top:
            continue
        expected = dict(_expected(level, prefix))
        for key, values in _stored(level, prefix):
            want = expected.pop(key, zero)
            if values != want:
                _differ(report, key, values, want)
        for key, want in expected.items():
            if want != zero:
                _differ(report, key, zero, want)


def _differ(report: Report, key: tuple[str, dt.date], stored: tuple[int, ...], want: tuple[int, ...]) -> None:
    report.rollup_differences += 1
    fields = "，".join(
        f"{name} 现为{s} 应为{w}" for name, s, w in zip(ROLLUP_MEASURES, stored, want, strict=True) if s != w
    )
    report.note(f"汇总 {key[0]} {key[1]:%Y-%m}：{fields}")


@transaction.atomic
def rebuild_rollups() -> None:
    """Replace every rollup with the sums of the records (the ancestors of any region depend on it)."""
    MonthlyRollup.objects.all().delete()
    table = connection.ops.quote_name(MonthlyRollup._meta.db_table)
    names = ", ".join(["region_id", "month", "level", *ROLLUP_MEASURES])
    with connection.cursor() as cur:
        for level in Level:
            sql, params = _expected_sql(level, "")
            select = sql.replace("SELECT r.code, m.month,", "SELECT r.code, m.month, r.level,", 1)
            cur.execute(f"INSERT INTO {table} ({names}) {select}", params)


def run(region: Region | None = None, repair: bool = False) -> Report:
    report = Report()
    check_records(report, region, repair)
    check_rollups(report, region)
    if repair and report.rollup_differences:
        rebuild_rollups()
    return report
