"""Set-based writes for imports: COPY on PostgreSQL, executemany elsewhere.

The ORM's save() per row costs a round trip each; a 100k-row import must not.
These helpers take attnames and tuples, write them in one statement per
thousand rows (or one COPY), and leave validation to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson
from django.db import connection, models
from django.utils import timezone

CHUNK = 1000


def _column(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return str(field.column)
    raise KeyError(f"{model.__name__} has no column {attname}")


def _adapt(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return orjson.dumps(value, default=str).decode()
    return value


def key_chunks(keys: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """Keys for ``field__any=``: all at once on PostgreSQL (one array), in slices on SQLite."""
    size = max(len(keys), 1) if connection.vendor == "postgresql" else 10_000
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _json_columns(model: type[models.Model], names: Sequence[str]) -> list[int]:
    json_attnames = {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}
    return [i for i, name in enumerate(names) if name in json_attnames]


def _adapter(model: type[models.Model], names: Sequence[str]) -> Any:
    """A row adapter that serialises only the JSON columns; other values go to the driver as they are."""
    json_cols = _json_columns(model, names)
    if not json_cols:
        return tuple

    def adapt(row: Sequence[Any]) -> list[Any]:
        out = list(row)
        for i in json_cols:
            out[i] = _adapt(out[i])
        return out

    return adapt


def insert_rows(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows. ``created_at``/``updated_at`` are filled when the model has them."""
    table = model._meta.db_table
    stamps = [
        f.attname for f in model._meta.concrete_fields if f.attname in ("created_at", "updated_at", "at")
    ]
    stamps = [s for s in stamps if s not in attnames]
    now = timezone.now()
    names = [*attnames, *stamps]
    cols = ", ".join(connection.ops.quote_name(_column(model, a)) for a in names)
    extra = tuple(now for _ in stamps)
    adapt = _adapter(model, attnames)
    count = 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*adapt(row), *extra))
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*adapt(row), *extra))
            if len(batch) >= CHUNK:
                cur.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
            count += len(batch)
    return count


def update_rows(
    model: type[models.Model], key: str, attnames: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set ``attnames`` on the rows whose ``key`` matches; each row is (key, *values)."""
    table = connection.ops.quote_name(model._meta.db_table)
    key_col = connection.ops.quote_name(_column(model, key))
    stamp = (
        any(f.attname == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in attnames
    )
    cols = [connection.ops.quote_name(_column(model, a)) for a in attnames]
    rows = list(rows)
    if not rows:
        return 0
    now = timezone.now()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            types = [_pg_type(model, key), *(_pg_type(model, a) for a in attnames)]
            stage = "bulk_update_stage"
            cur.execute(f"DROP TABLE IF EXISTS {stage}")
            defs = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
            cur.execute(f"CREATE TEMPORARY TABLE {stage} ({defs})")
            with cur.cursor.copy(f"COPY {stage} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_adapt(v) for v in row])
            sets = ", ".join(f"{c} = s.c{i + 1}" for i, c in enumerate(cols))
            if stamp:
                sets += ", updated_at = %s"
            cur.execute(
                f"UPDATE {table} SET {sets} FROM {stage} s WHERE {table}.{key_col} = s.c0",
                [now] if stamp else [],
            )
            cur.execute(f"DROP TABLE {stage}")
        else:
            sets = ", ".join(f"{c} = %s" for c in cols) + (", updated_at = %s" if stamp else "")
            sql = f"UPDATE {table} SET {sets} WHERE {key_col} = %s"
            cur.executemany(
                sql, [(*(_adapt(v) for v in row[1:]), *([now] if stamp else []), row[0]) for row in rows]
            )
    return len(rows)


def _pg_type(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.db_type(connection) or "text"
    raise KeyError(attname)
