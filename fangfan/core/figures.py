"""Named figures: every published number is a QuerySet of named records.

An app declares its figures in the module named by ``AppConfig.figures_module``:

    @figure("workshops.poverty_workers", "就业帮扶车间吸纳脱贫人口数")
    def poverty_workers(region, first, last):
        '''The definition, in Chinese, shown beside the figure.'''
        return Person.objects.filter(...)

The figure's value is ``func(region, first, last).count()``; clicking it opens
``figures:detail``, which lists the same QuerySet (scoped again to the user),
so a number and its names can never disagree.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse

FigureFunc = Callable[[Any, dt.date, dt.date], QuerySet]
# A figure whose records are not people may say how its list shows them: (region, first, last, records)
# -> (headers, one row of cells per record, personal data already masked).
RowsFunc = Callable[[Any, dt.date, dt.date, list[Any]], tuple[list[str], list[list[Any]]]]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    func: FigureFunc
    unit: str = "人"
    rows: RowsFunc | None = None

    @property
    def definition(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def queryset(self, region: Any, first: dt.date, last: dt.date) -> QuerySet:
        return self.func(region, first, last)

    def value(self, region: Any, first: dt.date, last: dt.date) -> int:
        return self.queryset(region, first, last).count()

    def url(self, region: Any, first: dt.date, last: dt.date) -> str:
        query = urlencode({"region": region.code, "first": first.isoformat(), "last": last.isoformat()})
        return f"{reverse('core:figure', args=[self.key])}?{query}"


_registry: dict[str, Figure] = {}
_loaded = False


def figure(
    key: str, label: str, unit: str = "人", rows: RowsFunc | None = None
) -> Callable[[FigureFunc], FigureFunc]:
    def register(func: FigureFunc) -> FigureFunc:
        _registry[key] = Figure(key=key, label=label, func=func, unit=unit, rows=rows)
        return func

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        for config in apps.get_app_configs():
            if module := getattr(config, "figures_module", None):
                import_module(module)
        _loaded = True


def get(key: str) -> Figure:
    _load()
    return _registry[key]


def all_figures() -> dict[str, Figure]:
    _load()
    return dict(_registry)
