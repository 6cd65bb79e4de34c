"""What every report shares (附件1, 附件2 and the stage summary): its status, and its submissions
kept as versions that are written once and afterwards only decided, once.

A version is frozen when it is submitted. The level above records its decision on it (approved,
or returned with comments); an approved version is locked, and only becomes superseded when a
newer one is approved. The model refuses anything else: ``save`` of other fields, ``delete``, and
``update``/``delete`` on a QuerySet.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from fangfan.regions.codes import Level
from fangfan.regions.models import RegionScopedQuerySet


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    REVIEW = "review", "待本级审核"
    SUBMITTED = "submitted", "已报送，待上级审核"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "已审核通过"


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
SUBMITTABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.REVIEW, ReportStatus.RETURNED)
# A province reports to no level above: its reviewer's submission is final (定稿).
TOP_LEVEL = Level.PROVINCE


class VersionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核通过"
    SUPERSEDED = "superseded", "已被新版本取代"


DECISION_FIELDS = frozenset({"status", "decided_by", "decided_at", "comment"})


class Filed(models.Model):
    """A report of one region that is prepared, submitted as versions and decided by the level above.

    A concrete report adds ``region``, ``approved_version`` and a ``versions`` relation."""

    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)

    class Meta:
        abstract = True

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def top(self) -> bool:
        """No level above: submitting is 定稿."""
        return self.region.level_enum == TOP_LEVEL  # type: ignore[attr-defined]

    @property
    def status_label(self) -> str:
        if self.top and self.status == ReportStatus.APPROVED:
            return "已定稿"
        return self.get_status_display()

    def displayed_version(self) -> Any:
        """The version the report stands for: the one under review, else the approved one."""
        if self.status == ReportStatus.SUBMITTED:
            return self.versions.order_by("-number").first()  # type: ignore[attr-defined]
        if self.status == ReportStatus.APPROVED:
            return self.approved_version  # type: ignore[attr-defined]
        return None


class VersionQuerySet(RegionScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("已报送的版本已冻结，不能批量修改。")

    def delete(self) -> Any:
        raise TypeError("已报送的版本不能删除。")


class Version(models.Model):
    """One submission, frozen. Only its decision is written afterwards, and only once."""

    number = models.PositiveSmallIntegerField("版本号")
    status = models.CharField("状态", max_length=16, choices=VersionStatus.choices)
    filled_by = models.CharField("填表人", max_length=50)
    phone = models.CharField("电话", max_length=30)
    filled_on = models.DateField("填表日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    comment = models.TextField("审核意见", blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self._check_decision(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _check_decision(self, fields: Any) -> None:
        if fields is None or not set(fields) <= DECISION_FIELDS:
            raise TypeError("已报送的版本已冻结，只能记录审核结果。")
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored == VersionStatus.SUBMITTED:
            return
        superseding = set(fields) == {"status"} and self.status == VersionStatus.SUPERSEDED
        if stored == VersionStatus.APPROVED and superseding:
            return
        raise TypeError(f"该版本{VersionStatus(stored).label if stored else ''}，已锁定，不能修改。")

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("已报送的版本不能删除。")
