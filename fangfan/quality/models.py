from __future__ import annotations

from typing import Self

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from fangfan.regions.models import Region, RegionScopedQuerySet
from fangfan.registry.models import Person

from . import kinds


class FindingStatus(models.TextChoices):
    OPEN = "open", "待核实"
    CONFIRMED = "confirmed", "属实"
    DISMISSED = "dismissed", "不属实"
    RESOLVED = "resolved", "已整改"


class FindingQuerySet(RegionScopedQuerySet):
    region_field = "region"

    def open(self) -> Self:
        return self.filter(status=FindingStatus.OPEN)

    def current(self) -> Self:
        """Still seen by the latest run of its check."""
        return self.filter(cleared_at__isnull=True)


class Finding(models.Model):
    """Something a check found that a person must look at: the evidence, and the reviewer's verdict.

    ``kind`` names the check (see :mod:`fangfan.quality.kinds`); ``key`` names what
    was found (the records involved), so that running a check again updates the
    same finding instead of adding a second one.
    """

    kind = models.CharField("类别", max_length=48, db_index=True)
    key = models.CharField("识别键", max_length=200)
    region = models.ForeignKey(Region, verbose_name="所在区域", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person,
        verbose_name="涉及人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    subject_type = models.CharField("对象类型", max_length=64)
    subject_id = models.CharField("对象编号", max_length=64)
    subject_repr = models.CharField("对象", max_length=200)
    summary = models.CharField("问题", max_length=300)
    evidence = models.JSONField("证据（数据）", default=dict)
    evidence_text = models.TextField("证据")
    status = models.CharField(
        "状态", max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    verdict = models.TextField("核实意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("核实时间", null=True, blank=True)
    first_detected_at = models.DateTimeField("首次发现", auto_now_add=True)
    last_detected_at = models.DateTimeField("最近一次发现")
    cleared_at = models.DateTimeField(
        "不再出现", null=True, blank=True, help_text="最近一次核查未再发现该问题的时间"
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "核查发现"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_finding_per_kind_key")]
        indexes = [models.Index(fields=["region", "kind", "status"], name="finding_region_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind_label}：{self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("quality:finding_detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def subject_url(self) -> str:
        if self.subject_type == "registry.person":
            return reverse("registry:person_detail", args=[self.subject_id])
        if self.subject_type == "registry.household":
            return reverse("registry:household_detail", args=[self.subject_id])
        try:
            model = apps.get_model(self.subject_type)
        except (LookupError, ValueError):
            return ""
        subject = model._default_manager.filter(pk=self.subject_id).first()
        url = getattr(subject, "get_absolute_url", None)
        return url() if url else ""
