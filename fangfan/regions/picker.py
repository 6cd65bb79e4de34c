"""The region picker: a breadcrumb from the user's scope root down to the
selected region, its children, and a search by name, all inside the scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fangfan.accounts.policy import ScopePolicy

from .codes import ancestor_codes
from .models import Region


@dataclass
class Picker:
    field: str
    mode: str
    selected: Region | None
    trail: list[Region]
    children: list[Region]
    root: Region | None


def visible_region(user: Any, code: str | None) -> Region | None:
    if not code:
        return None
    return Region.objects.visible_to(user).filter(code=code).first()


def build(user: Any, field: str, code: str | None, mode: str = "link") -> Picker:
    policy = ScopePolicy.of(user)
    root = policy.region
    selected = visible_region(user, code) or root
    if selected is None:
        trail: list[Region] = []
        children = list(Region.objects.filter(level=1))
    else:
        codes = [c for c in ancestor_codes(selected.code) if root is None or c.startswith(root.prefix)]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        trail = [found[c] for c in codes if c in found]
        children = list(Region.objects.filter(parent=selected))
    return Picker(field=field, mode=mode, selected=selected, trail=trail, children=children, root=root)


def search(user: Any, text: str, limit: int = 20) -> list[tuple[Region, str]]:
    """Regions whose name contains ``text``, each with its path for telling namesakes apart."""
    text = text.strip()
    if not text:
        return []
    matches = list(Region.objects.visible_to(user).search(text).order_by("level", "code")[:limit])
    codes = {c for r in matches for c in ancestor_codes(r.code)}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [(r, "".join(names.get(c, "") for c in ancestor_codes(r.code)[:-1])) for r in matches]
