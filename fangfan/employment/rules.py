"""The counting rule, written once.

A person is **employed in month M** when at least one of their employment
spells is active on any day of M: it started on or before the last day of M
and has not ended before the first day of M (an open end means still active).
A person with two spells in M is one employed person in M.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q


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
