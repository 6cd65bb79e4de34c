"""The ledger follows the registry: a person's months move with them (``registry.hooks``).

Monthly records name the person's village and inflow status, so a change of village or origin
recomputes all their months, and the rollups of the old and the new village, in the registry's
transaction. ``check_rollups`` then finds nothing to repair.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from . import ledger

LEDGER_FIELDS = frozenset({"village_id", "origin_id"})


def person_changed(actor: Any, person_ids: Collection[int], changed: Collection[str]) -> None:
    if LEDGER_FIELDS.isdisjoint(changed):
        return
    ledger.refresh_people(person_ids)
