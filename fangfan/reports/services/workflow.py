"""The one workflow of every report (附件1, 附件2 and the stage summary).

The region prepares its report and may hand it to its reviewer (本级审核), who submits it: every
submission is frozen as a new version. The level above approves it (the version is locked) or
returns it with written comments; only it can reopen an approved report, and the approved version
stands until a newer one is approved. A province has no level above: its submission is final
(定稿, by the province's own reviewer role) and it reopens its own report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.regions.models import Region

from ..models.workflow import SUBMITTABLE_STATUSES, TOP_LEVEL, ReportStatus, VersionStatus
from .common import clean_text, require_own, require_parent

FINAL_COMMENT = "本级定稿"


def require_approver(actor: Any, region: Region) -> None:
    """The level above approves; a province finalises and reopens its own report."""
    if region.level_enum == TOP_LEVEL:
        require_own(actor, "reports.approve", region)
    else:
        require_parent(actor, "reports.approve", region)


def is_approver(actor: Any, region: Region) -> bool:
    policy = ScopePolicy.of(actor)
    if not policy.can("reports.approve"):
        return False
    if policy.nationwide:
        return True
    home = policy.region.code if policy.region is not None else None
    return home == (region.code if region.level_enum == TOP_LEVEL else region.parent_id)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@dataclass(frozen=True)
class Flow:
    """The workflow of one kind of report; ``kind`` names its audit actions (reports.<kind>.<verb>)."""

    kind: str
    label: str
    fields: tuple[str, ...]
    prepare: str = "reports.prepare"

    def snapshot(self, doc: Any) -> dict[str, Any]:
        return audit.snapshot(doc, [*self.fields, "status", "approved_version"])

    def save(self, actor: Any, doc: Any, verb: str, before: dict[str, Any], **context: Any) -> None:
        old, new = audit.diff(before, self.snapshot(doc))
        if new:
            doc.save(update_fields=audit.update_fields(doc, new))
        audit.record(
            actor,
            f"reports.{self.kind}.{verb}",
            doc,
            before=old,
            after=new,
            region_id=doc.region_id,
            context=context,
        )

    def require_editable(self, doc: Any) -> None:
        if not doc.editable:
            raise ValidationError(f"{self.label}当前状态为“{doc.status_label}”，不能修改。")

    def require_submitter(self, actor: Any, doc: Any) -> None:
        require_own(actor, "reports.submit", doc.region)
        if doc.top:
            require_approver(actor, doc.region)

    @transaction.atomic
    def send_for_review(self, actor: Any, doc: Any) -> Any:
        """The preparer hands the draft to the reviewer of the same level (本级审核)."""
        require_own(actor, self.prepare, doc.region)
        self.require_editable(doc)
        before = self.snapshot(doc)
        doc.status = ReportStatus.REVIEW
        self.save(actor, doc, "review", before)
        return doc

    @transaction.atomic
    def send_back(self, actor: Any, doc: Any, comment: str) -> Any:
        """The reviewer of the same level sends the draft back to the preparer."""
        require_own(actor, "reports.submit", doc.region)
        if doc.status != ReportStatus.REVIEW:
            raise ValidationError(f"只有待本级审核的{self.label}可以退回修改")
        comment = clean_text(comment, "comment", "退回意见", minimum=2)
        before = self.snapshot(doc)
        doc.status = ReportStatus.DRAFT
        self.save(actor, doc, "send_back", before, comment=comment)
        return doc

    @transaction.atomic
    def submit(
        self, actor: Any, doc: Any, header: dict[str, Any], freeze: Callable[[dict[str, Any]], Any]
    ) -> Any:
        """A new version: ``header`` goes onto the report, ``freeze`` writes the version from the
        fields every version shares (and whatever it freezes besides). A province's is final."""
        self.require_submitter(actor, doc)
        # Lock the row: two submissions at once must not both become version N.
        doc.status = type(doc).objects.select_for_update().values_list("status", flat=True).get(pk=doc.pk)
        if doc.status not in SUBMITTABLE_STATUSES:
            raise ValidationError(f"{self.label}当前状态为“{doc.status_label}”，不能报送。")
        before = self.snapshot(doc)
        for key, value in header.items():
            setattr(doc, key, value)
        number = (doc.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = freeze(
            {
                "number": number,
                "status": VersionStatus.SUBMITTED,
                "filled_by": doc.filled_by,
                "phone": doc.phone,
                "filled_on": getattr(doc, "filled_on", None) or timezone.localdate(),
                "submitted_by": _user(actor),
                "submitted_at": timezone.now(),
            }
        )
        if doc.top:
            self._accept(actor, doc, version, FINAL_COMMENT)
            self.save(actor, doc, "finalise", before, version=number)
        else:
            doc.status = ReportStatus.SUBMITTED
            self.save(actor, doc, "submit", before, version=number)
        return version

    def pending(self, doc: Any) -> Any:
        version = doc.versions.filter(status=VersionStatus.SUBMITTED).order_by("-number").first()
        if doc.status != ReportStatus.SUBMITTED or version is None:
            raise ValidationError(f"只有已报送待审核的{self.label}可以审核")
        return version

    def _decide(self, actor: Any, version: Any, status: str, comment: str) -> None:
        version.status = status
        version.decided_by = _user(actor)
        version.decided_at = timezone.now()
        version.comment = comment
        version.save(update_fields=["status", "decided_by", "decided_at", "comment"])

    def _accept(self, actor: Any, doc: Any, version: Any, comment: str) -> None:
        previous = doc.approved_version
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        self._decide(actor, version, VersionStatus.APPROVED, comment)
        doc.status = ReportStatus.APPROVED
        doc.approved_version = version

    @transaction.atomic
    def approve(self, actor: Any, doc: Any, comment: str = "") -> Any:
        """The level above approves: the version becomes the report's and is locked."""
        require_approver(actor, doc.region)
        version = self.pending(doc)
        before = self.snapshot(doc)
        self._accept(actor, doc, version, comment.strip())
        self.save(actor, doc, "approve", before, version=version.number, comment=comment.strip())
        return version

    @transaction.atomic
    def return_(self, actor: Any, doc: Any, comment: str) -> Any:
        """The level above returns the report with written comments; the region may edit again."""
        require_approver(actor, doc.region)
        version = self.pending(doc)
        comment = clean_text(comment, "comment", "退回意见", minimum=2)
        before = self.snapshot(doc)
        self._decide(actor, version, VersionStatus.RETURNED, comment)
        doc.status = ReportStatus.RETURNED
        self.save(actor, doc, "return", before, version=version.number, comment=comment)
        return version

    @transaction.atomic
    def reopen(self, actor: Any, doc: Any, reason: str) -> Any:
        """Only the approver reopens; the approved version stands until a newer one is approved."""
        require_approver(actor, doc.region)
        if doc.status != ReportStatus.APPROVED:
            raise ValidationError(f"只有已审核通过的{self.label}可以重新打开")
        reason = clean_text(reason, "reason", "重新打开的理由")
        before = self.snapshot(doc)
        doc.status = ReportStatus.DRAFT
        self.save(actor, doc, "reopen", before, reason=reason)
        return doc
