"""职业技能培训: courses (订单式、定向式、定岗式 or 普通) and the people enrolled in them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Person


class TrainingType(models.TextChoices):
    ORDER = "order", "订单式"
    DIRECTED = "directed", "定向式"
    POST = "post", "定岗式"
    GENERAL = "general", "普通"


EMPLOYER_TYPES = (TrainingType.ORDER, TrainingType.DIRECTED, TrainingType.POST)


class Certificate(models.TextChoices):
    QUALIFICATION = "qualification", "职业资格证书"
    SKILL_LEVEL = "skill_level", "职业技能等级证书"
    SPECIAL = "special", "专项职业能力证书"
    COMPLETION = "completion", "培训合格证书"


class TrainingQuerySet(RegionScopedQuerySet):
    region_field = "region"

    def running_between(self, first: dt.date, last: dt.date) -> Self:
        """Courses held on any day in [first, last]."""
        return self.filter(start__lte=last, end__gte=first)


class Training(models.Model):
    name = models.CharField("培训班名称", max_length=200)
    region = models.ForeignKey(
        Region, verbose_name="举办地区", on_delete=models.PROTECT, related_name="+", help_text="培训班举办地"
    )
    kind = models.CharField("培训类型", max_length=16, choices=TrainingType.choices)
    provider = models.CharField("培训机构", max_length=200)
    occupation = models.CharField("培训职业（工种）", max_length=100)
    employer = models.CharField(
        "合作用工单位", max_length=200, blank=True, help_text="订单式、定向式、定岗式培训须填写"
    )
    start = models.DateField("开班日期")
    end = models.DateField("结业日期")
    hours = models.PositiveSmallIntegerField("培训课时", null=True, blank=True)
    subsidy_standard = models.DecimalField(
        "补贴标准（元/人）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="留空则按本省（市）规则中该培训类型的标准",
    )
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职业技能培训班"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="training_end_after_start",
                violation_error_message="结业日期不能早于开班日期",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.pk])


class EnrolmentQuerySet(RegionScopedQuerySet):
    region_field = "training__region"

    def participating(self) -> Self:
        """Enrolments of people who took part: all but those who withdrew before the course began."""
        return self.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("training__start")))


class TrainingEnrolment(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="trainings"
    )
    enrolled_on = models.DateField("报名日期", null=True, blank=True)
    withdrawn_on = models.DateField("退出日期", null=True, blank=True, help_text="中途退出培训的填写")
    completed = models.BooleanField("结业", default=False)
    completed_on = models.DateField("结业日期", null=True, blank=True, help_text="留空则为培训班结业日期")
    certificate = models.CharField("取得证书", max_length=16, choices=Certificate.choices, blank=True)
    certificate_number = models.CharField("证书编号", max_length=64, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "培训学员"
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="unique_training_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"


class TrainingRule(RegionRule):
    """职业技能培训补贴: the standard per trainee of each type, and whether a certificate is needed."""

    subsidy_order = models.DecimalField(
        "订单式培训补贴（元/人）", max_digits=10, decimal_places=2, default=Decimal(1500)
    )
    subsidy_directed = models.DecimalField(
        "定向式培训补贴（元/人）", max_digits=10, decimal_places=2, default=Decimal(1500)
    )
    subsidy_post = models.DecimalField(
        "定岗式培训补贴（元/人）", max_digits=10, decimal_places=2, default=Decimal(1500)
    )
    subsidy_general = models.DecimalField(
        "普通培训补贴（元/人）", max_digits=10, decimal_places=2, default=Decimal(1000)
    )
    certificate_required = models.BooleanField(
        "须取得证书才享受补贴",
        default=True,
        help_text="勾选后，结业且取得证书（含培训合格证书）的学员才计补贴",
    )

    class Meta:
        verbose_name = verbose_name_plural = "职业技能培训规则"

    def __str__(self) -> str:
        return f"{self.region or '默认'}职业技能培训规则"

    def standard(self, kind: str) -> Decimal:
        return Decimal(getattr(self, f"subsidy_{kind}"))
