"""The person page (一人一档) is built from sections that apps contribute.

An app lists dotted paths in its AppConfig as ``person_sections``; each is a
callable ``(request, person) -> Section | None``. Later modules (employment,
posts, training, alerts) add theirs without touching the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass
class Section:
    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
    count: int | None = None


def sections_for(request: Any, person: Any) -> list[Section]:
    found = []
    for config in apps.get_app_configs():
        for path in getattr(config, "person_sections", ()):
            section = import_string(path)(request, person)
            if section is not None:
                found.append(section)
    return sorted(found, key=lambda s: (s.order, s.key))
