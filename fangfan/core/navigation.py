"""The module navigation, gathered from each app's AppConfig.

An app lists ``nav = [NavItem(...)]`` in its AppConfig; the base layout shows the
items whose capability the user holds, by their ``order``. Items that share a
``group`` appear together under one menu (帮扶举措, 报表, 管理), so the bar stays on
one line as modules are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse

INSTRUMENTS = "帮扶举措"
REPORTS = "报表"
ADMINISTRATION = "管理"


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    capability: str | None = None
    order: int = 50
    group: str = ""
    args: tuple[str, ...] = ()

    @property
    def namespace(self) -> str:
        return self.url_name.split(":")[0]

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


@dataclass
class NavEntry:
    """One place on the bar: a single item, or a named group of items."""

    label: str
    items: list[NavItem] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return len(self.items) > 1 or bool(self.items and self.items[0].group)

    @property
    def namespaces(self) -> set[str]:
        return {i.namespace for i in self.items}


def nav_items() -> list[NavItem]:
    items = [item for config in apps.get_app_configs() for item in getattr(config, "nav", ())]
    return sorted(items, key=lambda item: item.order)


def nav_entries(items: list[NavItem]) -> list[NavEntry]:
    entries: list[NavEntry] = []
    groups: dict[str, NavEntry] = {}
    for item in items:
        if not item.group:
            entries.append(NavEntry(item.label, [item]))
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            groups[item.group] = NavEntry(item.group, [item])
            entries.append(groups[item.group])
    return entries
