"""The stage summary's figures: the region's own year-to-date total of every 附件1 column."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from fangfan.regions.models import Region

from .definitions import COLUMNS
from .models import ReportingRule, StageSummary, SummaryVersion


@dataclass(frozen=True)
class SummaryFigure:
    key: str
    header: str
    parent_header: str
    unit: str
    value: int
    url: str | None = None

    @property
    def label(self) -> str:
        return f"{self.parent_header}·{self.header}" if self.parent_header else self.header


def as_of_for(region: Region, year: int) -> dt.date:
    """数据截至: the end of the month before the summary's deadline (12月5日 → 11月30日)."""
    return ReportingRule.objects.for_region(region).summary_window(year)[1]


def live_figures(region: Region, year: int, as_of: dt.date) -> list[SummaryFigure]:
    first = dt.date(year, 1, 1)
    out = []
    for col in COLUMNS:
        figure = col.figure
        out.append(
            SummaryFigure(
                key=col.key,
                header=col.header,
                parent_header=col.parent_header,
                unit=col.unit,
                value=figure.value(region, first, as_of),
                url=figure.url(region, first, as_of),
            )
        )
    return out


def figures_of(summary: StageSummary, version: SummaryVersion | None = None) -> list[SummaryFigure]:
    """A version's frozen figures (by default the one the summary stands for); else live ones."""
    version = version or summary.displayed_version()
    if version is not None:
        return [SummaryFigure(**item) for item in version.figures]
    return live_figures(summary.region, summary.year, summary.as_of)


def freeze(figures: list[SummaryFigure]) -> list[dict]:
    return [asdict(f) for f in figures]


def sentence(region_name: str, as_of: dt.date, figures: list[SummaryFigure]) -> str:
    """The figures written out as the opening of the summary."""
    parts = [f"{f.label}{f.value}{f.unit}" for f in figures]
    return f"截至{as_of.year}年{as_of.month}月{as_of.day}日，{region_name}" + "，".join(parts) + "。"
