"""Every change in monitoring: the alert's life, targets, rules, bulletins, inflow workers.

Each function takes the acting user first, checks capability and scope, saves with
``update_fields`` and writes an audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fangfan.accounts.roles import Role
from fangfan.audit import services as audit
from fangfan.employment import services as employment
from fangfan.regions.codes import Level, ancestor_codes
from fangfan.regions.models import Region
from fangfan.registry import services as registry
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from .models import (
    OPEN_STATUSES,
    Alert,
    AlertStatus,
    Bulletin,
    Indicator,
    Intervention,
    InterventionKind,
    MonitoringRule,
    Outcome,
    Target,
)

PERSON_ASSIGNEES = (Role.VILLAGE_WORKER, Role.TOWNSHIP_STATION)
REGION_ASSIGNEES = (Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.CITY, Role.PROVINCE)
ALERT_FIELDS = ("status", "assignee_id", "responded_on", "outcome", "closing_note")


def _snap(alert: Alert) -> dict[str, Any]:
    return audit.snapshot(alert, ALERT_FIELDS)


def _save(actor: Any, alert: Alert, action: str, before: dict[str, Any], fields: list[str]) -> Alert:
    alert.save(update_fields=[*fields, "updated_at"])
    old, new = audit.diff(before, _snap(alert))
    audit.record(actor, action, alert, before=old, after=new, region_id=alert.region_id)
    return alert


def _open(alert: Alert) -> None:
    if alert.status not in OPEN_STATUSES:
        raise ValidationError(f"该预警已{alert.get_status_display()}，不能再办理")


def assignable_users(alert: Alert) -> QuerySet:
    """Active staff whose scope covers the alert's region: township and village workers for a
    person's alert, the region's own officials for a region's alert."""
    roles = REGION_ASSIGNEES if alert.person_id is None and alert.household_id is None else PERSON_ASSIGNEES
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=roles, region_id__in=ancestor_codes(alert.region_id))
        .order_by("role", "username")
    )


@transaction.atomic
def assign(actor: Any, alert: Alert, assignee: Any) -> Alert:
    authorise(actor, "monitoring.assign", alert.region_id)
    _open(alert)
    if assignee is None or not assignable_users(alert).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": "责任人须为该预警所在乡镇或村的工作人员（区域预警为本级工作人员）"}
        )
    before = _snap(alert)
    alert.assignee = assignee
    alert.assigned_at = timezone.now()
    fields = ["assignee", "assigned_at"]
    if alert.status == AlertStatus.NEW:
        alert.status = AlertStatus.ASSIGNED
        fields.append("status")
    return _save(actor, alert, "monitoring.alert.assign", before, fields)


@transaction.atomic
def intervene(actor: Any, alert: Alert, *, kind: str, on: dt.date, notes: str) -> Intervention:
    authorise(actor, "monitoring.act", alert.region_id)
    _open(alert)
    errors = {}
    if kind not in InterventionKind.values:
        errors["kind"] = "请选择帮扶措施"
    if on is None or on > timezone.localdate():
        errors["on"] = "日期不能晚于今天"
    elif on < alert.detected_on - dt.timedelta(days=31):
        errors["on"] = "日期不能早于预警发现日期一个月以上"
    if not (notes or "").strip():
        errors["notes"] = "请填写帮扶情况"
    if errors:
        raise ValidationError(errors)
    step = Intervention.objects.create(
        alert=alert, kind=kind, on=on, notes=notes.strip()[:500], recorded_by=actor if actor else None
    )
    audit.record(
        actor, "monitoring.intervention.create", step, after=audit.snapshot(step), region_id=alert.region_id
    )
    before = _snap(alert)
    fields = ["status"]
    alert.status = AlertStatus.ACTING
    if alert.responded_on is None:
        alert.responded_on = on
        fields.append("responded_on")
    _save(actor, alert, "monitoring.alert.act", before, fields)
    return step


@transaction.atomic
def resolve(actor: Any, alert: Alert, *, outcome: str, note: str = "") -> Alert:
    authorise(actor, "monitoring.act", alert.region_id)
    _open(alert)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "请选择解除原因"})
    if outcome == Outcome.OTHER and not note.strip():
        raise ValidationError({"note": "解除原因为“其他”时请填写说明"})
    before = _snap(alert)
    alert.status = AlertStatus.RESOLVED
    alert.outcome = outcome
    alert.closing_note = note.strip()[:500]
    alert.resolved_at = timezone.now()
    return _save(
        actor, alert, "monitoring.alert.resolve", before, ["status", "outcome", "closing_note", "resolved_at"]
    )


@transaction.atomic
def close(actor: Any, alert: Alert, *, reason: str) -> Alert:
    authorise(actor, "monitoring.act", alert.region_id)
    _open(alert)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写关闭原因"})
    before = _snap(alert)
    alert.status = AlertStatus.CLOSED
    alert.closing_note = reason.strip()[:500]
    alert.resolved_at = timezone.now()
    return _save(actor, alert, "monitoring.alert.close", before, ["status", "closing_note", "resolved_at"])


# ----- targets and rules ---------------------------------------------------------------------------


@transaction.atomic
def set_target(
    actor: Any, *, region: Region, year: int, indicator: str, value: int, notes: str = ""
) -> Target:
    authorise(actor, "monitoring.targets", region.code)
    errors = {}
    if indicator not in Indicator.values:
        errors["indicator"] = "请选择指标"
    if not 2000 <= int(year) <= 2100:
        errors["year"] = "年度不正确"
    if value is None or int(value) <= 0:
        errors["value"] = "目标值应为正整数"
    if region.level == Level.VILLAGE:
        errors["region"] = "目标任务应下达到乡镇及以上区域"
    if errors:
        raise ValidationError(errors)
    target = Target.objects.filter(region=region, year=year, indicator=indicator).first()
    if target is None:
        target = Target.objects.create(
            region=region, year=year, indicator=indicator, value=value, notes=notes, set_by=actor or None
        )
        audit.record(
            actor, "monitoring.target.create", target, after=audit.snapshot(target), region_id=region.code
        )
        return target
    before = audit.snapshot(target)
    target.value, target.notes, target.set_by = value, notes, actor or None
    old, new = audit.diff(before, audit.snapshot(target))
    if new:
        target.save(update_fields=audit.update_fields(target, new))
        audit.record(actor, "monitoring.target.update", target, before=old, after=new, region_id=region.code)
    return target


@transaction.atomic
def delete_target(actor: Any, target: Target) -> None:
    authorise(actor, "monitoring.targets", target.region_id)
    audit.record(
        actor, "monitoring.target.delete", target, before=audit.snapshot(target), region_id=target.region_id
    )
    target.delete()


RULE_FIELDS = tuple(
    f.name for f in MonitoringRule._meta.concrete_fields if f.name not in ("id", "region", "updated_at")
)


@transaction.atomic
def save_rule(actor: Any, region: Region, **values: Any) -> MonitoringRule:
    """Set a province's (or city's) thresholds; what it leaves out keeps the inherited value."""
    authorise(actor, "monitoring.rules", region.code)
    if region.level not in (Level.PROVINCE, Level.CITY):
        raise ValidationError("监测预警规则只能由省、市设置")
    rule = MonitoringRule.objects.filter(region=region).first()
    created = rule is None
    if rule is None:
        inherited = MonitoringRule.objects.for_region(region)
        rule = MonitoringRule(region=region, **{f: getattr(inherited, f) for f in RULE_FIELDS})
    before = {} if created else audit.snapshot(rule)
    for key, value in values.items():
        if key in RULE_FIELDS:
            setattr(rule, key, value)
    rule.full_clean(exclude=["region"])
    if created:
        rule.save()
        audit.record(actor, "monitoring.rule.create", rule, after=audit.snapshot(rule), region_id=region.code)
        return rule
    old, new = audit.diff(before, audit.snapshot(rule))
    if new:
        rule.save(update_fields=audit.update_fields(rule, new))
        audit.record(actor, "monitoring.rule.update", rule, before=old, after=new, region_id=region.code)
    return rule


@transaction.atomic
def issue_bulletin(
    actor: Any, region: Region, month: dt.date, *, title: str, notes: str = "", rank_by: str | None = None
) -> Bulletin:
    """Freeze the ranking as shown (ranked by the progress of ``rank_by``, see ``bulletin.build``)."""
    from .bulletin import build

    authorise(actor, "monitoring.bulletin", region.code)
    if region.level not in (Level.PROVINCE, Level.CITY):
        raise ValidationError("通报由省、市签发")
    if not title.strip():
        raise ValidationError({"title": "请填写标题"})
    ranking = build(region, month, rank_by)
    rows = ranking.as_json()
    bulletin = Bulletin.objects.create(
        region=region,
        month=month,
        title=title.strip()[:200],
        ranked_by=ranking.rank_by or "",
        rows=rows,
        notes=notes,
        issued_by=actor,
    )
    audit.record(
        actor,
        "monitoring.bulletin.issue",
        bulletin,
        after={
            "title": bulletin.title,
            "month": month.isoformat(),
            "regions": len(rows),
            "ranked_by": bulletin.ranked_by,
        },
        region_id=region.code,
    )
    return bulletin


# ----- inflow workers ----------------------------------------------------------------------------


@transaction.atomic
def register_inflow(actor: Any, *, person: dict[str, Any], spell: dict[str, Any]) -> Person:
    """A worker from another province (吸纳中西部脱贫人口): registered in the host village with their
    home region as origin and no local household, and their job here as the first spell."""
    village, origin = person.get("village"), person.get("origin")
    authorise(actor, "monitoring.inflow", village.code if village else None)
    if origin is None:
        raise ValidationError({"origin": "请选择户籍所在省"})
    if village is not None and origin.code[:2] == village.code[:2]:
        raise ValidationError({"origin": "户籍地与务工所在村同属一省，不是外省来本地务工人员"})
    created = registry.create_person(actor, **(person | {"household": None, "relation_to_head": ""}))
    employment.create_spell(actor, created, **spell)
    return created
