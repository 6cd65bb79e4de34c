"""A whole province for the benchmarks (issue 6), built in stages that each skip when done.

1. People: the demo households and people of ``registry.demo`` in the province's real villages,
   as many as give the number of labourers asked for (about 78.5% of the demo people are
   labourers: the rest are children, elders and people who cannot work).
2. Employment: ``employment.demo.history`` for every labourer, 24 months back, and their monthly
   records computed with the counting rule (``rules.month_facts``) straight from the spells just
   written, a chunk of people at a time, then every rollup in SQL. This is the one-off path of
   ``check_rollups --repair``; the ledger's own delta path would compare against stored months
   that do not exist yet.
3. Instruments: workshops, relief projects, posts, training, cooperation and relocation at the
   proportions of ``demo.instruments`` (which skips a region that has any).

Deterministic for a seed on an empty database: people are generated in order, and spells and
records follow the people's ids.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from fangfan.cooperation.models import OutboundBatch
from fangfan.core import bulk
from fangfan.demo import instruments
from fangfan.employment import checks, ledger
from fangfan.employment import demo as employment_demo
from fangfan.employment.models import Employment, MonthlyRecord
from fangfan.employment.rules import SpellFacts, add_months, month_facts, month_start, months_between
from fangfan.posts.models import PostAppointment, PublicPost
from fangfan.regions.models import Region
from fangfan.registry import demo as registry_demo
from fangfan.registry.models import Household, Person
from fangfan.relief.models import ReliefHire, WorkReliefProject
from fangfan.relocation.models import JobFair, RelocationSite
from fangfan.training.models import Training, TrainingEnrolment
from fangfan.workshops.models import Workshop, WorkshopWorker

INSTRUMENT_ROWS = (
    ("workshops", Workshop),
    ("workshop_workers", WorkshopWorker),
    ("relief_projects", WorkReliefProject),
    ("relief_hires", ReliefHire),
    ("posts", PublicPost),
    ("post_appointments", PostAppointment),
    ("outbound_batches", OutboundBatch),
    ("relocation_sites", RelocationSite),
    ("job_fairs", JobFair),
    ("trainings", Training),
    ("training_enrolments", TrainingEnrolment),
)
LABOUR_SHARE = 0.785
CHUNK = 50_000

Say = Callable[[str], None]


def build(region: Region, labourers: int, months: int, seed: int, say: Say) -> dict[str, int]:
    """Fill ``region`` (a province, or any region with villages) and return what it holds."""
    started = time.monotonic()
    people = Person.objects.in_region(region)
    if people.exists():
        say(f"{region.name}已有人员，跳过人员生成。")
    else:
        with transaction.atomic():
            result = registry_demo.generate(region.prefix, math.ceil(labourers / LABOUR_SHARE), seed)
        say(f"人员：{result.households} 户、{result.persons} 人，用时 {time.monotonic() - started:.0f} 秒。")
        _analyze()
    if Employment.objects.in_region(region).exists():
        say(f"{region.name}已有务工记录，跳过务工生成。")
    else:
        _employment(region, months, seed, say)
        _analyze()
    written = instruments.generate(region.prefix, seed, say)
    if written:
        _analyze()
    return counts(region)


def counts(region: Region) -> dict[str, int]:
    people = Person.objects.in_region(region)
    return {
        "households": Household.objects.in_region(region).count(),
        "people": people.count(),
        "labourers": people.labourers().count(),
        "spells": Employment.objects.in_region(region).count(),
        "monthly_records": MonthlyRecord.objects.in_region(region).count(),
        **{name: model.objects.in_region(region).count() for name, model in INSTRUMENT_ROWS},
    }


def _employment(region: Region, months: int, seed: int, say: Say) -> None:
    started = time.monotonic()
    rng = random.Random(seed)
    through = ledger.horizon()
    today = through + dt.timedelta(days=27)
    first = add_months(through, -months)
    labourers = list(
        Person.objects.in_region(region)
        .labourers()
        .filter(left_on__isnull=True)
        .order_by("id")
        .values_list("id", "village_id")
    )
    spells = records = 0
    for i in range(0, len(labourers), CHUNK):
        chunk = labourers[i : i + CHUNK]
        rows = [
            row for pid, village in chunk for row in employment_demo.history(rng, pid, village, first, today)
        ]
        with transaction.atomic():
            spells += bulk.insert_rows(Employment, employment_demo.ATTRS, rows)
            # The records read the chunk's spells back first: no query may run inside a COPY.
            records += bulk.insert_rows(MonthlyRecord, ledger.RECORD_ATTRS, list(_records(chunk, through)))
        say(
            f"  务工：{i + len(chunk)}/{len(labourers)} 名劳动力，{spells} 段务工、{records} 条月度记录，"
            f"{time.monotonic() - started:.0f} 秒"
        )
    rolled = time.monotonic()
    with transaction.atomic():
        checks.rebuild_rollups()
    say(f"务工：汇总重建 {time.monotonic() - rolled:.0f} 秒；共 {time.monotonic() - started:.0f} 秒。")


def _records(chunk: list[tuple[int, str]], through: dt.date) -> Iterator[list[object]]:
    """The months of the chunk's people from the spells as stored (their ids break ties)."""
    spells: dict[int, list[SpellFacts]] = defaultdict(list)
    rows = Employment.objects.filter(person_id__gte=chunk[0][0], person_id__lte=chunk[-1][0]).values_list(
        "person_id", "id", "start", "end", "work_area", "monthly_income", "organised"
    )
    for pid, sid, start, end, area, income, organised in rows:
        spells[pid].append(SpellFacts(sid, start, end, area, income, organised))
    for pid, village in chunk:
        own = spells.get(pid)
        if not own:
            continue
        for month in months_between(month_start(min(s.start for s in own)), through):
            facts = month_facts(own, month)
            if facts is not None:
                yield [pid, month, village, facts.work_area, facts.organised, facts.income, facts.jobs, False]


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
