"""The work-relief rules, each with its reasoning in words.

- Wage share (劳务报酬占比): planned wages at least ``wage_share_min_pct`` % of central funds.
- Publicity (公示): a month's wage list is posted ``publicity_days`` days before payment.
- Local labour (当地农村劳动力): a hire's home village is in the project's county (or city,
  as the rule says); anyone else is refused.
- Timeliness (及时足额发放): measured from the close of the month's attendance to the
  day paid; not paid in full by the end of the ``wage_deadline_months``-th following
  month is 拖欠, with the days late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fangfan.core.money import yuan
from fangfan.core.months import month_end
from fangfan.regions.codes import CODE_LENGTH
from fangfan.regions.models import Region

from .models import LocalScope, ReliefRule, WagePayment, WageSheet, WorkReliefProject


@dataclass
class ShareCheck:
    ok: bool
    applies: bool
    percent: Decimal | None
    text: str


def wage_share(project: WorkReliefProject, rule: ReliefRule) -> ShareCheck:
    minimum = rule.wage_share_min_pct
    if project.central_funds <= 0:
        return ShareCheck(True, False, None, "未安排中央资金，不适用劳务报酬占比要求")
    percent = (project.planned_wages / project.central_funds * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    ok = percent >= minimum
    text = (
        f"计划劳务报酬{yuan(project.planned_wages)}元 ÷ 中央资金{yuan(project.central_funds)}元 = {percent}%，"
        f"{'≥' if ok else '<'}{minimum.normalize():f}%：{'达标' if ok else '低于要求'}"
    )
    return ShareCheck(ok, True, percent, text)


@dataclass
class LocalCheck:
    ok: bool
    text: str


def local_check(home_village: str, project: WorkReliefProject, rule: ReliefRule) -> LocalCheck:
    """当地农村劳动力: the home village lies in the project's county (or city, as the rule says).
    The text names the project's area, never the person's home, which may be outside the user's scope."""
    width, level = (4, "市") if rule.local_scope == LocalScope.CITY else (6, "县（市、区）")
    area = Region.objects.get(code=project.village_id[:width].ljust(CODE_LENGTH, "0"))
    if home_village[:width] == project.village_id[:width]:
        return LocalCheck(True, f"户籍在项目所在{level}（{area.name}），属于当地农村劳动力")
    return LocalCheck(
        False,
        f"户籍不在项目所在{level}（{area.name}），不属于当地农村劳动力，不能登记为以工代赈用工",
    )


def deadline(sheet: WageSheet, rule: ReliefRule) -> dt.date:
    return month_end(sheet.month, rule.wage_deadline_months)


def publicity_ends(sheet: WageSheet, rule: ReliefRule) -> dt.date | None:
    """The first day payment may be made: the publicity period has run in full."""
    if sheet.publicity_start is None:
        return None
    return sheet.publicity_start + dt.timedelta(days=rule.publicity_days)


@dataclass
class Timeliness:
    state: str  # "paid", "late", "arrears", "pending"
    label: str
    arrears: bool
    days_late: int
    days_to_pay: int | None
    text: str


def timeliness(payment: WagePayment, rule: ReliefRule, today: dt.date) -> Timeliness:
    sheet = payment.sheet
    limit = deadline(sheet, rule)
    closed = sheet.attendance_closed_on
    in_full = payment.paid >= payment.due
    if in_full and payment.paid_on:
        days_to_pay = (payment.paid_on - closed).days if closed else None
        since = f"考勤截止后{days_to_pay}天发放" if days_to_pay is not None else "已发放"
        late = (payment.paid_on - limit).days
        if late > 0:
            return Timeliness(
                "late",
                f"拖欠{late}天后补发",
                True,
                late,
                days_to_pay,
                f"{payment.paid_on:%Y年%m月%d日}足额发放，{since}，超过发放期限（{limit:%Y年%m月%d日}）{late}天",
            )
        return Timeliness(
            "paid", "按时足额发放", False, 0, days_to_pay, f"{payment.paid_on:%Y年%m月%d日}足额发放，{since}"
        )
    owed = f"应发{yuan(payment.due)}元，已发{yuan(payment.paid)}元"
    if today > limit:
        late = (today - limit).days
        return Timeliness(
            "arrears",
            f"拖欠{late}天",
            True,
            late,
            None,
            f"{owed}，超过发放期限（{limit:%Y年%m月%d日}）{late}天未足额发放：拖欠",
        )
    return Timeliness("pending", "待发放", False, 0, None, f"{owed}，发放期限{limit:%Y年%m月%d日}")
