"""Query planning on PostgreSQL.

PostgreSQL JIT-compiles a statement whose estimated cost passes ``jit_above_cost``. The
statements of the reports (a hundred small UNION ALL branches) and of the early-warning scan
(one pass over a province's people and months) are estimated dear and then spend seconds in
compilation to save milliseconds of execution, so they run without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """A transaction (or savepoint) in which PostgreSQL does not JIT-compile; the setting is back
    as it was afterwards, also inside an outer transaction. No effect on other databases."""
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
            (before, _) = cursor.fetchone()
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, true)", [before])
