from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.employment.models import Employment
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Household, Person


class PostRule(RegionRule):
    contract_max_months = models.PositiveSmallIntegerField(
        "聘用协议期限不超过（月）",
        default=12,
        validators=[MinValueValidator(1)],
        help_text="期满可续签，每次不超过该期限。",
    )
    posts_per_household = models.PositiveSmallIntegerField(
        "每户同时安置岗位不超过（个）", default=1, validators=[MinValueValidator(1)]
    )
    rotation_window_years = models.PositiveSmallIntegerField(
        "轮流坐庄核查期（年）",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="在这么多年内，同一岗位由某户让出后又回到该户的，列为轮流坐庄线索。",
    )
    pay_deadline_months = models.PositiveSmallIntegerField(
        "岗位补贴发放期限（考勤月份后第几个月月底前）", default=1, help_text="逾期未足额发放的列为拖欠。"
    )
    min_wage_monthly = models.DecimalField(
        "当地月最低工资标准（元）",
        max_digits=8,
        decimal_places=2,
        default=Decimal(1800),
        help_text="全日制岗位补贴标准不得低于此数。默认值仅为示例，请按本地现行标准设置。",
    )
    min_wage_hourly = models.DecimalField(
        "当地小时最低工资标准（元）",
        max_digits=6,
        decimal_places=2,
        default=Decimal(18),
        help_text="非全日制岗位补贴标准不得低于此数乘以每月工作小时数。",
    )

    edit_capability = "posts.rules"

    class Meta:
        verbose_name = verbose_name_plural = "乡村公益性岗位管理规则"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}（{self.region or '默认'}）"


class PostType(models.TextChoices):
    GENERAL = "general", "普通岗位"
    SKILLED = "skilled", "技术技能岗位"
    SPECIAL = "special", "专项岗位"


class WorkTime(models.TextChoices):
    FULL = "full", "全日制"
    PART = "part", "非全日制"


class PostQuerySet(RegionScopedQuerySet):
    region_field = "village"

    def existing_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(created_on__lte=last).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first))


class PublicPost(models.Model):
    """按需设岗: a rural public-welfare post of a village, with its duties and monthly subsidy."""

    name = models.CharField("岗位名称", max_length=100)
    post_type = models.CharField(
        "岗位类别", max_length=16, choices=PostType.choices, default=PostType.GENERAL
    )
    work_time = models.CharField("用工形式", max_length=8, choices=WorkTime.choices, default=WorkTime.PART)
    village = models.ForeignKey(Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    employer = models.CharField("用人单位", max_length=100, help_text="如村民委员会、乡镇人民政府")
    duties = models.TextField("岗位职责")
    subsidy = models.DecimalField(
        "月补贴标准（元）", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    hours_per_month = models.PositiveSmallIntegerField(
        "每月工作小时", null=True, blank=True, help_text="非全日制岗位填写，用于核对小时最低工资标准"
    )
    required_days = models.PositiveSmallIntegerField(
        "每月应出勤天数", default=22, validators=[MinValueValidator(1)]
    )
    created_on = models.DateField("设岗日期")
    closed_on = models.DateField("撤岗日期", null=True, blank=True)
    close_reason = models.CharField("撤岗原因", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "乡村公益性岗位"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", args=[self.pk])


class ExitReason(models.TextChoices):
    CONTRACT_END = "contract_end", "协议期满不再续聘"
    RESIGNED = "resigned", "本人申请退岗"
    OTHER_JOB = "other_job", "实现其他稳定就业"
    UNQUALIFIED = "unqualified", "不再符合安置条件"
    DISMISSED = "dismissed", "考核不合格解聘"
    POST_CLOSED = "post_closed", "岗位撤销"
    DECEASED = "deceased", "死亡"
    OTHER = "other", "其他"


class AppointmentQuerySet(RegionScopedQuerySet):
    region_field = "post__village"

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(start__lte=last).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))


class PostAppointment(models.Model):
    """以岗聘任 … 有序退岗: one person on one post, from appointment to exit, with renewals."""

    post = models.ForeignKey(
        PublicPost, verbose_name="岗位", on_delete=models.PROTECT, related_name="appointments"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="post_appointments"
    )
    start = models.DateField("上岗日期")
    contract_end = models.DateField("聘用协议到期日")
    renewals = models.PositiveSmallIntegerField("续签次数", default=0)
    exited_on = models.DateField("退岗日期", null=True, blank=True)
    exit_reason = models.CharField("退岗原因", max_length=16, choices=ExitReason.choices, blank=True)
    exit_note = models.CharField("退岗说明", max_length=200, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = models.CharField("补贴发放账号", max_length=32, blank=True)
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

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "岗位聘任"
        constraints = [
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("start")),
                name="post_exit_after_start",
                violation_error_message="退岗日期不能早于上岗日期",
            ),
            models.CheckConstraint(
                condition=Q(contract_end__gte=models.F("start")),
                name="post_contract_after_start",
                violation_error_message="聘用协议到期日不能早于上岗日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.post}"

    def get_absolute_url(self) -> str:
        return reverse("posts:appointment", args=[self.pk])

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.exited_on is None or self.exited_on >= day)

    def overlaps(self, first: dt.date, last: dt.date | None) -> bool:
        return (last is None or self.start <= last) and (self.exited_on is None or self.exited_on >= first)


class AttendanceQuerySet(RegionScopedQuerySet):
    region_field = "appointment__post__village"


class PostAttendance(models.Model):
    """在岗领补: a month's attendance and the subsidy it earns (standard ÷ required days × days worked)."""

    appointment = models.ForeignKey(
        PostAppointment, verbose_name="聘任", on_delete=models.PROTECT, related_name="attendance"
    )
    month = models.DateField("月份", help_text="该月1日")
    required_days = models.DecimalField("应出勤天数", max_digits=4, decimal_places=1)
    actual_days = models.DecimalField("实际出勤天数", max_digits=4, decimal_places=1)
    due = models.DecimalField("应发补贴（元）", max_digits=10, decimal_places=2)
    explanation = models.CharField("计算说明", max_length=200)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "岗位考勤与补贴"
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "month"], name="unique_post_attendance_month")
        ]

    def __str__(self) -> str:
        return f"{self.appointment.person} {self.month:%Y年%m月}岗位补贴"

    def get_absolute_url(self) -> str:
        return reverse("posts:appointment", args=[self.appointment_id])


class PaymentSource(models.TextChoices):
    ATTENDANCE = "attendance", "按考勤发放"
    IMPORT = "import", "导入发放表"


class PaymentQuerySet(RegionScopedQuerySet):
    region_field = "post__village"


class PostPayment(models.Model):
    """A subsidy paid: from an attendance record, or a line of a finance office's 发放表 as imported.

    A line is kept even when its person was not appointed to the post in that
    month: that is what the integrity check 向未聘人员发放 looks for.
    """

    post = models.ForeignKey(
        PublicPost, verbose_name="岗位", on_delete=models.PROTECT, related_name="payments"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="post_payments",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18)
    month = models.DateField("补贴月份", help_text="该月1日")
    amount = models.DecimalField("发放金额（元）", max_digits=10, decimal_places=2)
    paid_on = models.DateField("发放日期")
    attendance = models.ForeignKey(
        PostAttendance,
        verbose_name="考勤",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    source = models.CharField("来源", max_length=16, choices=PaymentSource.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "岗位补贴发放"
        indexes = [models.Index(fields=["post", "id_number", "month"], name="post_payment_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.month:%Y年%m月} {self.post}补贴"

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", args=[self.post_id])


class CadreQuerySet(RegionScopedQuerySet):
    region_field = "village"


class VillageCadre(models.Model):
    """村干部 register, linked to the households of the ledger, for the 优亲厚友 check."""

    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18)
    village = models.ForeignKey(Region, verbose_name="任职村", on_delete=models.PROTECT, related_name="+")
    position = models.CharField(
        "职务", max_length=50, help_text="如党组织书记、村委会主任、村委委员、村务监督委员会主任"
    )
    household = models.ForeignKey(
        Household,
        verbose_name="所在户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadres",
        help_text="本人或其家庭在脱贫人口台账中的户",
    )
    person = models.ForeignKey(
        Person, verbose_name="台账人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    term_start = models.DateField("任职开始日期")
    term_end = models.DateField("任职结束日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "村干部"

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"

    def get_absolute_url(self) -> str:
        return reverse("posts:cadre", args=[self.pk])
