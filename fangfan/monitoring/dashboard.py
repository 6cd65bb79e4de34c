"""The data behind the monitoring dashboard: every point carries the address of its people.

Everything is read from the rollups (a handful of indexed queries, whatever the size of the
region), and each number's ``url`` opens the named figure for the same region and month, so
clicking a point, a bar, a gauge or a map area lists the people it counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fangfan.employment.rules import add_months
from fangfan.regions.models import Region

from . import maps
from .changes import INDICATORS, change_url, figure_url
from .indicators import CHANGES, Indicators, Snapshot, children, series
from .targets import progress_of

MONTHS = 24


def _label(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def trend(region: Region, month: dt.date) -> dict[str, Any]:
    months = series(region, month, MONTHS + 12)
    now, before = months[12:], months[:MONTHS]

    def points(snaps: list[Snapshot], attr: str, key: str) -> list[dict[str, Any]]:
        return [
            {
                "value": (str(s.avg_income) if s.avg_income is not None else None)
                if attr == "avg_income"
                else getattr(s, attr),
                "url": figure_url(key, region, s.month),
            }
            for s in snaps
        ]

    return {
        "months": [_label(s.month) for s in now],
        "employed": points(now, "employed", "employment.employed"),
        "employed_last_year": points(before, "employed", "employment.employed"),
        "avg_income": points(now, "avg_income", "employment.income"),
        "avg_income_last_year": points(before, "avg_income", "employment.income"),
        "breakdown": {
            area: points(now, area, f"employment.{area}")
            for area in ("out_of_province", "in_province", "local", "organised")
        },
    }


def ranking(region: Region, month: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for sub, ind in sorted(children(region, month), key=lambda c: (-c[1].now.employed, c[0].code)):
        yoy = ind.yoy("employed")
        rows.append(
            {
                "code": sub.code,
                "name": sub.name,
                "employed": ind.now.employed,
                "migrant": ind.now.migrant,
                "local": ind.now.local,
                "avg_income": str(ind.now.avg_income) if ind.now.avg_income is not None else None,
                "yoy": str(yoy) if yoy is not None else None,
                "url": figure_url("employment.employed", sub, month),
                "migrant_url": figure_url("employment.migrant", sub, month),
                "local_url": figure_url("employment.local", sub, month),
                "income_url": figure_url("employment.income", sub, month),
                "yoy_url": change_url(sub, month, "employed", "yoy"),
                "dashboard": f"?region={sub.code}&month={_label(month)}",
            }
        )
    return rows


def indicator_rows(ind: Indicators) -> list[dict[str, Any]]:
    """Every indicator of the month with its 同比, 环比 and 季节调整环比, each opening what lies behind it."""
    rows = []
    for key in CHANGES:
        label, figure, unit = INDICATORS[key]
        rows.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "value": getattr(ind.now, key),
                "url": figure_url(figure, ind.region, ind.month),
                **{
                    basis: {
                        "value": getattr(ind, method)(key),
                        "url": change_url(ind.region, ind.month, key, basis),
                    }
                    for basis, method in (("yoy", "yoy"), ("mom", "mom"), ("seasonal", "mom_seasonal"))
                },
            }
        )
    return rows


def gauges(region: Region, month: dt.date) -> list[dict[str, Any]]:
    return [
        p.as_json() | {"url": figure_url(INDICATORS[p.target.indicator][1], region, month)}
        for p in progress_of(region, month)
    ]


def data(region: Region, month: dt.date) -> dict[str, Any]:
    return {
        "region": {"code": region.code, "name": region.name},
        "month": _label(month),
        "trend": trend(region, month),
        "ranking": ranking(region, month),
        "gauges": gauges(region, month),
        "map": maps.region_map(region, month),
    }


def month_choices(through: dt.date) -> list[dt.date]:
    return [add_months(through, -i) for i in range(MONTHS)]
