"""The monthly ledger: MonthlyRecords and MonthlyRollups, kept fresh by deltas.

Every change of spells (``services``, the monthly import, the instruments through
``services``) calls :func:`refresh` with the people and the dates it touched, in the
same transaction. refresh recomputes those people's months from their spells with
the counting rule (``rules.month_facts``), writes only the records that differ, and
adds the difference to the rollup row of every ancestor region (village → province)
with one set-based upsert (a COPY into a staging table on PostgreSQL, 500 rows a
statement elsewhere). Nothing is rebuilt at night; when a month begins, the first call of
:func:`horizon` (every write, the dashboard, the indicators) has :func:`roll_forward` write the
new month for the spells still open.

Records exist up to the :class:`Horizon` month: the current month, since :func:`horizon` rolls
forward when a month has begun.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Substr
from django.utils import timezone

from fangfan.core import bulk
from fangfan.regions.codes import ancestor_codes
from fangfan.regions.models import Region
from fangfan.registry.models import Person

from .models import ROLLUP_MEASURES, Employment, Horizon, MonthlyRecord, MonthlyRollup, WorkArea
from .rules import SpellFacts, add_months, month_facts, month_start, months_between, spell_months

CHUNK = 20_000
STALE_QUERY_LIMIT = 1_000  # above this many people, staleness is found among the months fetched
UPSERT_ROWS = 500
RECORD_ATTRS = ["person_id", "month", "village_id", "work_area", "organised", "income", "jobs", "inflow"]

Months = tuple[dt.date, dt.date]
Key = tuple[int, dt.date]
Stored = tuple[str, str, bool, int, int, bool]  # village, area, organised, income, jobs, inflow


def current_month() -> dt.date:
    return month_start(timezone.localdate())


def horizon() -> dt.date:
    """The last month with records, brought to the current month first when a month has begun.

    So the first write or read of a new month rolls the ledger forward (:func:`roll_forward`, which
    locks the Horizon row: concurrent callers wait for one roll and find it done); no button or
    schedule is needed. One indexed read otherwise.
    """
    through = Horizon.objects.filter(pk=1).values_list("through", flat=True).first()
    if through is None or through < current_month():
        roll_forward()
        through = Horizon.objects.values_list("through", flat=True).get(pk=1)
    return through


def vector(stored: Stored) -> list[int]:
    """A record's contribution to a rollup row, in the order of ROLLUP_MEASURES."""
    _, area, organised, income, _, inflow = stored
    if inflow:
        return [0, 0, 0, 0, 0, 0, 1]
    return [
        1,
        int(area == WorkArea.IN_COUNTY),
        int(area == WorkArea.IN_PROVINCE),
        int(area == WorkArea.OUT_OF_PROVINCE),
        int(organised),
        income,
        0,
    ]


def is_inflow(village_id: str, origin_id: str | None) -> bool:
    return origin_id is not None and origin_id[:2] != village_id[:2]


@dataclass
class Plan:
    """What must change so that the records of some people match their spells."""

    deletes: list[int] = field(default_factory=list)
    inserts: list[list[Any]] = field(default_factory=list)
    delta: dict[tuple[str, dt.date], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 7))
    differences: list[tuple[Key, Stored | None, Stored | None]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.deletes and not self.inserts


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _spells(person_ids: list[int]) -> dict[int, list[SpellFacts]]:
    found: dict[int, list[SpellFacts]] = defaultdict(list)
    rows = Employment.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "id", "start", "end", "work_area", "monthly_income", "organised"
    )
    for person_id, spell_id, start, end, area, income, organised in rows:
        found[person_id].append(SpellFacts(spell_id, start, end, area, income, organised))
    return found


def _stale(person_ids: list[int]) -> set[int]:
    """People whose stored months name another village, or another inflow status, than they have now."""
    home = Substr("person__village_id", 1, 2)
    origin = Substr("person__origin_id", 1, 2)
    qs = (
        MonthlyRecord.objects.filter(person_id__in=person_ids)
        .annotate(home=home, origin_province=origin)
        .filter(
            ~Q(village_id=F("person__village_id"))
            | Q(inflow=True, person__origin__isnull=True)
            | Q(inflow=True, origin_province=F("home"))
            | (Q(inflow=False, person__origin__isnull=False) & ~Q(origin_province=F("home")))
        )
    )
    return set(qs.values_list("person_id", flat=True).distinct())


def plan_chunk(months: Mapping[int, Months | None], through: dt.date, *, check_stale: bool = True) -> Plan:
    """Compare stored and computed months for people in ``months``.

    A value of None asks for all of the person's months (their first spell or record to
    ``through``). People found stale (their stored months name another village or inflow
    status than they have now) get all their months recomputed: found among the months
    fetched anyway, and, for a small change (a service call), by one query over all months.
    """
    ids = list(months)
    people = {}
    left: dict[int, dt.date] = {}
    for pid, village, origin, left_on in Person.objects.filter(pk__in=ids).values_list(
        "id", "village_id", "origin_id", "left_on"
    ):
        people[pid] = (village, is_inflow(village, origin))
        if left_on is not None:
            left[pid] = left_on
    spells = _spells(ids)
    wanted: dict[int, Months | None] = dict(months)
    if check_stale and len(ids) <= STALE_QUERY_LIMIT:
        for pid in _stale(ids):
            wanted[pid] = None
    spans = _full_spans(wanted, spells, through)
    old = _stored(spans)
    moved = {
        pid
        for (pid, _), (_, stored) in old.items()
        if pid in people and (stored[0], stored[5]) != people[pid] and months.get(pid) is not None
    }
    if check_stale and moved:
        full = _full_spans(dict.fromkeys(moved), spells, through)
        spans |= full
        old |= _stored(full)
    plan = Plan()
    new: dict[Key, Stored] = {}
    for pid, (first, last) in spans.items():
        if pid not in people:
            continue
        village, inflow = people[pid]
        own = spells.get(pid, [])
        for month in months_between(first, last):
            facts = month_facts(own, month, left.get(pid))
            if facts is not None:
                new[(pid, month)] = (
                    village,
                    facts.work_area,
                    facts.organised,
                    facts.income,
                    facts.jobs,
                    inflow,
                )
    for key in old.keys() | new.keys():
        before = old.get(key)
        after = new.get(key)
        if before is not None and after is not None and before[1] == after:
            continue
        pid, month = key
        if before is not None:
            plan.deletes.append(before[0])
            _add(plan.delta[(before[1][0], month)], vector(before[1]), -1)
        if after is not None:
            plan.inserts.append([pid, month, *after])
            _add(plan.delta[(after[0], month)], vector(after), 1)
        plan.differences.append((key, before[1] if before else None, after))
    return plan


def _full_spans(
    wanted: Mapping[int, Months | None], spells: Mapping[int, list[SpellFacts]], through: dt.date
) -> dict[int, Months]:
    """Fill in None (all months: from the first spell or stored month to ``through``)."""
    open_ended = [pid for pid, span in wanted.items() if span is None]
    firsts = {}
    if open_ended:
        firsts = dict(
            MonthlyRecord.objects.filter(person_id__in=open_ended)
            .values("person_id")
            .annotate(first=Min("month"))
            .values_list("person_id", "first")
        )
    spans: dict[int, Months] = {}
    for pid, span in wanted.items():
        if span is not None:
            spans[pid] = span
            continue
        starts = [s.start for s in spells.get(pid, ())]
        if pid in firsts:
            starts.append(firsts[pid])
        if starts:
            spans[pid] = (month_start(min(starts)), through)
    return spans


def _stored(spans: Mapping[int, Months]) -> dict[Key, tuple[int, Stored]]:
    if not spans:
        return {}
    lo = min(f for f, _ in spans.values())
    hi = max(last for _, last in spans.values())
    found: dict[Key, tuple[int, Stored]] = {}
    rows = MonthlyRecord.objects.filter(person_id__in=list(spans), month__gte=lo, month__lte=hi).values_list(
        "id", *RECORD_ATTRS
    )
    for rid, pid, month, village, area, organised, income, jobs, inflow in rows:
        first, last = spans[pid]
        if first <= month <= last:
            found[(pid, month)] = (rid, (village, area, organised, income, jobs, inflow))
    return found


def _add(target: list[int], values: list[int], sign: int) -> None:
    for i, v in enumerate(values):
        target[i] += sign * v


def write(plan: Plan, rollups: bool = True) -> None:
    """Write the records; ``rollups=False`` only when the caller rebuilds them all afterwards."""
    for chunk in _chunks(plan.deletes, 5000):
        MonthlyRecord.objects.filter(pk__in=chunk).delete()
    bulk.insert_rows(MonthlyRecord, RECORD_ATTRS, plan.inserts)
    if rollups:
        apply_deltas(plan.delta)


def refresh(
    spans: Mapping[int, tuple[dt.date, dt.date | None]], progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute the months of each person between the dates given (an open end: to the horizon).

    Call it inside the transaction that changed the spells. Returns the number of records changed.
    ``progress(people done, people in all)`` is called after each chunk of people.
    """
    through = horizon()
    months: dict[int, Months] = {}
    for pid, (first, last) in spans.items():
        span = spell_months(first, last, through)
        if span is not None:
            months[pid] = span
    changed = done = 0
    for chunk in _chunks(sorted(months), CHUNK):
        plan = plan_chunk({pid: months[pid] for pid in chunk}, through)
        write(plan)
        changed += len(plan.differences)
        done += len(chunk)
        if progress is not None:
            progress(done, len(months))
    return changed


def refresh_people(person_ids: Iterable[int], rollups: bool = True) -> int:
    """Recompute every month of these people, e.g. after their village or origin changed.

    ``rollups=False`` writes the records only, for a bulk build followed by ``checks.rebuild_rollups``.
    """
    through = horizon()
    changed = 0
    for chunk in _chunks(sorted(set(person_ids)), CHUNK):
        plan = plan_chunk(dict.fromkeys(chunk), through, check_stale=False)
        write(plan, rollups)
        changed += len(plan.differences)
    return changed


FACTS = ("monthly_income", "work_area", "organised")
SPAN_FIELDS = ("start", "end", *FACTS)


def change_span(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dt.date, dt.date | None] | None:
    """The dates whose months a spell's change can alter (None: none can).

    A different income, area or organised flag alters every month of the spell; a moved start
    or end alters only the months between the old and the new date.
    """
    if any(before[f] != after[f] for f in FACTS):
        ends = (before["end"], after["end"])
        return min(before["start"], after["start"]), None if None in ends else max(ends)
    spans: dict[int, tuple[dt.date, dt.date | None]] = {}
    if before["start"] != after["start"]:
        merge_span(spans, 0, min(before["start"], after["start"]), max(before["start"], after["start"]))
    if before["end"] != after["end"]:
        known = [e for e in (before["end"], after["end"]) if e is not None]
        merge_span(spans, 0, min(known), None if len(known) < 2 else max(known))
    return spans.get(0)


def merge_span(
    spans: dict[int, tuple[dt.date, dt.date | None]], person_id: int, start: dt.date, end: dt.date | None
) -> None:
    """Widen a person's span to cover [start, end] (None: open)."""
    if person_id not in spans:
        spans[person_id] = (start, end)
        return
    first, last = spans[person_id]
    spans[person_id] = (min(first, start), None if last is None or end is None else max(last, end))


@transaction.atomic
def roll_forward(until: dt.date | None = None) -> list[dt.date]:
    """Write the months after the horizon up to ``until`` (default: this month) for open spells."""
    until = month_start(until or current_month())
    state, _ = Horizon.objects.select_for_update().get_or_create(pk=1, defaults={"through": until})
    added = []
    while state.through < until:
        month = add_months(state.through, 1)
        people = sorted(
            set(
                Employment.objects.active_in_month(month.year, month.month)
                .filter(Q(person__left_on__isnull=True) | Q(person__left_on__gte=month))
                .values_list("person_id", flat=True)
            )
        )
        for chunk in _chunks(people, CHUNK):
            write(plan_chunk(dict.fromkeys(chunk, (month, month)), month, check_stale=False))
        state.through = month
        state.save(update_fields=["through"])
        added.append(month)
    return added


# ----- rollups -----------------------------------------------------------------------------------

_ancestors: dict[str, tuple[tuple[str, int], ...]] = {}


def ancestors_of(villages: Iterable[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """(code, level) of each village and its existing ancestors, cached: regions do not change."""
    missing = {v for v in villages if v not in _ancestors}
    if missing:
        candidates = {c for v in missing for c in ancestor_codes(v)}
        levels: dict[str, int] = {}
        for chunk in _chunks(sorted(candidates), 5000):
            levels.update(Region.objects.filter(code__in=chunk).values_list("code", "level"))
        for v in missing:
            _ancestors[v] = tuple((c, levels[c]) for c in ancestor_codes(v) if c in levels)
    return {v: _ancestors[v] for v in villages}


def apply_deltas(delta: Mapping[tuple[str, dt.date], list[int]]) -> int:
    """Add each village's delta to its rollup row and to every ancestor's."""
    nonzero = {key: values for key, values in delta.items() if any(values)}
    if not nonzero:
        return 0
    table = connection.ops.quote_name(MonthlyRollup._meta.db_table)
    columns = ["region_id", "month", "level", *ROLLUP_MEASURES]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sets = ", ".join(
        f"{c} = {table}.{c} + excluded.{c}" for c in map(connection.ops.quote_name, ROLLUP_MEASURES)
    )
    upsert = f"ON CONFLICT (region_id, month) DO UPDATE SET {sets}"
    if connection.vendor == "postgresql":
        return _apply_postgresql(
            [[v, m, *values] for (v, m), values in nonzero.items()], table, names, upsert
        )
    chains = ancestors_of({village for village, _ in nonzero})
    expanded: dict[tuple[str, dt.date, int], list[int]] = defaultdict(lambda: [0] * 7)
    for (village, month), values in nonzero.items():
        for code, level in chains[village]:
            _add(expanded[(code, month, level)], values, 1)
    rows = [[code, month, level, *values] for (code, month, level), values in expanded.items() if any(values)]
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cur:
        for chunk in _chunks(rows, UPSERT_ROWS):
            cur.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(chunk))} {upsert}",
                [v for row in chunk for v in row],
            )
    return len(rows)


def _apply_postgresql(changes: list[list[Any]], table: str, names: str, upsert: str) -> int:
    """The village deltas go in with one COPY; one statement adds them to every ancestor that exists."""
    measures = ", ".join(ROLLUP_MEASURES)
    ancestors = ", ".join(f"(substr(s.village, 1, {n}) || '{'0' * (12 - n)}')" for n in (2, 4, 6, 9))
    sums = ", ".join(f"SUM(s.{m})" for m in ROLLUP_MEASURES)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS rollup_delta_stage")
        cur.execute(
            "CREATE TEMPORARY TABLE rollup_delta_stage (village varchar(12), month date, "
            + ", ".join(f"{m} bigint" for m in ROLLUP_MEASURES)
            + ")"
        )
        with cur.cursor.copy(f"COPY rollup_delta_stage (village, month, {measures}) FROM STDIN") as copy:
            for row in changes:
                copy.write_row(row)
        cur.execute(
            f"INSERT INTO {table} ({names}) "
            f"SELECT r.code, s.month, r.level, {sums} FROM rollup_delta_stage s "
            f"CROSS JOIN LATERAL (VALUES {ancestors}, (s.village)) AS a(code) "
            f"JOIN {connection.ops.quote_name(Region._meta.db_table)} r ON r.code = a.code "
            f"GROUP BY r.code, s.month, r.level {upsert}"
        )
        count = cur.rowcount
        cur.execute("DROP TABLE rollup_delta_stage")
    return count
