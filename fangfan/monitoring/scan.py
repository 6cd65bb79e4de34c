"""The early-warning scan: run every rule, raise new alerts, and resolve the ones that cleared.

Idempotent: an alert is identified by (rule, subject, basis); a finding that matches an
existing alert, or a subject that already has an open alert for the rule, raises nothing.
A subject whose income_drop or household_line alert was closed by a worker is not raised
again in the same year. Open alerts whose condition no longer holds are resolved by the
system (back in work, income restored, indicator recovered), each step audited.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.core import bulk
from fangfan.core.planning import without_jit
from fangfan.employment import ledger
from fangfan.employment.models import Employment
from fangfan.employment.rules import add_months
from fangfan.regions.models import Region

from . import detect
from .models import (
    OPEN_STATUSES,
    Alert,
    AlertRule,
    AlertStatus,
    Outcome,
)

ALERT_ATTRS = [
    "rule",
    "subject",
    "basis",
    "region_id",
    "person_id",
    "household_id",
    "summary",
    "detail",
    "status",
    "detected_on",
    "due_on",
    "outcome",
    "closing_note",
]
YEARLY = (AlertRule.INCOME_DROP, AlertRule.HOUSEHOLD_LINE)


@dataclass
class ScanResult:
    month: dt.date
    found: Counter = field(default_factory=Counter)
    raised: Counter = field(default_factory=Counter)
    resolved: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "found": dict(self.found),
            "raised": dict(self.raised),
            "resolved": dict(self.resolved),
            "seconds": round(self.seconds, 2),
        }


def scan(region: Region | None = None, today: dt.date | None = None) -> ScanResult:
    started = timezone.now()
    today = today or timezone.localdate()
    ledger.roll_forward(today)
    current = today.replace(day=1)
    month = add_months(current, -1)
    result = ScanResult(month=month)
    scope = region.prefix if region else ""
    zones = detect.zones(scope)
    with without_jit():
        findings: list[detect.Finding] = list(detect.region_findings(region, month, zones))
        for zone in zones:
            findings.extend(detect.work_lost(zone, today))
            findings.extend(detect.unemployed(zone, current, today))
            findings.extend(detect.income_drop(zone, month))
            findings.extend(detect.household_line(zone, month))
    result.found.update(f.rule for f in findings)
    with without_jit():
        _raise(findings, today, result)
        _resolve(scope, zones, findings, today, current, month, result)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _raise(findings: list[detect.Finding], today: dt.date, result: ScanResult) -> None:
    known: set[tuple[str, str, str]] = set()
    open_: set[tuple[str, str]] = set()
    snoozed: set[tuple[str, str]] = set()
    existing = Alert.objects.filter(rule__in={f.rule for f in findings}).values_list(
        "rule", "subject", "basis", "status", "detected_on"
    )
    for rule, subject, basis, status, detected in existing.iterator(chunk_size=50_000):
        known.add((rule, subject, basis))
        if status in OPEN_STATUSES:
            open_.add((rule, subject))
        elif rule in YEARLY and status == AlertStatus.CLOSED and detected.year == today.year:
            snoozed.add((rule, subject))
    new = []
    seen: set[tuple[str, str]] = set()
    for f in findings:
        key = (f.rule, f.subject)
        if (f.rule, f.subject, f.basis) in known or key in open_ or key in snoozed or key in seen:
            continue
        seen.add(key)
        new.append(f)
    if not new:
        return
    stamp = timezone.now()
    rows = []
    for f in new:
        rows.append(
            [
                f.rule,
                f.subject,
                f.basis,
                f.region_id,
                f.person_id,
                f.household_id,
                f.summary[:300],
                f.detail,
                AlertStatus.NEW,
                today,
                today + dt.timedelta(days=f.due_days),
                "",
                "",
            ]
        )
    bulk.insert_rows(Alert, ALERT_ATTRS, rows)
    ids = {
        (r, s, b): pk
        for pk, r, s, b in Alert.objects.filter(created_at__gte=stamp, status=AlertStatus.NEW).values_list(
            "id", "rule", "subject", "basis"
        )
    }
    audit.record_many(
        None,
        "monitoring.alert.detect",
        (
            audit.Change(
                "monitoring.alert",
                str(ids[(f.rule, f.subject, f.basis)]),
                f.summary,
                f.region_id,
                None,
                {"rule": f.rule, "subject": f.subject, "basis": f.basis, "status": AlertStatus.NEW},
            )
            for f in new
        ),
    )
    result.raised.update(f.rule for f in new)


def _cleared(
    rule: str, alerts: QuerySet, zones: list[detect.Zone], today: dt.date, current: dt.date, month: dt.date
) -> QuerySet:
    """The open alerts of ``rule`` whose condition no longer holds."""
    people = alerts.values("person_id")
    if rule in (AlertRule.WORK_LOST, AlertRule.UNEMPLOYED):
        working = Employment.objects.filter(person_id=OuterRef("person_id")).filter(
            Q(end__isnull=True) | Q(end__gte=today) | Q(start__gte=OuterRef("detected_on"))
        )
        return alerts.filter(Exists(working))
    if rule == AlertRule.INCOME_DROP:
        fine = []
        for zone in zones:
            lhs, rhs = detect._dropped(zone.rule)
            rows = (
                detect.income_rows(zone.q("village__code"), month, zone.rule)
                .filter(person_id__in=people)
                .annotate(lhs=lhs, rhs=rhs)
                .filter(lhs__gt=F("rhs"))
            )
            fine.extend(rows.values_list("person_id", flat=True))
        return alerts.filter(person_id__in=fine)
    if rule == AlertRule.HOUSEHOLD_LINE:
        fine = [
            row[0]
            for zone in zones
            for row in detect.household_rows(zone, month, below=False, alerted_only=True)
        ]
        return alerts.filter(household_id__in=fine)
    return alerts.none()


def _resolve(
    scope: str,
    zones: list[detect.Zone],
    findings: list[detect.Finding],
    today: dt.date,
    current: dt.date,
    month: dt.date,
    result: ScanResult,
) -> None:
    open_alerts = Alert.objects.filter(status__in=OPEN_STATUSES, region__code__startswith=scope)
    done: list[tuple[Alert, str, str]] = []
    outcome = {
        AlertRule.WORK_LOST: (Outcome.BACK_IN_WORK, "系统核实：已有新的务工记录"),
        AlertRule.UNEMPLOYED: (Outcome.BACK_IN_WORK, "系统核实：已有新的务工记录"),
        AlertRule.INCOME_DROP: (Outcome.INCOME_RESTORED, f"系统核实：{month:%Y年%-m月}收入已恢复"),
        AlertRule.HOUSEHOLD_LINE: (Outcome.INCOME_RESTORED, "系统核实：预计家庭人均收入已不低于监测线"),
    }
    for rule, (why, note) in outcome.items():
        cleared = _cleared(rule, open_alerts.filter(rule=rule), zones, today, current, month)
        for alert in cleared.only("id", "rule", "summary", "region_id", "status"):
            done.append((alert, why, note))
    still = {(f.rule, f.subject) for f in findings}
    basis = month.strftime("%Y-%m")
    for alert in open_alerts.filter(subject__startswith="region:").exclude(basis=basis):
        if (alert.rule, alert.subject) not in still:
            done.append((alert, Outcome.RECOVERED, f"系统核实：{month:%Y年%-m月}指标已不再触发预警"))
    if not done:
        return
    now = timezone.now()
    bulk.update_rows(
        Alert,
        "id",
        ["status", "outcome", "closing_note", "resolved_at"],
        [[a.pk, AlertStatus.RESOLVED, why, note, now] for a, why, note in done],
    )
    audit.record_many(
        None,
        "monitoring.alert.resolve",
        (
            audit.Change(
                "monitoring.alert",
                str(a.pk),
                a.summary,
                a.region_id,
                {"status": a.status},
                {"status": AlertStatus.RESOLVED, "outcome": why, "closing_note": note},
            )
            for a, why, note in done
        ),
    )
    result.resolved.update(a.rule for a, _, _ in done)
