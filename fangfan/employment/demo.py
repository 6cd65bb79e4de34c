"""Deterministic synthetic employment histories for demos and benchmarks.

Each labourer of the region gets a plausible history over the last ``months`` months:
about seven in ten work; work away from home (省外, 省内县外) pays more than work in the
county; some migrants go home for the Spring Festival (their spell ends in January and a
new one starts in March), which is the seasonal dip the month-on-month rule must not
mistake for a fall. Spells are written set-based and the ledger is computed afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from fangfan.core import bulk
from fangfan.registry.models import Person

from . import checks, ledger
from .models import Employment, EmploymentKind, Source, WorkArea
from .rules import add_months

EMPLOYERS = {
    WorkArea.OUT_OF_PROVINCE: (
        "苏州某电子有限公司",
        "宁波某服装厂",
        "上海某物流公司",
        "天津某建筑公司",
        "深圳某电子厂",
    ),
    WorkArea.IN_PROVINCE: (
        "济南某建筑公司",
        "青岛某食品公司",
        "太原某物流公司",
        "临沂某商贸公司",
        "潍坊某机械厂",
    ),
    WorkArea.IN_COUNTY: ("本县某纺织厂", "村就业帮扶车间", "镇农业合作社", "县城某超市", "乡村保洁岗位"),
}
INCOME = {
    WorkArea.OUT_OF_PROVINCE: (4000, 7000),
    WorkArea.IN_PROVINCE: (3000, 5200),
    WorkArea.IN_COUNTY: (1600, 3500),
}
DESTINATIONS = ("320000000000", "330000000000", "310000000000", "120000000000", "440000000000")
ATTRS = [
    "person_id",
    "start",
    "end",
    "employer",
    "kind",
    "work_area",
    "destination_province_id",
    "monthly_income",
    "organised",
    "source",
    "source_ref",
    "notes",
]


@dataclass(frozen=True)
class DemoResult:
    people: int
    spells: int
    records: int


def history(rng: random.Random, pid: int, home: str, first: dt.date, today: dt.date) -> list[list[object]]:
    if rng.random() > 0.72:
        return []
    area = rng.choices(list(INCOME), [35, 25, 40])[0]
    low, high = INCOME[area]
    income = rng.randrange(low, high, 50)
    employer = rng.choice(EMPLOYERS[area])
    destination = None
    if area == WorkArea.OUT_OF_PROVINCE:
        destination = rng.choice([d for d in DESTINATIONS if d[:2] != home[:2]])
    kind = (
        EmploymentKind.WORKSHOP
        if "车间" in employer
        else rng.choice([EmploymentKind.ENTERPRISE, EmploymentKind.ENTERPRISE, EmploymentKind.FLEXIBLE])
    )
    organised = area != WorkArea.IN_COUNTY and rng.random() < 0.2
    # Half the workers were already in work before the period; the rest started during it.
    offset = rng.randrange(-3 * 365, max(1, (today - first).days - 60))
    start = first + dt.timedelta(days=offset if rng.random() < 0.5 else abs(offset) // 2)
    end = None
    if rng.random() < 0.15:
        end = start + dt.timedelta(days=rng.randrange(60, 400))
        end = end if end < today else None
    goes_home = area != WorkArea.IN_COUNTY and rng.random() < 0.3
    spells: list[list[object]] = []
    pieces = [(start, end)]
    if goes_home:
        pieces = []
        cursor = start
        while True:
            leave = dt.date(cursor.year, 1, rng.randrange(10, 28))
            if leave <= cursor + dt.timedelta(days=30):
                leave = leave.replace(year=cursor.year + 1)
            if (end is not None and end <= leave) or leave >= today:
                pieces.append((cursor, end))
                break
            pieces.append((cursor, leave))
            back = dt.date(leave.year, 3, rng.randrange(1, 20))
            if back >= today or (end is not None and end <= back):
                break
            cursor = back
    for n, (s, e) in enumerate(pieces):
        raise_by = 50 * n
        spells.append(
            [
                pid,
                s,
                e,
                employer,
                kind,
                area,
                destination,
                income + raise_by,
                organised,
                Source.MANUAL,
                "",
                "演示数据",
            ]
        )
    if rng.random() < 0.08:
        second = start + dt.timedelta(days=rng.randrange(0, 200))
        if second < today:
            spells.append(
                [
                    pid,
                    second,
                    None,
                    "乡村公益性岗位（兼职）",
                    EmploymentKind.FLEXIBLE,
                    WorkArea.IN_COUNTY,
                    None,
                    rng.randrange(500, 900, 50),
                    False,
                    Source.MANUAL,
                    "",
                    "演示数据",
                ]
            )
    return spells


def generate(prefix: str, months: int = 36, seed: int = 2023) -> DemoResult:
    """Spells for the labourers under ``prefix`` who have none yet, then their monthly records."""
    rng = random.Random(seed)
    today = ledger.current_month() + dt.timedelta(days=27)
    first = add_months(ledger.current_month(), -months)
    people = (
        Person.objects.filter(village__code__startswith=prefix, is_labourer=True, left_on__isnull=True)
        .exclude(spells__isnull=False)
        .order_by("id")
        .values_list("id", "village_id")
    )
    rows: list[list[object]] = []
    ids: list[int] = []
    for pid, village in people.iterator(chunk_size=20_000):
        spells = history(rng, pid, village, first, today)
        if spells:
            rows.extend(spells)
            ids.append(pid)
    bulk.insert_rows(Employment, ATTRS, rows)
    records = ledger.refresh_people(ids, rollups=False)
    checks.rebuild_rollups()
    return DemoResult(people=len(ids), spells=len(rows), records=records)
