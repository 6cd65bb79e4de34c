"""易地搬迁安置区: sites, the people resettled there, and the 乐业搬迁（迁建）
job fairs held for them, whose hires become employment spells."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.employment.models import Employment
from fangfan.regions.models import Region, RegionScopedQuerySet
from fangfan.registry.models import Person


class SiteKind(models.TextChoices):
    RELOCATION = "relocation", "易地扶贫搬迁安置区"
    YELLOW_RIVER = "yellow_river", "黄河滩区居民迁建安置区"


class RegionOwnedQuerySet(RegionScopedQuerySet):
    region_field = "region"


class RelocationSite(models.Model):
    name = models.CharField("安置区（点）名称", max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name="所在地区",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="安置区所在乡镇或社区",
    )
    kind = models.CharField("类型", max_length=16, choices=SiteKind.choices, default=SiteKind.RELOCATION)
    address = models.CharField("地址", max_length=200, blank=True)
    households_planned = models.PositiveIntegerField("安置规模（户）")
    people_planned = models.PositiveIntegerField("安置规模（人）")
    built_on = models.DateField("建成入住日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "易地搬迁安置区"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relocation:site_detail", args=[self.pk])


class ResidentQuerySet(RegionScopedQuerySet):
    region_field = "site__region"

    def resident_between(self, first: dt.date, last: dt.date) -> Self:
        """People living at the site on any day in [first, last]."""
        return self.filter(moved_in_on__lte=last).filter(
            Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=first)
        )


class SiteResident(models.Model):
    site = models.ForeignKey(RelocationSite, on_delete=models.CASCADE, related_name="residents")
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="residences"
    )
    moved_in_on = models.DateField("入住日期")
    moved_out_on = models.DateField("迁出日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "搬迁安置人员"
        constraints = [models.UniqueConstraint(fields=["site", "person"], name="unique_site_resident")]

    def __str__(self) -> str:
        return f"{self.person} · {self.site}"


class JobFair(models.Model):
    """乐业搬迁（迁建）专场招聘."""

    name = models.CharField("活动名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="举办地区", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        RelocationSite,
        verbose_name="服务安置区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fairs",
    )
    held_on = models.DateField("举办日期")
    organiser = models.CharField("主办单位", max_length=200)
    venue = models.CharField("举办地点", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "乐业搬迁（迁建）专场招聘"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relocation:fair_detail", args=[self.pk])


class FairRowQuerySet(RegionScopedQuerySet):
    region_field = "fair__region"


class FairEmployer(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="employers")
    name = models.CharField("用人单位", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    posts_offered = models.PositiveIntegerField("提供岗位数")
    jobs = models.CharField("招聘岗位", max_length=500, blank=True, help_text="如 普工、电工、缝纫工")

    objects = FairRowQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "参会用人单位"
        constraints = [models.UniqueConstraint(fields=["fair", "name"], name="unique_fair_employer")]

    def __str__(self) -> str:
        return self.name


class FairAttendee(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="fair_visits"
    )
    notes = models.CharField("求职意向", max_length=200, blank=True)

    objects = FairRowQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "参会求职人员"
        constraints = [models.UniqueConstraint(fields=["fair", "person"], name="unique_fair_attendee")]

    def __str__(self) -> str:
        return f"{self.person} · {self.fair}"


class FairHire(models.Model):
    """A person hired at a fair; the job is the employment spell ``spell`` (source 专场招聘)."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="hires")
    employer = models.ForeignKey(
        FairEmployer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="hires"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="fair_hires"
    )
    job = models.CharField("岗位", max_length=100, blank=True)
    start = models.DateField("入职日期")
    end = models.DateField("离职日期", null=True, blank=True)
    monthly_income = models.DecimalField("月工资（元）", max_digits=10, decimal_places=2)
    workplace = models.ForeignKey(
        Region,
        verbose_name="工作地",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="省、市或县；留空则为招聘会举办地所在县",
    )
    spell = models.OneToOneField(
        Employment,
        verbose_name="务工记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.CharField("备注", max_length=500, blank=True)

    objects = FairRowQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "招聘会录用人员"
        constraints = [
            models.UniqueConstraint(fields=["fair", "person"], name="unique_fair_hire"),
            models.CheckConstraint(
                condition=Q(monthly_income__gte=0),
                name="fair_hire_income_not_negative",
                violation_error_message="月工资不能为负数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.employer}"
