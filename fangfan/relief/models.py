from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.core.money import yuan
from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Person

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class LocalScope(models.TextChoices):
    COUNTY = "county", "项目所在县（市、区）"
    CITY = "city", "项目所在市"


class ReliefRule(RegionRule):
    wage_share_min_pct = models.DecimalField(
        "劳务报酬占中央资金比例不低于（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal(30),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    publicity_days = models.PositiveSmallIntegerField(
        "发放前公示不少于（天）", default=7, help_text="劳务报酬发放名单公示满这么多天后方可发放。"
    )
    wage_deadline_months = models.PositiveSmallIntegerField(
        "劳务报酬发放期限（考勤月份后第几个月月底前）",
        default=1,
        validators=[MinValueValidator(0)],
        help_text="1 表示次月月底前发放；逾期未足额发放的标记为拖欠。",
    )

    local_scope = models.CharField(
        "当地农村劳动力的范围",
        max_length=8,
        choices=LocalScope.choices,
        default=LocalScope.COUNTY,
        help_text="户籍所在村在此范围内的才是当地农村劳动力；范围外的人员不能登记为以工代赈用工。",
    )

    edit_capability = "relief.rules"

    class Meta:
        verbose_name = verbose_name_plural = "以工代赈劳务报酬规则"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}（{self.region or '默认'}）"


class AttendanceMode(models.TextChoices):
    DAILY = "daily", "按日考勤"
    MONTHLY = "monthly", "按月考勤"


class ProjectQuerySet(RegionScopedQuerySet):
    region_field = "village"


class WorkReliefProject(models.Model):
    """一个以工代赈项目: who owns and builds it, its funds, and the wages it plans to pay."""

    name = models.CharField("项目名称", max_length=200)
    number = models.CharField("项目编号", max_length=50, blank=True)
    owner = models.CharField("项目业主", max_length=100)
    contractor = models.CharField("施工单位", max_length=100, blank=True)
    village = models.ForeignKey(Region, verbose_name="项目所在村", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("建设地点", max_length=200, blank=True)
    start = models.DateField("开工日期")
    end = models.DateField("完工日期", null=True, blank=True)
    central_funds = models.DecimalField("中央资金（元）", default=Decimal(0), **MONEY)  # type: ignore[arg-type]
    provincial_funds = models.DecimalField("省级资金（元）", default=Decimal(0), **MONEY)  # type: ignore[arg-type]
    other_funds = models.DecimalField("其他资金（元）", default=Decimal(0), **MONEY)  # type: ignore[arg-type]
    planned_wages = models.DecimalField("计划发放劳务报酬（元）", **MONEY)  # type: ignore[arg-type]
    attendance_mode = models.CharField(
        "考勤方式", max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.DAILY
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("监督电话", max_length=20, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "以工代赈项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="relief_project_end_after_start",
                violation_error_message="完工日期不能早于开工日期",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relief:detail", args=[self.pk])

    @property
    def total_funds(self) -> Decimal:
        return self.central_funds + self.provincial_funds + self.other_funds


class WorkerQuerySet(RegionScopedQuerySet):
    region_field = "village"


class ReliefWorker(models.Model):
    """A local rural labourer hired by work-relief projects, named whether or not in the registry.

    ``person`` links the worker to the registry when the ID number is a 脱贫 person
    (or monitored): those are the 脱贫 hires; everyone else is counted by name too.
    """

    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    village = models.ForeignKey(Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person,
        verbose_name="台账人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relief_workers",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = models.CharField("银行账号", max_length=32, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "以工代赈务工人员"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relief:worker_detail", args=[self.pk])

    @property
    def is_poverty(self) -> bool:
        return self.person_id is not None


class HireQuerySet(RegionScopedQuerySet):
    region_field = "project__village"

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(active_between_q(first, last))


class ReliefHire(models.Model):
    project = models.ForeignKey(
        WorkReliefProject, verbose_name="项目", on_delete=models.PROTECT, related_name="hires"
    )
    worker = models.ForeignKey(
        ReliefWorker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="hires"
    )
    job = models.CharField("工种", max_length=50, blank=True)
    start = models.DateField("进场日期")
    end = models.DateField("退场日期", null=True, blank=True)
    daily_wage = models.DecimalField(
        "日工资（元）", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
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

    objects = HireQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "以工代赈用工"
        constraints = [
            models.UniqueConstraint(fields=["project", "worker"], name="unique_relief_hire"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="relief_hire_end_after_start",
                violation_error_message="退场日期不能早于进场日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("relief:detail", args=[self.project_id])


class SheetQuerySet(RegionScopedQuerySet):
    region_field = "project__village"


class WageSheet(models.Model):
    """One project's month: its attendance, when attendance closed, the publicity and the payments."""

    project = models.ForeignKey(
        WorkReliefProject, verbose_name="项目", on_delete=models.PROTECT, related_name="sheets"
    )
    month = models.DateField("月份", help_text="该月1日")
    attendance_closed_on = models.DateField("考勤截止日期", null=True, blank=True)
    publicity_start = models.DateField("公示开始日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "劳务报酬月度发放表"
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="unique_relief_sheet_month")]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%Y年%m月}"

    def get_absolute_url(self) -> str:
        return reverse("relief:sheet", args=[self.project_id, f"{self.month:%Y-%m}"])


class Attendance(models.Model):
    """用工考勤台账: the days a hire worked in the sheet's month (with the dates, when kept daily)."""

    sheet = models.ForeignKey(
        WageSheet, verbose_name="月度发放表", on_delete=models.CASCADE, related_name="attendance"
    )
    hire = models.ForeignKey(
        ReliefHire, verbose_name="用工", on_delete=models.PROTECT, related_name="attendance"
    )
    days = models.DecimalField(
        "出勤天数", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )
    day_list = models.JSONField("出勤日期", default=list, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "用工考勤"
        constraints = [models.UniqueConstraint(fields=["sheet", "hire"], name="unique_relief_attendance")]

    def __str__(self) -> str:
        return f"{self.hire.worker} {self.sheet.month:%Y年%m月} {self.days}天"


class PaymentQuerySet(RegionScopedQuerySet):
    region_field = "sheet__project__village"


class WagePayment(models.Model):
    """劳务报酬发放明细: due from attendance, what was paid, when, and to which account."""

    sheet = models.ForeignKey(
        WageSheet, verbose_name="月度发放表", on_delete=models.PROTECT, related_name="payments"
    )
    hire = models.ForeignKey(
        ReliefHire, verbose_name="用工", on_delete=models.PROTECT, related_name="payments"
    )
    days = models.DecimalField("出勤天数", max_digits=4, decimal_places=1)
    daily_wage = models.DecimalField("日工资（元）", max_digits=8, decimal_places=2)
    due = models.DecimalField("应发金额（元）", max_digits=12, decimal_places=2)
    paid = models.DecimalField("实发金额（元）", max_digits=12, decimal_places=2, default=Decimal(0))
    paid_on = models.DateField("发放日期", null=True, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = models.CharField("银行账号", max_length=32, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "劳务报酬发放明细"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "hire"], name="unique_relief_payment"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="relief_paid_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.hire.worker} {self.sheet.month:%Y年%m月}劳务报酬"

    def get_absolute_url(self) -> str:
        return self.sheet.get_absolute_url()

    @property
    def explanation(self) -> str:
        return f"{self.days.normalize():f}天 × {yuan(self.daily_wage)}元 = {yuan(self.due)}元"
