"""The kinds of finding, gathered from the apps.

An app that runs checks declares its kinds in its AppConfig::

    finding_kinds = {"posts.ghost": ("吃空饷", "全日制岗位人员同期在县外务工")}

so that a later data-quality check (数字注水) adds a kind without touching
this app or migrating the Finding table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps


@dataclass(frozen=True)
class FindingKind:
    key: str
    label: str
    description: str


@cache
def all_kinds() -> dict[str, FindingKind]:
    found: dict[str, FindingKind] = {}
    for config in apps.get_app_configs():
        for key, (label, description) in getattr(config, "finding_kinds", {}).items():
            found[key] = FindingKind(key, label, description)
    return found


def label(key: str) -> str:
    kind = all_kinds().get(key)
    return kind.label if kind else key
