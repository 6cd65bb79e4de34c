from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.regions.codes import Level
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Household, Person


class Indicator(models.TextChoices):
    EMPLOYED = "employed", "务工规模"
    MIGRANT = "migrant", "外出务工规模"
    LOCAL = "local", "就近就业规模"
    ORGANISED = "organised", "有组织劳务输出规模"
    INFLOW = "inflow", "吸纳外省脱贫人口务工"
    AVG_INCOME = "avg_income", "人均月务工收入"


INDICATOR_UNITS = {Indicator.AVG_INCOME: "元"}


class TargetQuerySet(RegionScopedQuerySet):
    region_field = "region"


class Target(models.Model):
    """A region's goal for one indicator in one year, entered by its officials (e.g. 山西 务工规模 ≥95万)."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.CharField("指标", max_length=16, choices=Indicator.choices)
    value = models.PositiveIntegerField("目标值", help_text="人数；人均月务工收入为元")
    notes = models.CharField("依据", max_length=200, blank=True, help_text="如：晋人社厅发〔2023〕71号")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "目标任务"
        ordering = ["-year", "region_id", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "indicator"], name="unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年 {self.get_indicator_display()} ≥{self.value}"

    @property
    def unit(self) -> str:
        return INDICATOR_UNITS.get(Indicator(self.indicator), "人")


class MonitoringRule(RegionRule):
    """Early-warning thresholds and deadlines; a province (or city) may change any of them."""

    yoy_fall_pct = models.DecimalField(
        "同比降幅预警线（%）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("5.0"),
        help_text="务工规模或人均收入同比下降超过此比例即预警",
    )
    mom_fall_pct = models.DecimalField(
        "环比降幅预警线（百分点）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("5.0"),
        help_text="本月环比变化比上年同月环比变化低出此数即预警（剔除春节返乡等季节因素）",
    )
    pace_tolerance_pct = models.DecimalField(
        "进度容差（%）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("2.0"),
        help_text="低于应达进度超过此比例即为进度滞后",
    )
    region_min_employed = models.PositiveIntegerField(
        "区域预警最小规模（人）",
        default=100,
        help_text="务工规模不足此数的区域不作同比、环比预警，避免小基数波动",
    )
    lowest_region_level = models.PositiveSmallIntegerField(
        "区域预警最低层级",
        default=Level.COUNTY,
        choices=[(lvl.value, lvl.label) for lvl in Level],
        help_text="对该层级及以上的区域计算区域预警",
    )
    lost_work_days = models.PositiveSmallIntegerField(
        "失业未再就业预警天数", default=30, help_text="务工结束后超过此天数仍无新的务工记录即预警"
    )
    unemployed_months = models.PositiveSmallIntegerField(
        "连续未就业预警月数", default=3, help_text="劳动力连续此月数（含本月）无务工记录即预警"
    )
    income_drop_pct = models.DecimalField(
        "个人收入降幅预警线（%）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("30.0"),
        help_text="上月务工收入比本人此前月均收入下降达此比例即预警",
    )
    income_baseline_months = models.PositiveSmallIntegerField(
        "个人收入比较月数", default=6, help_text="计算本人此前月均收入所用的月数"
    )
    poverty_line = models.PositiveIntegerField(
        "家庭人均收入监测线（元/年）", default=7600, help_text="预计家庭年人均纯收入低于此线即预警"
    )
    response_days = models.PositiveSmallIntegerField(
        "响应时限（天）", default=15, help_text="预警发现后须在此天数内采取帮扶措施"
    )

    class Meta:
        verbose_name = verbose_name_plural = "监测预警规则"

    def __str__(self) -> str:
        return f"监测预警规则（{self.region or '默认'}）"


class AlertRule(models.TextChoices):
    REGION_YOY_EMPLOYED = "region_yoy_employed", "务工规模同比下降"
    REGION_YOY_INCOME = "region_yoy_income", "人均务工收入同比下降"
    REGION_MOM_EMPLOYED = "region_mom_employed", "务工规模环比异常下降"
    REGION_MOM_INCOME = "region_mom_income", "人均务工收入环比异常下降"
    REGION_PACE = "region_pace", "目标进度滞后"
    WORK_LOST = "work_lost", "失业未再就业"
    UNEMPLOYED = "unemployed", "长期未就业"
    INCOME_DROP = "income_drop", "务工收入下降"
    HOUSEHOLD_LINE = "household_line", "家庭人均收入低于监测线"


REGION_RULES = (
    AlertRule.REGION_YOY_EMPLOYED,
    AlertRule.REGION_YOY_INCOME,
    AlertRule.REGION_MOM_EMPLOYED,
    AlertRule.REGION_MOM_INCOME,
    AlertRule.REGION_PACE,
)
PERSON_RULES = (AlertRule.WORK_LOST, AlertRule.UNEMPLOYED, AlertRule.INCOME_DROP, AlertRule.HOUSEHOLD_LINE)


class AlertStatus(models.TextChoices):
    NEW = "new", "待处置"
    ASSIGNED = "assigned", "已分派"
    ACTING = "acting", "帮扶中"
    RESOLVED = "resolved", "已解除"
    CLOSED = "closed", "已关闭"


OPEN_STATUSES = (AlertStatus.NEW, AlertStatus.ASSIGNED, AlertStatus.ACTING)
UNANSWERED = (AlertStatus.NEW, AlertStatus.ASSIGNED)


class Outcome(models.TextChoices):
    BACK_IN_WORK = "back_in_work", "已恢复务工"
    INCOME_RESTORED = "income_restored", "收入已恢复"
    RECOVERED = "recovered", "指标已回升"
    OTHER = "other", "其他"


class AlertQuerySet(RegionScopedQuerySet):
    region_field = "region"

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date) -> Self:
        return self.filter(status__in=UNANSWERED, due_on__lt=today)


class Alert(models.Model):
    """A risk found by a rule: a region's indicator falling, or a person (household) in trouble.

    ``subject`` names what the alert is about ("person:12", "household:3", "region:370400000000:employed");
    ``basis`` names the episode (the month, or the day work ended), so re-detection never duplicates it
    and a closed alert is not raised again for the same episode.
    """

    rule = models.CharField("预警类型", max_length=32, choices=AlertRule.choices)
    subject = models.CharField("预警对象", max_length=64)
    basis = models.CharField("预警依据", max_length=32)
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    household = models.ForeignKey(
        Household, verbose_name="户", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    summary = models.CharField("预警内容", max_length=300)
    detail = models.JSONField("数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField("状态", max_length=16, choices=AlertStatus.choices, default=AlertStatus.NEW)
    detected_on = models.DateField("发现日期")
    due_on = models.DateField("响应期限")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    responded_on = models.DateField("首次帮扶日期", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("解除原因", max_length=16, choices=Outcome.choices, blank=True)
    closing_note = models.CharField("办结说明", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "预警"
        ordering = ["-detected_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "subject", "basis"], name="unique_alert_episode"),
            models.UniqueConstraint(
                fields=["rule", "subject"], condition=Q(status__in=OPEN_STATUSES), name="one_open_alert"
            ),
        ]
        indexes = [models.Index(fields=["status", "region"], name="alert_status_region_idx")]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}：{self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:alert_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, today: dt.date) -> bool:
        return self.status in UNANSWERED and today > self.due_on


class InterventionKind(models.TextChoices):
    JOB_REFERRAL = "job_referral", "岗位推荐"
    WORKSHOP = "workshop", "帮扶车间吸纳"
    PUBLIC_POST = "public_post", "公益性岗位安置"
    TRAINING = "training", "技能培训"
    SUBSIDY = "subsidy", "补贴"
    OTHER = "other", "其他"


class InterventionQuerySet(RegionScopedQuerySet):
    region_field = "alert__region"


class Intervention(models.Model):
    """A step taken to help (早干预、早帮扶)."""

    alert = models.ForeignKey(
        Alert, verbose_name="预警", on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField("帮扶措施", max_length=16, choices=InterventionKind.choices)
    on = models.DateField("日期")
    notes = models.CharField("情况说明", max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮扶措施"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class BulletinQuerySet(RegionScopedQuerySet):
    region_field = "region"


class Bulletin(models.Model):
    """An issued 通报: the ranking of a region's sub-regions for one month, frozen when issued."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    title = models.CharField("标题", max_length=200)
    ranked_by = models.CharField(
        "排名依据",
        max_length=16,
        choices=Indicator.choices,
        blank=True,
        help_text="按该指标的目标完成进度排名",
    )
    rows = models.JSONField("内容", default=list, encoder=DjangoJSONEncoder)
    notes = models.TextField("说明", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:bulletin_detail", args=[self.pk])
