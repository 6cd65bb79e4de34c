"""Every change to stage summaries (阶段性总结)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.regions.models import Region

from .. import definitions
from ..models import StageSummary, SummaryStatus
from ..summaries import as_of_for, freeze, live_figures
from .common import clean_contact, clean_text, require_own, require_parent

FIELDS = ("status", "experience", "problems", "unit_name", "filled_by", "phone", "submitted_at")


def _save(actor: Any, summary: StageSummary, action: str, before: dict[str, Any], **context: Any) -> None:
    after = audit.snapshot(summary, FIELDS)
    old, new = audit.diff(before, after)
    if new:
        summary.save(update_fields=audit.update_fields(summary, new))
    audit.record(actor, action, summary, before=old, after=new, region_id=summary.region_id, context=context)


@transaction.atomic
def start_summary(actor: Any, region: Region, year: int) -> StageSummary:
    require_own(actor, "reports.prepare", region)
    if region.level_enum not in definitions.REPORTING_LEVELS:
        raise ValidationError("阶段性总结由县（区、市）和市两级报送。")
    if StageSummary.objects.filter(region=region, year=year).exists():
        raise ValidationError(f"{region.name}{year}年的阶段性总结已经建立")
    summary = StageSummary.objects.create(
        region=region,
        year=year,
        as_of=as_of_for(region, year),
        unit_name=getattr(actor, "organisation", "") or "",
    )
    audit.record(
        actor, "reports.summary.start", summary, after=audit.snapshot(summary, FIELDS), region_id=region.code
    )
    return summary


@transaction.atomic
def update_summary(
    actor: Any,
    summary: StageSummary,
    *,
    experience: str,
    problems: str,
    unit_name: str = "",
    filled_by: str = "",
    phone: str = "",
) -> StageSummary:
    require_own(actor, "reports.prepare", summary.region)
    if summary.status != SummaryStatus.DRAFT:
        raise ValidationError("阶段性总结已报送，不能修改。")
    before = audit.snapshot(summary, FIELDS)
    summary.experience, summary.problems = experience.strip(), problems.strip()
    summary.unit_name, summary.filled_by, summary.phone = unit_name.strip(), filled_by.strip(), phone.strip()
    _save(actor, summary, "reports.summary.update", before)
    return summary


@transaction.atomic
def submit_summary(actor: Any, summary: StageSummary, *, filled_by: str, phone: str) -> StageSummary:
    """Submit to the level above; the figures are frozen as they stand."""
    require_own(actor, "reports.submit", summary.region)
    if summary.status != SummaryStatus.DRAFT:
        raise ValidationError("阶段性总结已报送。")
    clean_text(summary.experience, "experience", "典型经验做法", minimum=10)
    clean_text(summary.problems, "problems", "问题困难", minimum=10)
    filled_by, phone = clean_contact(filled_by, phone)
    before = audit.snapshot(summary, FIELDS)
    summary.filled_by, summary.phone = filled_by, phone
    summary.figures = freeze(live_figures(summary.region, summary.year, summary.as_of))
    summary.submitted_by = actor if getattr(actor, "pk", None) else None
    if summary.submitted_at is None:
        summary.submitted_at = timezone.now()
    summary.status = SummaryStatus.SUBMITTED
    summary.save(update_fields=["figures", "submitted_by"])
    _save(actor, summary, "reports.summary.submit", before)
    return summary


@transaction.atomic
def return_summary(actor: Any, summary: StageSummary, comment: str) -> StageSummary:
    """The level above returns a submitted summary for rework; its figures will be taken again."""
    require_parent(actor, "reports.approve", summary.region)
    if summary.status != SummaryStatus.SUBMITTED:
        raise ValidationError("只有已报送的阶段性总结可以退回。")
    comment = clean_text(comment, "comment", "退回意见", minimum=2)
    before = audit.snapshot(summary, FIELDS)
    summary.status = SummaryStatus.DRAFT
    _save(actor, summary, "reports.summary.return", before, comment=comment)
    return summary
