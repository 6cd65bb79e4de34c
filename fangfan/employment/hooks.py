"""The ledger follows the registry: a person's months move with them (``registry.hooks``).

Monthly records name the person's village and inflow status, so a change of village or origin
recomputes all their months, and the rollups of the old and the new village, in the registry's
transaction. ``check_rollups`` then finds nothing to repair.

A person marked left (死亡、迁出…) is counted up to the month they left (``rules.month_facts``):
their spells still running after that day are ended on it through ``services.end_on_leaving``
(audited, by the actor who marked them), and their later months are removed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from . import ledger, services

LEDGER_FIELDS = frozenset({"village_id", "origin_id", "left_on"})


def person_changed(actor: Any, person_ids: Collection[int], changed: Collection[str]) -> None:
    if LEDGER_FIELDS.isdisjoint(changed):
        return
    if "left_on" in changed:
        services.end_on_leaving(actor, person_ids)
    ledger.refresh_people(person_ids)
