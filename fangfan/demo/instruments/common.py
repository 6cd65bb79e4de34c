"""What every instrument generator shares: the labourers of the region, the dates, and the spells.

The pools are read once, set-based (``values_list``). A person is given at most one instrument job
(workshop, relief hire, post, fair hire), so that no instrument's check sees a double job the
services would not have made; training and residence are not jobs and may be combined with one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from fangfan.core import bulk
from fangfan.employment import ledger
from fangfan.employment.models import MIGRANT_AREAS, Employment, WorkArea
from fangfan.employment.rules import add_months, month_bounds
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region
from fangfan.registry.models import Person

CENT = Decimal("0.01")
HISTORY_MONTHS = 24
WORKING_AGE = (16, 64)
POST_AGE = (18, 70)


@dataclass(frozen=True)
class Labourer:
    id: int
    name: str
    id_number: str
    village: str
    household: int
    birth: dt.date
    capacity: str
    migrant: bool
    working: bool

    def age(self, on: dt.date) -> int:
        return on.year - self.birth.year - ((on.month, on.day) < (self.birth.month, self.birth.day))


@dataclass
class Context:
    """The region, its labourers and what the generators have done so far."""

    prefix: str
    seed: int
    say: Callable[[str], None]
    today: dt.date
    first: dt.date
    names: dict[str, str]
    villages: list[str]
    labourers: list[Labourer]
    employed: set[int] = field(default_factory=set)
    touched: set[int] = field(default_factory=set)
    _counts: dict[str, int] = field(default_factory=dict)

    def rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.prefix}:{kind}")

    def by_county(self) -> dict[str, list[str]]:
        counties: dict[str, list[str]] = defaultdict(list)
        for village in self.villages:
            counties[village[:6]].append(village)
        return dict(counties)

    def labourers_in(self, county: str) -> int:
        if not self._counts:
            for person in self.labourers:
                self._counts[person.village[:6]] = self._counts.get(person.village[:6], 0) + 1
        return self._counts.get(county, 0)

    def free(self, rng: random.Random, ages: tuple[int, int] = WORKING_AGE) -> dict[str, list[Labourer]]:
        """Labourers per county of working age without a migrant spell or an instrument job yet,
        shuffled; those with no spell at all come first (an instrument job is mostly their first)."""
        pools: dict[str, list[Labourer]] = defaultdict(list)
        for person in self.labourers:
            if person.migrant or person.id in self.employed:
                continue
            if ages[0] <= person.age(self.today) <= ages[1]:
                pools[person.village[:6]].append(person)
        for pool in pools.values():
            rng.shuffle(pool)
        return dict(pools)

    def last_month(self) -> dt.date:
        return add_months(self.today, -1)

    def day_in(self, rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def load(prefix: str, seed: int, say: Callable[[str], None]) -> Context:
    today = ledger.current_month()
    villages = list(
        Region.objects.filter(code__startswith=prefix, level=Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    names = dict(Region.objects.filter(code__startswith=prefix).values_list("code", "name"))
    migrants = set(
        Employment.objects.under(prefix)
        .filter(work_area__in=MIGRANT_AREAS)
        .values_list("person_id", flat=True)
    )
    working = set(Employment.objects.under(prefix).values_list("person_id", flat=True))
    people = (
        Person.objects.under(prefix)
        .filter(is_labourer=True, left_on__isnull=True)
        .filter(models.Q(origin__isnull=True) | models.Q(origin__code__startswith=prefix[:2]))
        .order_by("id")
        .values_list("id", "name", "id_number", "village_id", "household_id", "birth_date", "labour_capacity")
    )
    labourers = [
        Labourer(pid, name, number, village, household, birth, capacity, pid in migrants, pid in working)
        for pid, name, number, village, household, birth, capacity in people.iterator(chunk_size=20_000)
    ]
    return Context(
        prefix=prefix,
        seed=seed,
        say=say,
        today=today,
        first=add_months(today, -HISTORY_MONTHS),
        names=names,
        villages=villages,
        labourers=labourers,
    )


def months_between(start: dt.date, end: dt.date | None, last: dt.date) -> list[tuple[dt.date, int, int]]:
    """(month, days active, days in month) for each month of [start, end] up to the month ``last``."""
    out = []
    month = start.replace(day=1)
    while month <= last:
        first_day, last_day = month_bounds(month.year, month.month)
        if end is not None and end < first_day:
            break
        active = (min(last_day, end or last_day) - max(first_day, start)).days + 1
        out.append((month, active, last_day.day))
        month = add_months(month, 1)
    return out


def place(destination: str, level: int, home: str) -> tuple[str, str, str | None]:
    """务工地域, province and city as ``kit.spells.place_of_work`` gives them (same-province places)."""
    province = destination[:2].ljust(CODE_LENGTH, "0")
    city = destination[:4].ljust(CODE_LENGTH, "0") if level >= Level.CITY else None
    if destination[:2] != home[:2]:
        area = WorkArea.OUT_OF_PROVINCE
    elif level >= Level.COUNTY and destination[:6] == home[:6]:
        area = WorkArea.IN_COUNTY
    else:
        area = WorkArea.IN_PROVINCE
    return area, province, city


SPELL_ATTRS = [
    "person_id",
    "start",
    "end",
    "employer",
    "kind",
    "work_area",
    "destination_province_id",
    "destination_city_id",
    "monthly_income",
    "organised",
    "source",
    "source_ref",
    "notes",
]


@dataclass(frozen=True)
class Job:
    """The spell an instrument's record owns, as its service's ``sync_spell`` call would make it."""

    record: int
    person: int
    home: str
    start: dt.date
    end: dt.date | None
    employer: str
    kind: str
    workplace: str
    workplace_level: int
    income: Decimal
    notes: str = ""
    organised: bool = False


def insert(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """``bulk.insert_rows`` with the columns not named filled as the ORM would: the field's default,
    else a blank text (COPY has no defaults of Django's to fall back on)."""
    extra: list[tuple[str, Any]] = []
    for f in model._meta.concrete_fields:
        if (
            f.primary_key
            or f.attname in attnames
            or f.null
            or f.attname in ("created_at", "updated_at", "at")
        ):
            continue
        if f.has_default():
            extra.append((f.attname, f.get_default()))
        elif isinstance(f, (models.CharField, models.TextField)):
            extra.append((f.attname, ""))
    if not extra:
        return bulk.insert_rows(model, attnames, rows)
    names = [*attnames, *(name for name, _value in extra)]
    tail = tuple(value for _name, value in extra)
    return bulk.insert_rows(model, names, ((*row, *tail) for row in rows))


def write_spells(prefix: str, model: type[models.Model], source: str, jobs: Sequence[Job]) -> int:
    """Insert the jobs' spells named ``"<app>.<model>:<pk>"`` and link each record to its spell."""
    label = model._meta.label_lower
    rows = []
    for job in jobs:
        area, province, city = place(job.workplace, job.workplace_level, job.home)
        rows.append(
            [
                job.person,
                job.start,
                job.end,
                job.employer[:200],
                job.kind,
                area,
                province,
                city,
                job.income,
                job.organised,
                source,
                f"{label}:{job.record}",
                job.notes[:500],
            ]
        )
    insert(Employment, SPELL_ATTRS, rows)
    wanted = {f"{label}:{job.record}": job.record for job in jobs}
    links = [
        (wanted[ref], spell)
        for ref, spell in Employment.objects.filter(
            person__village__code__startswith=prefix, source=source, source_ref__startswith=f"{label}:"
        )
        .values_list("source_ref", "id")
        .iterator(chunk_size=20_000)
        if ref in wanted
    ]
    bulk.update_rows(model, "id", ["spell_id"], links)
    return len(rows)


def new_ids(model: type[models.Model], filters: dict[str, Any], key: str | Iterable[str]) -> dict[Any, int]:
    """The ids of rows just written, by a natural key (one column or several)."""
    keys = [key] if isinstance(key, str) else list(key)
    found: dict[Any, int] = {}
    for row in model._default_manager.filter(**filters).values_list(*keys, "id").iterator(chunk_size=20_000):
        found[row[0] if len(keys) == 1 else tuple(row[:-1])] = row[-1]
    return found


def pay_day(rng: random.Random, month: dt.date, earliest: int = 5, latest: int = 25) -> dt.date:
    """A day of the month after ``month``: wages are paid the following month."""
    following = add_months(month, 1)
    return following.replace(day=rng.randint(earliest, latest))
