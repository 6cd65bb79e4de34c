"""Keyset pagination: each page starts after the last id of the one before.

Unlike OFFSET it costs the same on page 1 and page 20,000, which is what a
list over a million people needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: int | None
    cursor: int | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def keyset_page(qs: QuerySet, cursor: str | int | None, size: int = 50) -> KeysetPage:
    """Newest first, by primary key."""
    try:
        after = int(cursor) if cursor not in (None, "") else None
    except (TypeError, ValueError):
        after = None
    if after is not None:
        qs = qs.filter(pk__lt=after)
    items = list(qs.order_by("-pk")[: size + 1])
    more = len(items) > size
    items = items[:size]
    return KeysetPage(items=items, next_cursor=items[-1].pk if more else None, cursor=after)


def bounded_count(qs: QuerySet, limit: int) -> tuple[int, bool]:
    """The number of rows, counting at most ``limit + 1`` of them: (count, more than ``limit``).

    ``SELECT COUNT(*) FROM (… LIMIT limit + 1)`` stops early, so it costs the same on a village
    and on a province of a million people.
    """
    found = qs.order_by().values("pk")[: limit + 1].count()
    return min(found, limit), found > limit
