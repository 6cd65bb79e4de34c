"""附件1 reports: the deadlines rule, the report, its frozen versions and cells, and adjustments."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.regions.codes import Level
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet

from ..definitions import Period, cut_off
from .workflow import Filed, Version, VersionQuerySet


class ReportingRule(RegionRule):
    """报送时限：每季度末月5日前报送推进情况表，12月5日前报送阶段性总结（枣人社字〔2023〕68号 三（四））.

    The deadline also sets the 统计截止日 (``definitions.cut_off``): due within the quarter, the
    report counts to the end of the month before the deadline's month; due after it, to its end.
    """

    edit_capability = "reports.rules"

    quarter_due_month = models.PositiveSmallIntegerField(
        "季度报表报送月份（季度内第几个月）",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(4)],
        help_text="3表示季度末月（数据截至上月末）；4表示季度结束后的次月（数据截至季度末）；"
        "2表示季度第二个月（数据截至季度首月末）。",
    )
    quarter_due_day = models.PositiveSmallIntegerField(
        "季度报表截止日", default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    summary_due_month = models.PositiveSmallIntegerField(
        "阶段性总结报送月份",
        default=12,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
        help_text="数据截至报送月份的上月末。",
    )
    summary_due_day = models.PositiveSmallIntegerField(
        "阶段性总结截止日", default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "报送时限"

    def __str__(self) -> str:
        return f"{self.region or '默认'}报送时限"

    def quarter_due(self, period: Period) -> dt.date:
        """截止日（含当日）; the month after the fourth quarter is January of the next year."""
        month = period.quarter * 3 - 3 + self.quarter_due_month
        return dt.date(period.year + (month - 1) // 12, (month - 1) % 12 + 1, self.quarter_due_day)

    def quarter_window(self, period: Period) -> tuple[dt.date, dt.date]:
        """[1 January, 统计截止日] of a quarter's reports (附件1 and 附件2)."""
        return period.first, period.cut_off(self.quarter_due(period))

    def summary_due(self, year: int) -> dt.date:
        return dt.date(year, self.summary_due_month, self.summary_due_day)

    def summary_window(self, year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, 1, 1), cut_off(self.summary_due(year), dt.date(year, 12, 31))


def quarter_window(region: Region, period: Period) -> tuple[dt.date, dt.date]:
    """The window a region's reports of ``period`` count over, by the deadline in force for it."""
    return ReportingRule.objects.for_region(region).quarter_window(period)


class ProgressReportQuerySet(RegionScopedQuerySet):
    region_field = "region"


class ProgressReport(Filed):
    """One region's 附件1 for one quarter. Its figures are computed; submissions freeze them."""

    region = models.ForeignKey(Region, verbose_name="填报区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField(
        "季度", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    row_level = models.PositiveSmallIntegerField(
        "分行级别", choices=[(lvl.value, lvl.label) for lvl in Level]
    )
    unit_name = models.CharField("单位（公章）", max_length=100, blank=True)
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    filled_on = models.DateField("填表日期", null=True, blank=True)
    approved_version = models.ForeignKey(
        "ReportVersion",
        verbose_name="已审核通过的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "推进情况表"
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter"], name="unique_progress_report"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.period.label}推进情况表"

    def get_absolute_url(self) -> str:
        return reverse("reports:progress", args=[self.region_id, self.year, self.quarter])

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter)

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        return quarter_window(self.region, self.period)


class ReportVersionQuerySet(VersionQuerySet):
    region_field = "report__region"


class ReportVersion(Version):
    """What was submitted: the header and every cell, frozen at submission."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="versions")
    first = models.DateField("统计起始日")
    last = models.DateField("统计截止日")
    row_level = models.PositiveSmallIntegerField("分行级别")
    unit_name = models.CharField("单位（公章）", max_length=100, blank=True)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "推进情况表版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self) -> str:
        return f"{self.report}第{self.number}版"


class CellKind(models.TextChoices):
    TOTAL = "total", "合计"
    ROW = "row", "下级区域"


class FrozenQuerySet(RegionScopedQuerySet):
    region_field = "version__report__region"

    def update(self, **kwargs):
        raise TypeError("已报送的数据已冻结，不能修改。")

    def delete(self):
        raise TypeError("已报送的数据已冻结，不能删除。")


class ReportCell(models.Model):
    """One frozen figure of a version. Written once at submission; never changed."""

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="cells")
    position = models.PositiveIntegerField("行序")
    kind = models.CharField("行类型", max_length=16, choices=CellKind.choices)
    row_code = models.CharField("区划代码", max_length=12)
    row_name = models.CharField("区（市）", max_length=100)
    column = models.CharField("栏目", max_length=32)
    computed = models.PositiveIntegerField("计算值")
    value = models.PositiveIntegerField("报送值")
    adjustment = models.ForeignKey(
        "Adjustment",
        verbose_name="人工调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The primary keys of the records the computed value counted (``reports.members.pack``), so
    # that the frozen figure opens the list it was computed from.
    members = models.BinaryField("计入的记录", null=True, editable=False)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报送数据"
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position", "column"], name="unique_report_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.row_name} {self.column} {self.value}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("已报送的数据已冻结，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("已报送的数据已冻结，不能删除。")


class AdjustmentQuerySet(RegionScopedQuerySet):
    region_field = "report__region"

    def active(self) -> Self:
        return self.filter(withdrawn_at__isnull=True)


class Adjustment(models.Model):
    """A figure changed by hand, with its written reason. The computed value stays beside it."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="adjustments")
    row_code = models.CharField("区划代码", max_length=12)
    column = models.CharField("栏目", max_length=32)
    value = models.PositiveIntegerField("调整后数值")
    computed = models.PositiveIntegerField("调整时的计算值")
    reason = models.TextField("调整理由")
    attachment = models.FileField("附件", upload_to="reports/adjustments/%Y/%m/", blank=True)
    attachment_name = models.CharField("附件原名", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("调整时间", auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撤销人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人工调整"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "row_code", "column"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_adjustment_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}：{self.column} 调整为{self.value}"
