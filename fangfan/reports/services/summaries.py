"""Every change to stage summaries (阶段性总结): start, text, and the reports' one workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fangfan.audit import services as audit
from fangfan.regions.models import Region

from .. import definitions
from ..models import StageSummary, SummaryVersion
from ..summaries import as_of_for, freeze, live_figures
from .common import clean_contact, clean_text, require_own
from .workflow import Flow

SUMMARY_FLOW = Flow(
    "summary", "阶段性总结", ("experience", "problems", "unit_name", "filled_by", "phone", "as_of")
)
send_summary_for_review = SUMMARY_FLOW.send_for_review
send_summary_back = SUMMARY_FLOW.send_back
approve_summary = SUMMARY_FLOW.approve
return_summary = SUMMARY_FLOW.return_
reopen_summary = SUMMARY_FLOW.reopen


@transaction.atomic
def start_summary(actor: Any, region: Region, year: int) -> StageSummary:
    require_own(actor, "reports.prepare", region)
    if region.level_enum not in definitions.REPORTING_LEVELS:
        raise ValidationError("阶段性总结由省、市、县（区、市）三级编写。")
    if StageSummary.objects.filter(region=region, year=year).exists():
        raise ValidationError(f"{region.name}{year}年的阶段性总结已经建立")
    summary = StageSummary.objects.create(
        region=region,
        year=year,
        as_of=as_of_for(region, year),
        unit_name=getattr(actor, "organisation", "") or "",
    )
    audit.record(
        actor, "reports.summary.start", summary, after=SUMMARY_FLOW.snapshot(summary), region_id=region.code
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
    SUMMARY_FLOW.require_editable(summary)
    before = SUMMARY_FLOW.snapshot(summary)
    summary.experience, summary.problems = experience.strip(), problems.strip()
    summary.unit_name, summary.filled_by, summary.phone = unit_name.strip(), filled_by.strip(), phone.strip()
    SUMMARY_FLOW.save(actor, summary, "update", before)
    return summary


def submit_summary(actor: Any, summary: StageSummary, *, filled_by: str, phone: str) -> SummaryVersion:
    """Submit to the level above (a province: 定稿): the text and the figures are frozen as a new version."""
    SUMMARY_FLOW.require_submitter(actor, summary)
    clean_text(summary.experience, "experience", "典型经验做法", minimum=10)
    clean_text(summary.problems, "problems", "问题困难", minimum=10)
    filled_by, phone = clean_contact(filled_by, phone)
    # The cut-off follows the deadline in force now.
    header = {"filled_by": filled_by, "phone": phone, "as_of": as_of_for(summary.region, summary.year)}

    def frozen(common: dict[str, Any]) -> SummaryVersion:
        return SummaryVersion.objects.create(
            summary=summary,
            as_of=summary.as_of,
            figures=freeze(live_figures(summary.region, summary.year, summary.as_of)),
            experience=summary.experience,
            problems=summary.problems,
            unit_name=summary.unit_name,
            **common,
        )

    return SUMMARY_FLOW.submit(actor, summary, header, frozen)
