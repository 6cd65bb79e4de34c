from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.core.money import yuan
from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q
from fangfan.regions.codes import ancestor_codes
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Person


class WorkshopKind(models.TextChoices):
    WORKSHOP = "workshop", "就业帮扶车间"
    BASE = "base", "就业帮扶基地"


class WorkshopCategory(models.TextChoices):
    FACTORY = "factory", "厂房式"
    HOME = "home", "居家式"
    FARMING = "farming", "种养式"
    TRADE = "trade", "贸易流通式"
    TOURISM = "tourism", "文化旅游式"


class Track(models.TextChoices):
    """动态管理、动态调整: the four batches a monthly evaluation places a workshop in."""

    UPGRADE = "upgrade", "升级一批"
    SUPPORT = "support", "扶持一批"
    NEW = "new", "新建一批"
    ADJUST = "adjust", "调整一批"


class WorkshopRule(RegionRule):
    min_poverty_workers = models.PositiveSmallIntegerField(
        "车间认定：吸纳脱贫人口（含监测对象）不少于（人）", default=5
    )
    base_min_workers = models.PositiveSmallIntegerField(
        "基地认定：签订劳动合同的脱贫人口不少于（人）", default=10
    )
    base_contract_months = models.PositiveSmallIntegerField(
        "基地认定：劳动合同期限不少于（月）", default=12, validators=[MinValueValidator(1)]
    )
    min_insurance_premium = models.DecimalField(
        "意外伤害保险不低于（元/人/月）", max_digits=8, decimal_places=2, default=Decimal(15)
    )
    adjust_after_months = models.PositiveSmallIntegerField(
        "连续不达标满（月）列入调整一批",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="每月评估时，认定后连续这么多个月未达到认定标准的，列入“调整一批”。",
    )
    new_months = models.PositiveSmallIntegerField(
        "认定后（月）内列入新建一批", default=12, help_text="认定未满这么多个月且达标的车间列入“新建一批”。"
    )

    edit_capability = "workshops.rules"

    class Meta:
        verbose_name = verbose_name_plural = "就业帮扶车间认定与动态管理规则"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}（{self.region or '默认'}）"


class AwardTierKind(models.TextChoices):
    PER_WORKER = "per_worker", "按吸纳人数奖补（每人）"
    BASE = "base", "就业帮扶基地阶梯奖补（每个基地）"


class AwardTierQuerySet(models.QuerySet):
    def for_region(self, region: Region) -> list[AwardTier]:
        """The tiers set on the nearest of the region and its ancestors, else the defaults."""
        codes = ancestor_codes(region.code)
        owner = (
            self.filter(region_id__in=codes)
            .order_by("-region__level")
            .values_list("region_id", flat=True)
            .first()
        )
        if owner is None:
            return default_tiers()
        return list(AwardTier.objects.filter(region_id=owner).order_by("kind", "min_workers", "min_months"))


class AwardTier(models.Model):
    """One step of 阶梯性奖补. A per-worker tier pays ``amount`` for each 脱贫 worker
    employed at least ``min_months`` months in the period with at least ``min_wages``
    paid; a base tier pays ``amount`` once to a base with at least ``min_workers`` such workers.
    When a worker or a base meets several tiers, the highest amount applies."""

    region = models.ForeignKey(Region, verbose_name="适用区域", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("奖补方式", max_length=16, choices=AwardTierKind.choices)
    min_workers = models.PositiveSmallIntegerField("吸纳人数不少于（人）", default=0)
    min_months = models.PositiveSmallIntegerField("务工满（月）", default=6)
    min_wages = models.DecimalField(
        "工资不少于（元）", max_digits=10, decimal_places=2, default=Decimal(6000)
    )
    amount = models.DecimalField("奖补金额（元）", max_digits=10, decimal_places=2)

    objects = AwardTierQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "阶梯性奖补档次"

    def __str__(self) -> str:
        if self.kind == AwardTierKind.BASE:
            return f"基地吸纳{self.min_workers}人及以上：{yuan(self.amount)}元"
        return f"满{self.min_months}个月且工资≥{yuan(self.min_wages)}元：每人{yuan(self.amount)}元"


def default_tiers() -> list[AwardTier]:
    per_worker = {"min_months": 6, "min_wages": Decimal(6000)}
    return [
        AwardTier(kind=AwardTierKind.PER_WORKER, min_workers=0, amount=Decimal(1000), **per_worker),
        AwardTier(kind=AwardTierKind.BASE, min_workers=10, amount=Decimal(20000), **per_worker),
        AwardTier(kind=AwardTierKind.BASE, min_workers=30, amount=Decimal(30000), **per_worker),
        AwardTier(kind=AwardTierKind.BASE, min_workers=50, amount=Decimal(50000), **per_worker),
    ]


class WorkshopQuerySet(RegionScopedQuerySet):
    region_field = "village"

    def operating_between(self, first: dt.date, last: dt.date) -> Self:
        """Certified on or before ``last`` and not exited before ``first``."""
        return self.filter(certified_on__lte=last).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))


class Workshop(models.Model):
    """A 就业帮扶车间, or (kind = base) a 就业帮扶基地."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField(
        "类别", max_length=16, choices=WorkshopKind.choices, default=WorkshopKind.WORKSHOP
    )
    category = models.CharField("类型", max_length=16, choices=WorkshopCategory.choices)
    operator = models.CharField("经营主体", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    village = models.ForeignKey(Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    certified_on = models.DateField("认定日期", null=True, blank=True)
    upgraded_on = models.DateField("升级为基地日期", null=True, blank=True)
    exited_on = models.DateField("退出日期", null=True, blank=True)
    exit_reason = models.CharField("退出原因", max_length=200, blank=True)
    track = models.CharField("动态管理类别", max_length=16, choices=Track.choices, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "就业帮扶车间"
        constraints = [
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True)
                | Q(certified_on__isnull=True)
                | Q(exited_on__gte=models.F("certified_on")),
                name="workshop_exit_after_certification",
                violation_error_message="退出日期不能早于认定日期",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.pk])

    @property
    def is_base(self) -> bool:
        return self.kind == WorkshopKind.BASE

    @property
    def status_label(self) -> str:
        if self.exited_on:
            return "已退出"
        return "已认定" if self.certified_on else "待认定"


class WorkerQuerySet(RegionScopedQuerySet):
    region_field = "workshop__village"

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(active_between_q(first, last))


class WorkshopWorker(models.Model):
    """A person's job in a workshop. It is an employment spell of that person, owned by the workshop."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="车间", on_delete=models.PROTECT, related_name="workers"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="workshop_jobs"
    )
    job = models.CharField("岗位", max_length=50, blank=True)
    start = models.DateField("入职日期")
    end = models.DateField("离职日期", null=True, blank=True)
    monthly_wage = models.DecimalField(
        "月工资（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    contract_months = models.PositiveSmallIntegerField(
        "劳动合同期限（月）", null=True, blank=True, help_text="未签订劳动合同的留空"
    )
    insured = models.BooleanField("参加意外伤害保险", default=False)
    insurance_premium = models.DecimalField(
        "意外伤害保险（元/月）", max_digits=8, decimal_places=2, null=True, blank=True
    )
    spell = models.OneToOneField(
        Employment,
        verbose_name="务工记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车间务工人员"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="workshop_worker_end_after_start",
                violation_error_message="离职日期不能早于入职日期",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.workshop}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.workshop_id])


class WageQuerySet(RegionScopedQuerySet):
    region_field = "worker__workshop__village"


class WorkshopWage(models.Model):
    """工资发放: the wages a workshop paid one worker for one month, and the day it paid them.
    Awards count the months with wages paid and the sum actually paid, from these rows."""

    worker = models.ForeignKey(
        WorkshopWorker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="wages"
    )
    month = models.DateField("工资月份", help_text="该月1日")
    amount = models.DecimalField(
        "实发工资（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField("发放日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WageQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车间工资发放"
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="unique_workshop_wage_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="workshop_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.worker.person} {self.month:%Y年%m月}工资"

    def get_absolute_url(self) -> str:
        return reverse("workshops:wages", args=[self.worker_id])


class EvaluationQuerySet(RegionScopedQuerySet):
    region_field = "workshop__village"


class WorkshopEvaluation(models.Model):
    """One month's evaluation of a workshop: the standard met or not, and the track it was placed on."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="车间", on_delete=models.CASCADE, related_name="evaluations"
    )
    month = models.DateField("月份", help_text="该月1日")
    qualifying = models.PositiveIntegerField("达标人数")
    meets_standard = models.BooleanField("达到认定标准")
    meets_base_standard = models.BooleanField("达到基地标准")
    track = models.CharField("动态管理类别", max_length=16, choices=Track.choices)
    explanation = models.TextField("评估说明")
    evaluated_at = models.DateTimeField("评估时间", auto_now=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评估人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车间月度评估"
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["workshop", "month"], name="unique_workshop_month")]

    def __str__(self) -> str:
        return f"{self.workshop} {self.month:%Y年%m月}：{self.get_track_display()}"


class AwardStatus(models.TextChoices):
    COMPUTED = "computed", "已测算待审核"
    APPROVED = "approved", "县级已审核"
    RETURNED = "returned", "退回重算"


class AwardQuerySet(RegionScopedQuerySet):
    region_field = "workshop__village"


class WorkshopAward(models.Model):
    """阶梯性奖补 of one workshop for one period, with how it was computed, and the county's decision."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="车间", on_delete=models.PROTECT, related_name="awards"
    )
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    amount = models.DecimalField("奖补金额（元）", max_digits=12, decimal_places=2)
    explanation = models.TextField("测算说明")
    details = models.JSONField("测算明细", default=dict)
    status = models.CharField(
        "状态", max_length=16, choices=AwardStatus.choices, default=AwardStatus.COMPUTED
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="测算人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField("测算时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车间奖补"
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "period_start", "period_end"], name="unique_workshop_award_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} {self.period_start:%Y年%m月}—{self.period_end:%Y年%m月}奖补"

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.workshop_id]) + "#awards"
