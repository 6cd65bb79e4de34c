"""Looking up many keys at once: ``WHERE key IN (…)`` in chunks, or on PostgreSQL a join.

A monthly report names 100,000 people. Chunks of 5,000 literal keys cost a planned index
probe per key; on PostgreSQL the keys go into a temporary table with one COPY and the
database joins (a hash semi-join), several times faster at that size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

STAGE = "lookup_stage"
CHUNK = 5000
JOIN_FROM = 1000


def rows_where_in(
    qs: QuerySet, field: str, keys: Iterable[Any], sql_type: str, *fields: str
) -> Iterator[tuple]:
    """``qs.filter(<field>__in=keys).values_list(*fields)``, whatever the number of keys."""
    keys = sorted(set(keys))
    if connection.vendor == "postgresql" and len(keys) >= JOIN_FROM:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cur.execute(f"CREATE TEMPORARY TABLE {STAGE} (v {sql_type})")
            with cur.cursor.copy(f"COPY {STAGE} (v) FROM STDIN") as copy:
                for key in keys:
                    copy.write_row([key])
            cur.execute(f"ANALYZE {STAGE}")
        try:
            yield from list(
                qs.filter(**{f"{field}__in": RawSQL(f"SELECT v FROM {STAGE}", [])}).values_list(*fields)
            )
        finally:
            with connection.cursor() as cur:
                cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
        return
    for i in range(0, len(keys), CHUNK):
        yield from qs.filter(**{f"{field}__in": keys[i : i + CHUNK]}).values_list(*fields)
