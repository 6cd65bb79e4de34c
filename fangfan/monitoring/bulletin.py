"""The 通报: a province (or city) ranks its sub-regions for a month.

Rankings, each 1 = best: progress against the year's target for **each indicator that has
targets** among the sub-regions (枣庄's counties: 外出 and 吸纳), the year-on-year change of
务工规模, and the year-on-year change of 人均务工收入. The list is ordered by the progress of one
of those indicators, chosen on the page (``rank_by``; by default the first in the order of
``Indicator``: 务工规模, 外出, …). A sub-region **fell** when its 务工规模 or its 人均务工收入 is
below the same month last year; fallen regions are flagged.

Every number of a row opens its people: ``links`` builds the addresses from the row's region
code and month, which an issued (frozen) 通报 keeps, so its rows link as the live ones do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fangfan.core import xlsx
from fangfan.regions.models import Region

from .changes import INDICATORS, change_url, figure_url
from .indicators import Indicators, children
from .models import Indicator, MonitoringRule, Target
from .targets import Progress, progress

ORDER = list(Indicator.values)
LABELS = dict(Indicator.choices)


@dataclass
class Line:
    region: Region
    ind: Indicators
    progresses: dict[str, Progress] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    rank_by: str | None = None
    rank_employed: int | None = None
    rank_income: int | None = None

    @property
    def rank_progress(self) -> int | None:
        return self.ranks.get(self.rank_by) if self.rank_by else None

    @property
    def fell(self) -> bool:
        yoy, income = self.ind.yoy("employed"), self.ind.yoy("avg_income")
        return (yoy is not None and yoy < 0) or (income is not None and income < 0)

    def as_json(self) -> dict[str, Any]:
        def s(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        now = self.ind.now
        return {
            "code": self.region.code,
            "name": self.region.name,
            "month": self.ind.month.strftime("%Y-%m"),
            "employed": now.employed,
            "migrant": now.migrant,
            "local": now.local,
            "organised": now.organised,
            "inflow": now.inflow,
            "income": now.income,
            "avg_income": s(now.avg_income),
            "yoy_employed": s(self.ind.yoy("employed")),
            "mom_employed": s(self.ind.mom("employed")),
            "mom_seasonal_employed": s(self.ind.mom_seasonal("employed")),
            "yoy_avg_income": s(self.ind.yoy("avg_income")),
            "rank_by": self.rank_by,
            "targets": [
                p.as_json() | {"rank": self.ranks.get(i)}
                for i, p in sorted(self.progresses.items(), key=lambda item: ORDER.index(item[0]))
            ],
            "rank_progress": self.rank_progress,
            "rank_employed": self.rank_employed,
            "rank_income": self.rank_income,
            "fell": self.fell,
        }


@dataclass
class Ranking:
    region: Region
    month: dt.date
    lines: list[Line]
    indicators: list[str]  # those with targets among the sub-regions, in the order of Indicator
    rank_by: str | None

    @property
    def rank_label(self) -> str:
        return LABELS[self.rank_by] if self.rank_by else ""

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(i, LABELS[i]) for i in self.indicators]

    def as_json(self) -> list[dict[str, Any]]:
        return [line.as_json() for line in self.lines]


def _ranked(lines: list[Line], key: Any) -> list[tuple[Line, int]]:
    """Competition ranks (1, 2, 2, 4) by ``key``, highest first; lines without a value are left out."""
    scored = [(v, line) for v, line in ((key(line), line) for line in lines) if v is not None]
    scored.sort(key=lambda item: item[0], reverse=True)
    ranked, rank, previous = [], 0, None
    for position, (value, line) in enumerate(scored, 1):
        if value != previous:
            rank, previous = position, value
        ranked.append((line, rank))
    return ranked


def build(region: Region, month: dt.date, rank_by: str | None = None) -> Ranking:
    subs = children(region, month)
    targets: dict[str, list[Target]] = {}
    for t in Target.objects.filter(region__parent=region, year=month.year).select_related("region"):
        targets.setdefault(t.region_id, []).append(t)
    indicators = sorted({t.indicator for own in targets.values() for t in own}, key=ORDER.index)
    if rank_by not in indicators:
        rank_by = indicators[0] if indicators else None
    rule = MonitoringRule.objects.for_region(region)
    lines = [
        Line(
            sub,
            ind,
            {t.indicator: progress(t, month, rule) for t in targets.get(sub.code, [])},
            rank_by=rank_by,
        )
        for sub, ind in subs
    ]
    for indicator in indicators:
        for line, rank in _ranked(lines, lambda line, i=indicator: _percent(line, i)):
            line.ranks[indicator] = rank
    for line, rank in _ranked(lines, lambda line: line.ind.yoy("employed")):
        line.rank_employed = rank
    for line, rank in _ranked(lines, lambda line: line.ind.yoy("avg_income")):
        line.rank_income = rank
    lines.sort(
        key=lambda line: (line.rank_progress or 10_000, line.rank_employed or 10_000, line.region.code)
    )
    return Ranking(region, month, lines, indicators, rank_by)


def _percent(line: Line, indicator: str) -> Decimal | None:
    found = line.progresses.get(indicator)
    return found.percent if found else None


def links(rows: list[dict[str, Any]], month: dt.date) -> list[dict[str, Any]]:
    """The address of every number of each row: its figure (or the page behind its change) for the
    row's region and month. Rows of an issued 通报 carry both, so they link as the live ones."""
    for row in rows:
        region = Region(code=row["code"], name=row["name"])
        when = dt.datetime.strptime(row["month"], "%Y-%m").date() if row.get("month") else month
        row["links"] = {
            "employed": figure_url("employment.employed", region, when),
            "yoy_employed": change_url(region, when, "employed", "yoy"),
            "mom_seasonal_employed": change_url(region, when, "employed", "seasonal"),
            "migrant": figure_url("employment.migrant", region, when),
            "local": figure_url("employment.local", region, when),
            "avg_income": figure_url("employment.income", region, when),
            "yoy_avg_income": change_url(region, when, "avg_income", "yoy"),
        }
        row["targets"] = _targets(row)
        for target in row["targets"]:
            target["url"] = figure_url(INDICATORS[target["indicator"]][1], region, when)
    return rows


def _targets(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's targets; a row issued before each indicator was ranked holds only ``target``."""
    if "targets" in row:
        return row["targets"]
    return [row["target"] | {"rank": row.get("rank_progress")}] if row.get("target") else []


HEADERS = [
    "排名（目标进度）",
    "区域",
    "务工规模（人）",
    "同比（%）",
    "季节调整环比（百分点）",
    "外出（人）",
    "就近（人）",
    "有组织劳务输出（人）",
    "吸纳外省脱贫人口（人）",
    "人均务工收入（元）",
    "人均收入同比（%）",
]
TAIL = ["规模同比排名", "收入同比排名", "是否下降"]


def _indicators(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({t["indicator"] for r in rows for t in _targets(r)}, key=ORDER.index)


def headers(rows: list[dict[str, Any]]) -> list[str]:
    per_target = [
        f"{LABELS[i]}{what}"
        for i in _indicators(rows)
        for what in ("目标值", "完成进度（%）", "应达进度（%）", "进度排名")
    ]
    return [*HEADERS, *per_target, *TAIL]


def xlsx_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    def num(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    indicators = _indicators(rows)
    out = []
    for r in rows:
        targets = {t["indicator"]: t for t in _targets(r)}
        cells: list[Any] = [
            r["rank_progress"],
            r["name"],
            r["employed"],
            num(r["yoy_employed"]),
            num(r["mom_seasonal_employed"]),
            r["migrant"],
            r["local"],
            r["organised"],
            r["inflow"],
            num(r["avg_income"]),
            num(r["yoy_avg_income"]),
        ]
        for i in indicators:
            t = targets.get(i, {})
            cells += [t.get("target"), num(t.get("percent")), num(t.get("expected_percent")), t.get("rank")]
        cells += [r["rank_employed"], r["rank_income"], "下降" if r["fell"] else ""]
        out.append(cells)
    return out


def workbook(title: str, rows: list[dict[str, Any]]) -> bytes:
    return xlsx.table(headers(rows), xlsx_rows(rows), sheet_name="通报", title=title)
