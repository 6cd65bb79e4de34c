"""阶段性总结: the year's figures, the district's 典型经验做法 and 问题困难; each submission a version."""

from __future__ import annotations

from django.db import models

from fangfan.regions.models import Region, RegionScopedQuerySet

from .workflow import Filed, Version, VersionQuerySet


class StageSummaryQuerySet(RegionScopedQuerySet):
    region_field = "region"


class StageSummary(Filed):
    region = models.ForeignKey(Region, verbose_name="填报区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    experience = models.TextField("典型经验做法", blank=True)
    problems = models.TextField("问题困难", blank=True)
    unit_name = models.CharField("单位", max_length=100, blank=True)
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    as_of = models.DateField("数据截至")
    approved_version = models.ForeignKey(
        "SummaryVersion",
        verbose_name="已审核通过的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = StageSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "阶段性总结"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_stage_summary")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年防止返贫就业攻坚行动阶段性总结"


class SummaryVersionQuerySet(VersionQuerySet):
    region_field = "summary__region"


class SummaryVersion(Version):
    """One submission of a stage summary: its text and its figures (``summaries.SummaryFigure``)."""

    summary = models.ForeignKey(StageSummary, on_delete=models.PROTECT, related_name="versions")
    as_of = models.DateField("数据截至")
    figures = models.JSONField("报送时的数据", default=list)
    experience = models.TextField("典型经验做法")
    problems = models.TextField("问题困难")
    unit_name = models.CharField("单位", max_length=100, blank=True)

    objects = SummaryVersionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "阶段性总结版本"
        ordering = ["summary", "number"]
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="unique_summary_version")]

    def __str__(self) -> str:
        return f"{self.summary}第{self.number}版"
