"""Apps that keep data derived from people hear of the changes that matter to them.

The registry is a foundation app: it imports no app built on it. An app that must follow a
person's changes (the employment ledger places each month in the person's village) lists dotted
paths in its AppConfig as ``person_changed_hooks``; each is a callable
``(actor, person_ids, changed) -> None``, where ``changed`` holds the attnames of the fields that
changed (``village_id``, ``origin_id``, ``left_on`` …). The registry services call them after
saving, inside the same transaction, so a hook that fails undoes the change. Hooks read what they
need from the database, so one call can carry many people.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


def person_changed(actor: Any, person_ids: Collection[int], changed: Collection[str]) -> None:
    if not person_ids or not changed:
        return
    fields = frozenset(changed)
    for config in apps.get_app_configs():
        for path in getattr(config, "person_changed_hooks", ()):
            import_string(path)(actor, person_ids, fields)
