"""The 通报: a province (or city) ranks its sub-regions for a month.

Three rankings, each 1 = best: progress against the year's target (the first target a
sub-region has, in the order of ``Indicator``: 务工规模, 外出, …), the year-on-year change
of 务工规模, and the year-on-year change of 人均务工收入. A sub-region **fell** when its
务工规模 or its 人均务工收入 is below the same month last year; fallen regions are flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fangfan.core import xlsx
from fangfan.regions.models import Region

from .indicators import Indicators, children
from .models import Indicator, MonitoringRule, Target
from .targets import Progress, progress


@dataclass
class Line:
    region: Region
    ind: Indicators
    progress: Progress | None
    rank_progress: int | None = None
    rank_employed: int | None = None
    rank_income: int | None = None

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
            "target": self.progress.as_json() if self.progress else None,
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

    def as_json(self) -> list[dict[str, Any]]:
        return [line.as_json() for line in self.lines]


def _rank(lines: list[Line], key: Any, attr: str) -> None:
    scored = [(key(line), line) for line in lines]
    scored = [(v, line) for v, line in scored if v is not None]
    scored.sort(key=lambda item: item[0], reverse=True)
    rank = 0
    previous = None
    for position, (value, line) in enumerate(scored, 1):
        if value != previous:
            rank, previous = position, value
        setattr(line, attr, rank)


def build(region: Region, month: dt.date) -> Ranking:
    subs = children(region, month)
    targets: dict[str, list[Target]] = {}
    for t in Target.objects.filter(region__parent=region, year=month.year).select_related("region"):
        targets.setdefault(t.region_id, []).append(t)
    order = list(Indicator.values)
    rule = MonitoringRule.objects.for_region(region)
    lines = []
    for sub, ind in subs:
        own = sorted(targets.get(sub.code, []), key=lambda t: order.index(t.indicator))
        lines.append(Line(sub, ind, progress(own[0], month, rule) if own else None))
    _rank(lines, lambda line: line.progress.percent if line.progress else None, "rank_progress")
    _rank(lines, lambda line: line.ind.yoy("employed"), "rank_employed")
    _rank(lines, lambda line: line.ind.yoy("avg_income"), "rank_income")
    lines.sort(
        key=lambda line: (line.rank_progress or 10_000, line.rank_employed or 10_000, line.region.code)
    )
    return Ranking(region, month, lines)


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
    "目标指标",
    "目标值",
    "完成进度（%）",
    "应达进度（%）",
    "规模同比排名",
    "收入同比排名",
    "是否下降",
]


def xlsx_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    def num(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    out = []
    for r in rows:
        target = r["target"] or {}
        out.append(
            [
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
                target.get("label", ""),
                target.get("target"),
                num(target.get("percent")),
                num(target.get("expected_percent")),
                r["rank_employed"],
                r["rank_income"],
                "下降" if r["fell"] else "",
            ]
        )
    return out


def workbook(title: str, rows: list[dict[str, Any]]) -> bytes:
    return xlsx.table(HEADERS, xlsx_rows(rows), sheet_name="通报", title=title)
