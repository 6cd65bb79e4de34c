"""Every change to findings: a check's run (:func:`sync`) and a reviewer's verdict (:func:`review`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.regions.models import Region
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from .models import Finding, FindingStatus

SHOWN = ("status", "summary", "evidence_text", "cleared_at")


@dataclass
class Detected:
    """One problem a check found, before it becomes (or refreshes) a Finding."""

    key: str
    region_id: str
    subject: models.Model
    summary: str
    evidence_text: str
    evidence: dict[str, Any] = field(default_factory=dict)
    person: Person | None = None


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower


@transaction.atomic
def sync(actor: Any, kind: str, region: Region | None, detected: list[Detected]) -> SyncResult:
    """Make the findings of ``kind`` in ``region`` match what a check found now.

    A problem seen again keeps its finding (and its verdict); a new one is
    added; one no longer seen is marked cleared. Running twice changes nothing.
    """
    authorise(actor, "quality.detect", region.code if region else "")
    now = timezone.now()
    result = SyncResult()
    scope = Finding.objects.filter(kind=kind).in_region(region)
    existing = {f.key: f for f in Finding.objects.filter(kind=kind, key__in=[d.key for d in detected])}
    created: list[audit.Change] = []
    for item in detected:
        finding = existing.get(item.key)
        if finding is None:
            finding = Finding.objects.create(
                kind=kind,
                key=item.key,
                region_id=item.region_id,
                person=item.person,
                subject_type=_label(item.subject),
                subject_id=str(item.subject.pk),
                subject_repr=str(item.subject)[:200],
                summary=item.summary[:300],
                evidence=item.evidence,
                evidence_text=item.evidence_text,
                last_detected_at=now,
            )
            created.append(
                audit.Change(
                    "quality.finding",
                    str(finding.pk),
                    str(finding)[:200],
                    finding.region_id,
                    None,
                    audit.snapshot(finding, SHOWN),
                )
            )
            result.created += 1
            continue
        before = audit.snapshot(finding, SHOWN)
        finding.summary = item.summary[:300]
        finding.evidence = item.evidence
        finding.evidence_text = item.evidence_text
        finding.cleared_at = None
        if finding.status == FindingStatus.RESOLVED:
            finding.status = FindingStatus.OPEN
        finding.last_detected_at = now
        old, new = audit.diff(before, audit.snapshot(finding, SHOWN))
        finding.save(
            update_fields=["summary", "evidence", "evidence_text", "cleared_at", "status", "last_detected_at"]
        )
        if new:
            audit.record(
                actor,
                "quality.finding.redetect",
                finding,
                before=old,
                after=new,
                region_id=finding.region_id,
                context={"kind": kind},
            )
            result.updated += 1
        else:
            result.unchanged += 1
    gone = scope.filter(cleared_at__isnull=True).exclude(key__in=[d.key for d in detected])
    for finding in gone:
        finding.cleared_at = now
        finding.save(update_fields=["cleared_at"])
        audit.record(
            actor,
            "quality.finding.clear",
            finding,
            before={"cleared_at": None},
            after={"cleared_at": now.isoformat()},
            region_id=finding.region_id,
            context={"kind": kind},
        )
        result.cleared += 1
    audit.record_many(actor, "quality.finding.create", created, {"kind": kind})
    return result


@transaction.atomic
def review(actor: Any, finding: Finding, status: str, verdict: str) -> Finding:
    """A reviewer's verdict: 属实, 不属实 or 已整改, with the reasons written down."""
    authorise(actor, "quality.review", finding.region_id)
    if status not in FindingStatus.values:
        raise ValidationError({"status": "请选择核实结论"})
    verdict = verdict.strip()
    if status != FindingStatus.OPEN and not verdict:
        raise ValidationError({"verdict": "请填写核实意见（核实了什么、依据是什么）"})
    before = audit.snapshot(finding, ("status", "verdict", "reviewed_by", "reviewed_at"))
    finding.status = status
    finding.verdict = verdict
    finding.reviewed_by = actor if getattr(actor, "pk", None) else None
    finding.reviewed_at = timezone.now()
    after = audit.snapshot(finding, ("status", "verdict", "reviewed_by", "reviewed_at"))
    old, new = audit.diff(before, after)
    finding.save(update_fields=["status", "verdict", "reviewed_by", "reviewed_at"])
    audit.record(actor, "quality.finding.review", finding, before=old, after=new, region_id=finding.region_id)
    return finding
