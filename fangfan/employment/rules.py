"""The counting rule, written once.

A person is **employed in month M** when at least one of their employment
spells is active on any day of M: it started on or before the last day of M
and has not ended before the first day of M (an open end means still active).
A person with two spells in M is one employed person in M.

A person marked left in the registry (死亡、迁出…, ``Person.left_on``) is counted up to the
month they left and never after it, whatever spells remain.

How a person's month is classified (area, organised, income) is below, in
:func:`month_facts`; the monthly records and every rollup are built from it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db.models import Q


@cache
def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def active_between_q(first: dt.date, last: dt.date, prefix: str = "") -> Q:
    """Spells active on any day in [first, last]; ``prefix`` reaches spells through a relation."""
    return Q(**{f"{prefix}start__lte": last}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": first})
    )


def active_in_month_q(year: int, month: int, prefix: str = "") -> Q:
    return active_between_q(*month_bounds(year, month), prefix=prefix)


def is_active_in_month(start: dt.date, end: dt.date | None, year: int, month: int) -> bool:
    first, last = month_bounds(year, month)
    return start <= last and (end is None or end >= first)


# ----- A person's month -------------------------------------------------------------------------
#
# From the spells active in a month, one MonthlyRecord per person and month:
#
# * **income of the month** is the sum, over the spells active in the month, of each spell's
#   monthly income prorated by the days it was active in that month (a spell active the whole
#   month counts in full; one that starts on the 16th of a 30-day month counts 15/30). The sum is
#   rounded to whole yuan, half up. So a change of job in mid-month is not counted twice, and a
#   job taken on the 28th does not count as a full month's pay.
# * **work area of the month** is the area of the main spell: the one that earned the most in the
#   month (its prorated amount); a tie goes to the farther area (省外 > 省内县外 > 县内), then to
#   the later start, then to the earlier record.
# * **organised** is the main spell's 有组织劳务输出 flag.
# * **jobs** is the number of spells active in the month (two jobs still make one person).

AREA_RANK = {"out_of_province": 3, "in_province": 2, "in_county": 1}


@dataclass(frozen=True)
class SpellFacts:
    """What the counting rule needs of a spell."""

    id: int
    start: dt.date
    end: dt.date | None
    work_area: str
    monthly_income: Decimal
    organised: bool


@dataclass(frozen=True)
class MonthFacts:
    """A person's derived month (stored as a MonthlyRecord)."""

    month: dt.date
    work_area: str
    organised: bool
    income: int
    jobs: int


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Month starts from ``first``'s month to ``last``'s month, both included."""
    month, stop = month_start(first), month_start(last)
    while month <= stop:
        yield month
        month = add_months(month, 1)


def active_days(start: dt.date, end: dt.date | None, month: dt.date) -> int:
    first, last = month_bounds(month.year, month.month)
    lo, hi = max(start, first), min(end or last, last)
    return max((hi - lo).days + 1, 0)


def month_facts(
    spells: Iterable[SpellFacts], month: dt.date, left_on: dt.date | None = None
) -> MonthFacts | None:
    """The person's month, or None when no spell is active on any day of it, or the person left
    (``left_on``) in an earlier month."""
    first, last = month_bounds(month.year, month.month)
    if left_on is not None and left_on < first:
        return None
    active = [s for s in spells if s.start <= last and (s.end is None or s.end >= first)]
    if not active:
        return None
    if len(active) == 1 and active[0].start <= first and (active[0].end is None or active[0].end >= last):
        only = active[0]  # the common case: one job, the whole month
        return MonthFacts(month, only.work_area, only.organised, _whole(Decimal(only.monthly_income)), 1)
    length = (last - first).days + 1
    earned = [(Decimal(s.monthly_income) * active_days(s.start, s.end, month) / length, s) for s in active]
    _, main = max(earned, key=lambda e: (e[0], AREA_RANK[e[1].work_area], e[1].start, -e[1].id))
    total = _whole(sum((a for a, _ in earned), Decimal(0)))
    return MonthFacts(
        month=month, work_area=main.work_area, organised=main.organised, income=total, jobs=len(earned)
    )


def _whole(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def spell_months(start: dt.date, end: dt.date | None, through: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last month a spell touches, up to ``through``; None when it starts later."""
    first = month_start(start)
    last = min(month_start(end), through) if end else through
    return (first, last) if first <= last else None
