"""Named figures of employment: each opens the people (or the monthly records) behind it.

The figures read the MonthlyRecords, the same rows the rollups are summed from, so the
number on the dashboard (from the rollup) and the length of its list always agree. A
period [first, last] covers every month it touches; for one month pass its first and last day.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from fangfan.core.figures import figure
from fangfan.registry.models import Person

from .models import MonthlyRecord, WorkArea
from .rules import add_months


def _records(region, first: dt.date, last: dt.date):
    return MonthlyRecord.objects.between(first, last).in_region(region)


def _people(records: QuerySet) -> QuerySet:
    return Person.objects.filter(pk__in=records.values("person_id"))


def _worked(first: dt.date, last: dt.date) -> Exists:
    return Exists(MonthlyRecord.objects.between(first, last).filter(person_id=OuterRef("pk")))


@figure("employment.employed", "务工规模")
def employed(region, first, last):
    """统计期内（按月）有务工记录的本地脱贫劳动力（含防止返贫监测对象）人数。
    口径：某月内任一天处于在岗状态（务工记录开始日期不晚于月末，且未结束或结束日期不早于月初）即计为当月务工；
    同时从事两份工作的只计一人。外省来本地务工人员不计入，单独统计为“吸纳外省脱贫人口”。"""
    return _people(_records(region, first, last).own())


@figure("employment.migrant", "外出务工规模")
def migrant(region, first, last):
    """统计期内务工、且当月主要务工地域为省外或省内县外的本地脱贫劳动力人数。
    主要务工地域：当月收入（按在岗天数折算）最高的一份工作所在地域；收入相同时按省外、省内县外、县内的顺序取。"""
    return _people(_records(region, first, last).own().migrant())


@figure("employment.local", "就近就业规模")
def local(region, first, last):
    """统计期内务工、且当月主要务工地域为县内的本地脱贫劳动力人数（就近就业）。"""
    return _people(_records(region, first, last).own().local())


@figure("employment.out_of_province", "省外务工规模")
def out_of_province(region, first, last):
    """统计期内当月主要务工地域为省外的本地脱贫劳动力人数。"""
    return _people(_records(region, first, last).own().filter(work_area=WorkArea.OUT_OF_PROVINCE))


@figure("employment.in_province", "省内县外务工规模")
def in_province(region, first, last):
    """统计期内当月主要务工地域为省内县外的本地脱贫劳动力人数。"""
    return _people(_records(region, first, last).own().filter(work_area=WorkArea.IN_PROVINCE))


@figure("employment.organised", "有组织劳务输出规模")
def organised(region, first, last):
    """统计期内当月主要工作为有组织劳务输出的本地脱贫劳动力人数。"""
    return _people(_records(region, first, last).own().filter(organised=True))


@figure("employment.inflow", "吸纳外省脱贫人口务工")
def inflow(region, first, last):
    """统计期内在本区域务工的外省脱贫人口人数：在本地登记、户籍地为其他省份，且当月有务工记录的人员。"""
    return _people(_records(region, first, last).filter(inflow=True))


@figure("employment.income", "务工收入明细", unit="条")
def income(region, first, last):
    """务工收入 = 统计期内本地脱贫劳动力各月务工收入之和（元）；本名单列出构成这一合计的每人每月务工收入（每条一人一月）。
    当月务工收入：当月在岗的各份工作的月收入按在岗天数折算后相加，四舍五入到元。
    人均务工收入 = 务工收入 ÷ 务工规模。"""
    return _records(region, first, last).own().select_related("person").order_by("-pk")


def _year_before(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    return add_months(first.replace(day=1), -12), add_months(last.replace(day=1), -12)


def _month_before(first: dt.date) -> tuple[dt.date, dt.date]:
    month = add_months(first.replace(day=1), -1)
    return month, month


@figure("employment.gained_yoy", "本月务工、去年同月未务工")
def gained_yoy(region, first, last):
    """统计期内在本区域有务工记录、而去年同期（统计期各月前推12个月）没有任何务工记录的本地脱贫劳动力：
    同比增加背后的名单。务工规模同比变化 = 新增人数 − 减少人数。"""
    return _people(_records(region, first, last).own()).filter(~_worked(*_year_before(first, last)))


@figure("employment.gained_mom", "本月务工、上月未务工")
def gained_mom(region, first, last):
    """统计期内在本区域有务工记录、而统计期前一个月没有任何务工记录的本地脱贫劳动力：环比增加背后的名单。
    务工规模环比变化 = 新增人数 − 减少人数。"""
    return _people(_records(region, first, last).own()).filter(~_worked(*_month_before(first)))


@figure("employment.lost_yoy", "去年同月务工、本月未务工")
def lost_yoy(region, first, last):
    """去年同期（统计期各月前推12个月）在本区域有务工记录、而统计期内没有任何务工记录的本地脱贫劳动力：
    同比下降背后的名单。"""
    return _people(_records(region, *_year_before(first, last)).own()).filter(~_worked(first, last))


@figure("employment.lost_mom", "上月务工、本月未务工")
def lost_mom(region, first, last):
    """统计期前一个月在本区域有务工记录、而统计期内没有任何务工记录的本地脱贫劳动力：环比下降背后的名单。"""
    return _people(_records(region, *_month_before(first)).own()).filter(~_worked(first, last))
