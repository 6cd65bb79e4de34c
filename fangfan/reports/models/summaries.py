"""阶段性总结: the year's figures, the district's 典型经验做法 and 问题困难."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fangfan.regions.models import Region, RegionScopedQuerySet


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "已报送"


class StageSummaryQuerySet(RegionScopedQuerySet):
    region_field = "region"


class StageSummary(models.Model):
    region = models.ForeignKey(Region, verbose_name="填报区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=16, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    experience = models.TextField("典型经验做法", blank=True)
    problems = models.TextField("问题困难", blank=True)
    unit_name = models.CharField("单位", max_length=100, blank=True)
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    as_of = models.DateField("数据截至")
    figures = models.JSONField("报送时的数据", default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = StageSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "阶段性总结"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_stage_summary")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年防止返贫就业攻坚行动阶段性总结"
