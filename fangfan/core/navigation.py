"""The module navigation, gathered from each app's AppConfig.

An app lists ``nav = [NavItem(...)]`` in its AppConfig; the base layout shows the
items whose capability the user holds, by their ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    capability: str | None = None
    order: int = 50

    @property
    def namespace(self) -> str:
        return self.url_name.split(":")[0]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def nav_items() -> list[NavItem]:
    items = [item for config in apps.get_app_configs() for item in getattr(config, "nav", ())]
    return sorted(items, key=lambda item: item.order)
