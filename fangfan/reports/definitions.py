"""附件1《防止返贫就业攻坚行动推进情况表》: the one place that defines it.

Columns, in the seed's order (枣人社字〔2023〕68号 附件1), each bound to a named
figure (``fangfan.core.figures``) whose Chinese docstring is its definition.
The column → figure-key mapping is data (``FIGURE_KEYS``); the figures
themselves are declared by the apps that own the records.

Periods are year-to-date (当年累计数): a quarter's report counts what its
figure counts in [1 January, 统计截止日]. The cut-off follows the deadline (``cut_off``):
a report due on 3月5日 counts to 2月28日, one due after the quarter to the quarter's end.

Rows are the reporting region's total first, then one row per sub-region. The
total is computed for the region itself, never as a sum of the rows: a person
(or an organisation) that counts in two sub-regions counts once in the total.
Where a column's definition places every counted record in exactly one
sub-region (``additive``), the total equals the sum of the rows, as long as no
record sits on the reporting region itself outside every sub-region; the tests
check it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from fangfan.core import figures
from fangfan.regions.codes import Level

ATTACHMENT_NUMBER = 1
TITLE = "防止返贫就业攻坚行动推进情况表"
NOTE = "注：相关数据填当年累计数。"
# The header of the rows' column: the seed's 区（市） for a city's districts and counties.
ROW_HEADERS = {Level.CITY: "市", Level.COUNTY: "区（市）", Level.TOWNSHIP: "乡镇（街道）"}


def row_header(level: Level) -> str:
    return ROW_HEADERS[level]


@dataclass(frozen=True)
class Column:
    """One column of 附件1.

    ``parent`` names the column whose header spans this sub-column too (就业帮扶车间个数 over
    its 吸纳脱贫人口数). ``additive`` says the definition places each counted record in one
    sub-region only, so that the total equals the sum of the rows.
    """

    key: str
    header: str
    unit: str
    additive: bool
    parent: str = ""

    @property
    def figure_key(self) -> str:
        return FIGURE_KEYS[self.key]

    @property
    def figure(self) -> figures.Figure:
        return figures.get(self.figure_key)

    @property
    def parent_header(self) -> str:
        return BY_KEY[self.parent].header if self.parent else ""


COLUMNS: tuple[Column, ...] = (
    Column("alliances", "劳务协作联盟个数", "个", additive=False),
    Column("brands", "特色劳务品牌个数", "个", additive=True),
    Column("bases", "乡村振兴劳务基地个数", "个", additive=True),
    Column("cooperatives", "劳务合作社个数", "个", additive=True),
    Column("workshops", "就业帮扶车间个数", "个", additive=True),
    Column("workshop_poverty_workers", "吸纳脱贫人口数", "人", additive=False, parent="workshops"),
    Column("relief_local_workers", "以工代赈吸纳当地农村劳动力就业人数", "人", additive=False),
    Column("relief_poverty_workers", "吸纳脱贫人口数", "人", additive=False, parent="relief_local_workers"),
    Column("post_holders", "乡村公益性岗位安置脱贫人口数", "人", additive=False),
    Column("trainees", "组织脱贫人口参加职业技能培训人数", "人", additive=False),
    Column("relocation_employed", "易地搬迁安置区脱贫人口就业人数", "人", additive=False),
    Column("job_fairs", "举办“乐业搬迁（迁建）”专场招聘活动次数", "次", additive=True),
)

# Column → named figure. Data, so that the form can be pointed at other figures without code.
FIGURE_KEYS: dict[str, str] = {
    "alliances": "cooperation.alliances",
    "brands": "cooperation.brands",
    "bases": "cooperation.bases",
    "cooperatives": "cooperation.cooperatives",
    "workshops": "workshops.workshops",
    "workshop_poverty_workers": "workshops.poverty_workers",
    "relief_local_workers": "relief.local_workers",
    "relief_poverty_workers": "relief.poverty_workers",
    "post_holders": "posts.poverty_holders",
    "trainees": "training.poverty_trainees",
    "relocation_employed": "relocation.employed_residents",
    "job_fairs": "relocation.job_fairs",
}

BY_KEY = {c.key: c for c in COLUMNS}


def column(key: str) -> Column:
    return BY_KEY[key]


def header_groups() -> list[tuple[Column, list[Column]]]:
    """Top-level columns with their sub-columns, for the two header rows."""
    groups: list[tuple[Column, list[Column]]] = []
    for col in COLUMNS:
        if col.parent:
            groups[-1][1].append(col)
        else:
            groups.append((col, []))
    return groups


# Periods -----------------------------------------------------------------

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, order=True)
class Period:
    """A quarter of a year; its figures are year-to-date."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in QUARTERS:
            raise ValueError(f"季度应为1至4，而不是{self.quarter}")
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"年度{self.year}不正确")

    @property
    def first(self) -> dt.date:
        """年初：当年累计数从1月1日算起。"""
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        month = self.quarter * 3
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"

    def cut_off(self, due: dt.date) -> dt.date:
        """统计截止日 of a report of this quarter that is due on ``due``."""
        return cut_off(due, self.last)

    def previous(self) -> Period:
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)


def cut_off(due: dt.date, end: dt.date) -> dt.date:
    """统计截止日: a report due within its period (on or before ``end``) counts to the last day of
    the month before its deadline's month, so that what is reported is complete when it is sent
    (3月5日 → 2月28日, 12月5日 → 11月30日); a report due after its period counts to ``end``."""
    if due <= end:
        return due.replace(day=1) - dt.timedelta(days=1)
    return end


def as_of_text(day: dt.date) -> str:
    return f"数据截至{day.year}年{day.month}月{day.day}日"


# Rows --------------------------------------------------------------------

# Every level files its own report; a province's has no level above and is final when submitted (定稿).
REPORTING_LEVELS = (Level.COUNTY, Level.CITY, Level.PROVINCE)
ROW_LEVEL_CHOICES = {
    Level.PROVINCE: (Level.CITY, Level.COUNTY),
    Level.CITY: (Level.COUNTY,),
    Level.COUNTY: (Level.TOWNSHIP,),
}


def default_row_level(level: Level) -> Level:
    """A province's rows are its cities, a city's its districts, a county's its townships."""
    return ROW_LEVEL_CHOICES[level][0]


TOTAL_RULE = (
    "首行为本区域合计，按本区域直接计算（同一人或同一组织在两个下级区域均计入时，合计只计一次），"
    "不是各行相加；标“＝”的列按口径每条记录只落在一个下级区域，合计等于各行之和"
    "（直接登记在本区域、不属于任何下级区域的记录只计入合计）。"
)
