"""Editing the reporting deadlines of a province or city (ReportingRule)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fangfan.audit import services as audit
from fangfan.regions.models import Region

from ..models import ReportingRule
from .common import require_own

RULE_FIELDS = ("quarter_due_month", "quarter_due_day", "summary_due_month", "summary_due_day")


@transaction.atomic
def update_rule(actor: Any, region: Region, **values: Any) -> ReportingRule:
    """Set the deadlines for ``region`` and everything under it that has no rule of its own."""
    require_own(actor, "reports.rules", region)
    rule = ReportingRule.objects.filter(region=region).first()
    creating = rule is None
    if rule is None:
        rule = ReportingRule(region=region)
    before = {} if creating else audit.snapshot(rule, RULE_FIELDS)
    for key in RULE_FIELDS:
        if key in values:
            setattr(rule, key, values[key])
    rule.full_clean(exclude=["region"])
    after = audit.snapshot(rule, RULE_FIELDS)
    old, new = audit.diff(before, after)
    if creating:
        rule.save()
    elif new:
        rule.save(update_fields=audit.update_fields(rule, new))
    if new:
        audit.record(actor, "reports.rule.update", rule, before=old, after=new, region_id=region.code)
    return rule
