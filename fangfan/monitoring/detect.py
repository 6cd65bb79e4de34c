"""The early-warning rules, each one set-based query over the whole scope.

Thresholds come from ``MonitoringRule`` rows: the scope is cut into *zones*, one per rule row
(a province or city that set its own values) plus the defaults elsewhere, and each rule runs
once per zone. No query runs per person.

Region rules (for the month before the current one, regions down to ``lowest_region_level``):

* ``region_yoy_employed`` / ``region_yoy_income``: 务工规模 / 人均务工收入 down more than
  ``yoy_fall_pct`` % on the same month last year.
* ``region_mom_employed`` / ``region_mom_income``: the month-on-month change lower than the same
  month's change last year by more than ``mom_fall_pct`` points (so February's 春节返乡 is
  compared with last February); without last year's data, the plain change.
* ``region_pace``: a target of the year behind its expected pace (``targets.py``).
  Regions with fewer than ``region_min_employed`` people in work (in the base month) are left out
  of the change rules: small numbers swing.

Person rules concern the local 脱贫劳动力: people still in the ledger, registered in their own
province. Workers registered from other provinces (inflow, ``Person.is_inflow``) are left out of all
of them alike: they are counted apart (吸纳外省脱贫人口), and their home province watches their work
and income. People, or households, that already have an open alert of the rule are left out in SQL,
so a routine scan does not even build their findings:

* ``work_lost``: every spell has ended, the last one ``lost_work_days`` days ago or more (and
  within the last year), and none has begun since. Episode: the day work ended.
* ``unemployed``: a local labourer with no month in work in the last ``unemployed_months``
  months (this one included) and no spell running or agreed. Episode: the end of their last spell.
* ``income_drop``: last month's income at least ``income_drop_pct`` % below the person's own
  average over the ``income_baseline_months`` months before, counting months in work, with at
  least two of them. Episode: the month.
* ``household_line``: the household's projected per-capita income for a year below
  ``poverty_line``: (wage income of its members in the last three months × 4 + 家庭其他年收入)
  ÷ members still in the ledger. A household with no 家庭其他年收入 recorded is projected with 0
  (the lowest it can be), and the alert says so, so that the worker records the figure or finds
  the household in need; households without a labourer (their help is 兜底保障, not employment)
  are not projected. Episode: the month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Substr

from fangfan.employment.models import ROLLUP_MEASURES, Employment, MonthlyRecord, MonthlyRollup
from fangfan.employment.rules import add_months
from fangfan.regions.codes import Level, level_of
from fangfan.regions.models import Region
from fangfan.registry.models import Household, Person

from .indicators import Indicators, Snapshot
from .models import OPEN_STATUSES, Alert, AlertRule, MonitoringRule, Target
from .targets import progress

WORK_LOST_LOOKBACK_DAYS = 365
HOUSEHOLD_MONTHS = 3


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    basis: str
    region_id: str
    summary: str
    person_id: int | None = None
    household_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    due_days: int = 15  # the zone's response_days


@dataclass
class Zone:
    """Where one MonitoringRule applies inside the scanned scope."""

    prefix: str
    rule: MonitoringRule
    excluded: list[str]

    def q(self, path: str) -> Q:
        q = Q(**{f"{path}__startswith": self.prefix}) if self.prefix else Q()
        for prefix in self.excluded:
            q &= ~Q(**{f"{path}__startswith": prefix})
        return q

    def sql(self, column: str) -> tuple[str, list[str]]:
        """The zone as a SQL condition on ``column`` (a region code), with its parameters."""
        parts, params = [], []
        if self.prefix:
            parts.append(f"{column} LIKE %s")
            params.append(self.prefix + "%")
        for prefix in self.excluded:
            parts.append(f"{column} NOT LIKE %s")
            params.append(prefix + "%")
        return " AND ".join(parts) or "1 = 1", params

    def covers(self, code: str) -> bool:
        return code.startswith(self.prefix) and not any(code.startswith(p) for p in self.excluded)


def zones(scope: str) -> list[Zone]:
    rules = [(r.region.prefix, r) for r in MonitoringRule.objects.select_related("region") if r.region]
    everything = [("", MonitoringRule(region=None)), *rules]
    found = []
    for prefix, rule in everything:
        nested = [p for p, _ in everything if p != prefix and p.startswith(prefix)]
        if scope.startswith(prefix):
            effective = scope
        elif prefix.startswith(scope):
            effective = prefix
        else:
            continue
        if any(effective.startswith(p) for p in nested):
            continue
        found.append(Zone(effective, rule, [p for p in nested if p.startswith(effective)]))
    return found


def rule_for(code: str, found: list[Zone]) -> MonitoringRule:
    for zone in found:
        if zone.covers(code):
            return zone.rule
    return MonitoringRule(region=None)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


# ----- region rules ------------------------------------------------------------------------------


def region_findings(scope: Region | None, month: dt.date, found: list[Zone]) -> list[Finding]:
    prefix = scope.prefix if scope else ""
    deepest = max((z.rule.lowest_region_level for z in found), default=Level.COUNTY)
    months = [month, add_months(month, -1), add_months(month, -12), add_months(month, -13)]
    regions = Region.objects.filter(code__startswith=prefix, level__lte=deepest)
    names = dict(regions.values_list("code", "name"))
    rows = MonthlyRollup.objects.filter(region__code__startswith=prefix, level__lte=deepest, month__in=months)
    snaps: dict[str, dict[dt.date, Snapshot]] = {}
    for row in rows.values("region_id", "month", *ROLLUP_MEASURES):
        code = row.pop("region_id")
        snaps.setdefault(code, {})[row["month"]] = Snapshot(**row)
    findings: list[Finding] = []
    basis = month.strftime("%Y-%m")
    label = month.strftime("%Y年%-m月")
    for code, by_month in snaps.items():
        if code not in names:
            continue
        level = level_of(code)
        rule = rule_for(code, found)
        if level > rule.lowest_region_level:
            continue
        ind = Indicators(
            Region(code=code, name=names[code], level=level),
            month,
            *(by_month.get(m, Snapshot(m)) for m in months),
        )
        name = names[code]
        if ind.last_year.employed >= rule.region_min_employed:
            for metric, what, alert in (
                ("employed", "务工规模", AlertRule.REGION_YOY_EMPLOYED),
                ("avg_income", "人均务工收入", AlertRule.REGION_YOY_INCOME),
            ):
                yoy = ind.yoy(metric)
                if yoy is not None and yoy < -rule.yoy_fall_pct:
                    findings.append(
                        Finding(
                            alert,
                            f"region:{code}",
                            basis,
                            code,
                            f"{name}{label}{what}同比下降{-yoy}%（预警线{rule.yoy_fall_pct}%）",
                            due_days=rule.response_days,
                            detail={
                                "month": basis,
                                "yoy": str(yoy),
                                "now": str(ind.now.value(metric)),
                                "last_year": str(ind.last_year.value(metric)),
                            },
                        )
                    )
        if ind.previous.employed >= rule.region_min_employed:
            for metric, what, alert in (
                ("employed", "务工规模", AlertRule.REGION_MOM_EMPLOYED),
                ("avg_income", "人均务工收入", AlertRule.REGION_MOM_INCOME),
            ):
                adjusted = ind.mom_seasonal(metric)
                if adjusted is not None and adjusted < -rule.mom_fall_pct:
                    last = ind.mom_last_year(metric)
                    findings.append(
                        Finding(
                            alert,
                            f"region:{code}",
                            basis,
                            code,
                            f"{name}{label}{what}环比{_pct(ind.mom(metric))}，上年同月环比{_pct(last)}，"
                            f"低出{-adjusted}个百分点（预警线{rule.mom_fall_pct}个百分点）",
                            due_days=rule.response_days,
                            detail={
                                "month": basis,
                                "mom": str(ind.mom(metric)),
                                "mom_last_year": str(last),
                                "adjusted": str(adjusted),
                            },
                        )
                    )
    for target in Target.objects.filter(region__code__startswith=prefix, year=month.year).select_related(
        "region"
    ):
        rule = rule_for(target.region_id, found)
        done = progress(target, month, rule)
        if done.behind:
            findings.append(
                Finding(
                    AlertRule.REGION_PACE,
                    f"region:{target.region_id}:{target.indicator}",
                    basis,
                    target.region_id,
                    f"{target.region.name}{label}{target.get_indicator_display()}完成{done.percent}%，"
                    f"应达进度{done.expected_percent}%（目标{target.value}{target.unit}）",
                    detail=done.as_json(),
                    due_days=rule.response_days,
                )
            )
    return findings


# ----- person rules ------------------------------------------------------------------------------


def _local(qs: QuerySet, path: str = "") -> QuerySet:
    """Only people whose 户籍地 is in the province where they are registered (not inflow)."""
    return qs.annotate(
        origin_province=Substr(f"{path}origin_id", 1, 2), home_province=Substr(f"{path}village_id", 1, 2)
    ).filter(Q(**{f"{path}origin__isnull": True}) | Q(origin_province=F("home_province")))


def _alerted(rule: str, person: str) -> Exists:
    """The person already has an open alert of this rule: the scan would not raise another."""
    return Exists(Alert.objects.filter(rule=rule, status__in=OPEN_STATUSES, person_id=OuterRef(person)))


def work_lost(zone: Zone, today: dt.date) -> Iterator[Finding]:
    days = zone.rule.lost_work_days
    cutoff = today - dt.timedelta(days=days)
    floor = today - dt.timedelta(days=days + WORK_LOST_LOOKBACK_DAYS)
    spells = Employment.objects.filter(zone.q("person__village__code"), person__left_on__isnull=True)
    rows = (
        _local(spells, "person__")
        .filter(~_alerted(AlertRule.WORK_LOST, "person_id"))
        .values("person_id", "person__village_id")
        .annotate(last_end=Max("end"), running=Count("id", filter=Q(end__isnull=True)))
        .filter(running=0, last_end__lte=cutoff, last_end__gte=floor)
        .values_list("person_id", "person__village_id", "last_end")
    )
    for pid, village, last_end in rows.iterator(chunk_size=10_000):
        yield Finding(
            AlertRule.WORK_LOST,
            f"person:{pid}",
            last_end.isoformat(),
            village,
            f"{last_end:%Y年%-m月%-d日}务工结束，已{(today - last_end).days}天无新的务工记录",
            person_id=pid,
            detail={"last_end": last_end.isoformat(), "days": (today - last_end).days},
            due_days=zone.rule.response_days,
        )


def unemployed_people(zone_q: Q, current: dt.date, months: int, today: dt.date) -> QuerySet:
    """NOT EXISTS, not NOT IN: PostgreSQL turns it into an anti-join over a million people."""
    recent = MonthlyRecord.objects.filter(
        person_id=OuterRef("pk"), month__gte=add_months(current, -(months - 1))
    )
    agreed = Employment.objects.filter(person_id=OuterRef("pk")).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    people = Person.objects.current().labourers().filter(zone_q)
    return _local(people).filter(~Exists(recent), ~Exists(agreed))


def unemployed(zone: Zone, current: dt.date, today: dt.date) -> Iterator[Finding]:
    months = zone.rule.unemployed_months
    rows = (
        unemployed_people(zone.q("village__code"), current, months, today)
        .filter(~_alerted(AlertRule.UNEMPLOYED, "pk"))
        .annotate(last_end=Max("spells__end"))
        .values_list("id", "village_id", "last_end")
    )
    for pid, village, last_end in rows.iterator(chunk_size=10_000):
        since = f"自{last_end:%Y年%-m月%-d日}务工结束后" if last_end else "无务工记录，"
        yield Finding(
            AlertRule.UNEMPLOYED,
            f"person:{pid}",
            last_end.isoformat() if last_end else "none",
            village,
            f"{since}连续{months}个月以上未就业",
            person_id=pid,
            detail={"last_end": last_end.isoformat() if last_end else None, "months": months},
            due_days=zone.rule.response_days,
        )


def income_rows(zone_q: Q, month: dt.date, rule: MonitoringRule) -> QuerySet:
    """Per person: last month's income, and the sum and count of months in work before it."""
    first = add_months(month, -rule.income_baseline_months)
    return (
        MonthlyRecord.objects.own()
        .filter(zone_q, month__gte=first, month__lte=month)
        .values("person_id", "village_id")
        .annotate(
            now=Sum("income", filter=Q(month=month)),
            here=Count("id", filter=Q(month=month)),
            base_total=Sum("income", filter=Q(month__lt=month)),
            base_n=Count("id", filter=Q(month__lt=month)),
        )
        .filter(here=1, base_n__gte=2)
    )


def _dropped(rule: MonitoringRule) -> tuple[ExpressionWrapper, ExpressionWrapper]:
    """now × n × 1000 ≤ total × (1000 − 10·Z): the drop test in integers."""
    keep = 1000 - int(rule.income_drop_pct * 10)
    lhs = ExpressionWrapper(F("now") * F("base_n") * 1000, output_field=IntegerField())
    rhs = ExpressionWrapper(F("base_total") * keep, output_field=IntegerField())
    return lhs, rhs


def income_drop(zone: Zone, month: dt.date) -> Iterator[Finding]:
    rule = zone.rule
    lhs, rhs = _dropped(rule)
    rows = (
        income_rows(zone.q("village__code"), month, rule)
        .filter(~_alerted(AlertRule.INCOME_DROP, "person_id"))
        .annotate(lhs=lhs, rhs=rhs)
        .filter(lhs__lte=F("rhs"))
        .values_list("person_id", "village_id", "now", "base_total", "base_n")
    )
    label = month.strftime("%Y年%-m月")
    for pid, village, now, total, n in rows.iterator(chunk_size=10_000):
        average = (Decimal(total) / n).quantize(Decimal(1))
        fall = ((average - now) * 100 / average).quantize(Decimal("0.1")) if average else Decimal(0)
        yield Finding(
            AlertRule.INCOME_DROP,
            f"person:{pid}",
            month.strftime("%Y-%m"),
            village,
            f"{label}务工收入{now}元，比此前{n}个月月均{average}元下降{fall}%",
            person_id=pid,
            detail={
                "month": month.strftime("%Y-%m"),
                "income": now,
                "average": str(average),
                "fall": str(fall),
            },
            due_days=rule.response_days,
        )


def household_rows(
    zone: Zone, month: dt.date, *, below: bool, alerted_only: bool = False
) -> list[tuple[Any, ...]]:
    """(id, village, head, number, headcount, projected, other income recorded: 1/0) of the households
    with a labourer whose
    projection is below (or, ``below=False``, not below) the line. One statement of joined
    aggregates: a correlated subquery per household would cost a lookup for each of 500,000."""
    first = add_months(month, -(HOUSEHOLD_MONTHS - 1))
    q = connection.ops.quote_name
    households, persons = q(Household._meta.db_table), q(Person._meta.db_table)
    records, alerts = q(MonthlyRecord._meta.db_table), q(Alert._meta.db_table)
    in_zone, zone_params = zone.sql("h.village_id")
    people_in_zone, people_params = zone.sql("p.village_id")
    other = "CAST(ROUND(COALESCE(h.other_annual_income, 0)) AS INTEGER)"
    projected = f"COALESCE(w.total, 0) * {12 // HOUSEHOLD_MONTHS} + {other}"
    statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    alerted = f"SELECT household_id FROM {alerts} WHERE rule = %s AND status IN ({statuses})"
    only = f"AND household_id IN ({alerted})" if alerted_only else ""
    only_p = f"AND p.household_id IN ({alerted})" if alerted_only else ""
    only_params: list[Any] = [AlertRule.HOUSEHOLD_LINE, *OPEN_STATUSES] if alerted_only else []
    # Looking for new alerts, households that already have an open one are left out.
    unalerted = (
        ""
        if alerted_only
        else f"AND NOT EXISTS (SELECT 1 FROM {alerts} a WHERE a.household_id = h.id AND a.rule = %s "
        f"AND a.status IN ({statuses}))"
    )
    unalerted_params = [] if alerted_only else [AlertRule.HOUSEHOLD_LINE, *OPEN_STATUSES]
    sql = f"""
        SELECT h.id, h.village_id, h.head_id, h.number, m.headcount, {projected},
               CASE WHEN h.other_annual_income IS NULL THEN 0 ELSE 1 END
        FROM {households} h
        JOIN (SELECT household_id, COUNT(*) AS headcount, SUM(CASE WHEN is_labourer THEN 1 ELSE 0 END) AS labourers
              FROM {persons} WHERE left_on IS NULL AND household_id IS NOT NULL {only} GROUP BY household_id) m
          ON m.household_id = h.id
        LEFT JOIN (SELECT p.household_id, SUM(r.income) AS total
                   FROM {records} r JOIN {persons} p ON p.id = r.person_id
                   WHERE r.month >= %s AND r.month <= %s AND p.household_id IS NOT NULL AND {people_in_zone}
                   {only_p}
                   GROUP BY p.household_id) w
          ON w.household_id = h.id
        WHERE m.labourers > 0 AND {in_zone}
          AND {projected} {"<" if below else ">="} %s * m.headcount {unalerted}
    """
    params: list[Any] = [
        *only_params,
        first,
        month,
        *people_params,
        *only_params,
        *zone_params,
        zone.rule.poverty_line,
        *unalerted_params,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def household_line(zone: Zone, month: dt.date) -> Iterator[Finding]:
    line = zone.rule.poverty_line
    rows = household_rows(zone, month, below=True)
    for hid, village, head, number, members, projected, recorded in rows:
        per_capita = (Decimal(projected) / members).quantize(Decimal(1))
        missing = "" if recorded else "（未填报家庭其他年收入，按0元计）"
        yield Finding(
            AlertRule.HOUSEHOLD_LINE,
            f"household:{hid}",
            month.strftime("%Y-%m"),
            village,
            f"户{number}预计家庭年人均收入{per_capita}元，低于监测线{line}元{missing}",
            person_id=head,
            household_id=hid,
            detail={
                "month": month.strftime("%Y-%m"),
                "per_capita": str(per_capita),
                "members": members,
                "line": line,
                "other_income_recorded": bool(recorded),
            },
            due_days=zone.rule.response_days,
        )
