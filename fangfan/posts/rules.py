"""The post rules, each with its reasoning in words.

- The subsidy standard is checked against the local minimum wage (data, per province or city):
  a 全日制 post at least the monthly minimum; a 非全日制 post at least the hourly
  minimum times its hours a month.
- An appointment's agreement runs at most ``contract_max_months``; it can be renewed.
- 在岗领补: a month's subsidy is the standard ÷ required days × days worked.
- A month's subsidy unpaid in full by the end of the ``pay_deadline_months``-th following month is 拖欠.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fangfan.core.money import yuan
from fangfan.core.months import month_end

from .models import PostRule, WorkTime

CENT = Decimal("0.01")


def days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, mon = index // 12, index % 12 + 1
    return dt.date(year, mon, min(day.day, calendar.monthrange(year, mon)[1]))


def longest_contract_end(start: dt.date, rule: PostRule) -> dt.date:
    """The last day of an agreement of ``contract_max_months`` starting on ``start``."""
    return add_months(start, rule.contract_max_months) - dt.timedelta(days=1)


@dataclass
class SubsidyCheck:
    ok: bool
    text: str


def subsidy_check(
    work_time: str, subsidy: Decimal, hours_per_month: int | None, rule: PostRule
) -> SubsidyCheck:
    if work_time == WorkTime.FULL:
        floor = rule.min_wage_monthly
        ok = subsidy >= floor
        text = (
            f"全日制岗位：补贴标准{yuan(subsidy)}元/月 {'≥' if ok else '<'} 当地月最低工资标准{yuan(floor)}元"
            f"：{'符合' if ok else '低于最低工资标准'}"
        )
        return SubsidyCheck(ok, text)
    if not hours_per_month:
        return SubsidyCheck(False, "非全日制岗位须填写每月工作小时，才能核对小时最低工资标准")
    floor = (rule.min_wage_hourly * hours_per_month).quantize(CENT)
    ok = subsidy >= floor
    text = (
        f"非全日制岗位：每月{hours_per_month}小时 × 小时最低工资{yuan(rule.min_wage_hourly)}元 = {yuan(floor)}元，"
        f"补贴标准{yuan(subsidy)}元 {'≥' if ok else '<'} {yuan(floor)}元：{'符合' if ok else '低于最低工资标准'}"
    )
    return SubsidyCheck(ok, text)


def attendance_pay(subsidy: Decimal, required: Decimal, actual: Decimal) -> tuple[Decimal, str]:
    """The standard ÷ required days × actual days, rounded to the fen, and the sum written out."""
    due = (Decimal(subsidy) / Decimal(required) * Decimal(actual)).quantize(CENT, ROUND_HALF_UP)
    return due, f"{yuan(subsidy)}元 ÷ {days(required)}天 × {days(actual)}天 = {yuan(due)}元"


def pay_deadline(month: dt.date, rule: PostRule) -> dt.date:
    return month_end(month, rule.pay_deadline_months)
