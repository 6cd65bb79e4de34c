"""Resolving the region of an imported row, from a code or from names.

Clerks write names as they say them: "光明村" for "光明村村民委员会",
"城关镇" for "城关镇人民政府", "滕州" for "滕州市". A name matches when it equals
the official name or the official name less its suffix. An unknown or
ambiguous name is an error for that row, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .codes import CODE_LENGTH, Level
from .models import Region

_SUFFIXES = {
    Level.PROVINCE: ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"),
    Level.CITY: ("地区", "自治州", "盟", "市"),
    Level.COUNTY: ("自治县", "特区", "林区", "县", "区", "市", "旗"),
    Level.TOWNSHIP: ("街道办事处", "人民政府", "办事处", "街道", "镇", "乡"),
    Level.VILLAGE: ("村民委员会", "居民委员会", "社区居委会", "村委会", "居委会", "委员会", "社区", "村"),
}


def core_name(name: str, level: Level) -> str:
    """The name without spaces and its level's suffixes, in NFKC form: sheets' cells are read in
    that form (full-width brackets become ASCII), region names keep the official full-width ones."""
    name = unicodedata.normalize("NFKC", re.sub(r"\s", "", name))
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES[level]:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name = name[: -len(suffix)]
                changed = True
                break
    return name


class ResolveError(ValueError):
    """The message names what was not found or what was ambiguous."""


@dataclass(frozen=True)
class Names:
    province: str = ""
    city: str = ""
    county: str = ""
    township: str = ""
    village: str = ""


class RegionResolver:
    """Resolves villages within one scope prefix ('' = the whole country), caching per county."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._by_code: dict[str, Region] = {}
        self._counties: list[Region] | None = None
        self._ancestors: dict[str, str] = {}
        self._county_index: dict[str, tuple[dict[str, list[Region]], dict[str, list[Region]]]] = {}
        self._memo: dict[Names, Region] = {}

    def by_code(self, code: str) -> Region:
        code = re.sub(r"\s", "", str(code))
        if code.endswith(".0"):
            code = code[:-2]
        if not code.isdigit() or len(code) != CODE_LENGTH:
            raise ResolveError(f"区划代码“{code}”应为12位数字")
        if not code.startswith(self.prefix):
            raise ResolveError(f"区划代码{code}不在您的管辖范围内")
        if code not in self._by_code:
            # One query brings every region of the county, so a sheet costs a query per county, not per row
            # (a range of the primary key: LIKE cannot use its index outside the C collation).
            county = code[:6]
            following = str(int(county) + 1).zfill(6).ljust(CODE_LENGTH, "0")
            self._by_code.update(
                (r.code, r)
                for r in Region.objects.filter(code__gte=county.ljust(CODE_LENGTH, "0"), code__lt=following)
            )
        region = self._by_code.get(code)
        if region is None:
            raise ResolveError(f"区划代码{code}不存在")
        if region.level != Level.VILLAGE:
            raise ResolveError(f"区划代码{code}（{region.name}）不是村级代码")
        self._by_code[code] = region
        return region

    def _load_counties(self) -> list[Region]:
        if self._counties is None:
            scope_level = next((lvl for lvl in Level if lvl.prefix_length == len(self.prefix)), None)
            qs = Region.objects.filter(level=Level.COUNTY)
            if self.prefix:
                if scope_level and scope_level >= Level.COUNTY:
                    qs = Region.objects.filter(code=self.prefix[:6].ljust(CODE_LENGTH, "0"))
                else:
                    qs = qs.filter(code__startswith=self.prefix)
            self._counties = list(qs)
            upper = Region.objects.filter(level__in=[Level.PROVINCE, Level.CITY])
            self._ancestors = dict(upper.values_list("code", "name"))
        return self._counties

    @staticmethod
    def matches(region: Region, name: str) -> bool:
        """Whether ``name`` names ``region`` as clerks write it (with or without its suffix)."""
        level = region.level_enum
        return region.name == name or core_name(region.name, level) == core_name(name, level)

    def _counties_for(self, names: Names) -> list[Region]:
        counties = self._load_counties()
        if names.county:
            counties = [c for c in counties if self.matches(c, names.county)]
        if names.city:
            counties = [
                c
                for c in counties
                if self._name_matches(
                    self._ancestors.get(c.code[:4].ljust(CODE_LENGTH, "0"), ""), names.city, Level.CITY
                )
            ]
        if names.province:
            counties = [
                c
                for c in counties
                if self._name_matches(
                    self._ancestors.get(c.code[:2].ljust(CODE_LENGTH, "0"), ""),
                    names.province,
                    Level.PROVINCE,
                )
            ]
        return counties

    @staticmethod
    def _name_matches(official: str, given: str, level: Level) -> bool:
        return official == given or core_name(official, level) == core_name(given, level)

    def _index(self, county: Region) -> tuple[dict[str, list[Region]], dict[str, list[Region]]]:
        if county.code not in self._county_index:
            townships: dict[str, list[Region]] = defaultdict(list)
            villages: dict[str, list[Region]] = defaultdict(list)
            for region in Region.objects.filter(code__startswith=county.prefix, level__gte=Level.TOWNSHIP):
                if not region.code.startswith(self.prefix):
                    continue
                target = townships if region.level == Level.TOWNSHIP else villages
                target[region.name].append(region)
                core = core_name(region.name, Level(region.level))
                if core != region.name:
                    target[core].append(region)
                self._by_code[region.code] = region
            self._county_index[county.code] = (townships, villages)
        return self._county_index[county.code]

    def by_names(self, names: Names) -> Region:
        if names in self._memo:
            return self._memo[names]
        if not names.village:
            raise ResolveError("未填写村（社区）名称，也未填写村级区划代码")
        counties = self._counties_for(names)
        if not counties:
            given = names.county or names.city or names.province
            raise ResolveError(
                f"在您的管辖范围内找不到县（市、区）“{given}”" if given else "请填写县（市、区）"
            )
        if len(counties) > 1 and not names.county:
            raise ResolveError("请填写县（市、区）名称，仅凭村名无法确定所在县")
        found: list[Region] = []
        for county in counties:
            townships, villages = self._index(county)
            candidates = self._lookup(villages, names.village, Level.VILLAGE)
            if names.township:
                wanted = {t.code[:9] for t in self._lookup(townships, names.township, Level.TOWNSHIP)}
                if not wanted:
                    raise ResolveError(f"{county.name}没有名为“{names.township}”的乡镇（街道）")
                candidates = [v for v in candidates if v.code[:9] in wanted]
            found.extend(candidates)
        found = list({r.code: r for r in found}.values())
        where = "".join(filter(None, [names.county, names.township]))
        if not found:
            raise ResolveError(f"{where or '管辖范围内'}没有名为“{names.village}”的村（社区）")
        if len(found) > 1:
            places = "、".join(self._township_name(r) for r in found[:5])
            raise ResolveError(
                f"{where}有{len(found)}个名为“{names.village}”的村（{places}），请填写乡镇或村级区划代码"
            )
        self._memo[names] = found[0]
        return found[0]

    def _lookup(self, index: dict[str, list[Region]], name: str, level: Level) -> list[Region]:
        name = re.sub(r"\s", "", name)
        exact = index.get(name, [])
        return exact or index.get(core_name(name, level), [])

    def _township_name(self, village: Region) -> str:
        township = self._by_code.get(village.code[:9].ljust(CODE_LENGTH, "0"))
        return f"{township.name}{village.name}" if township else village.name
