"""劳务协作: alliances, labour brands, labour bases, cooperatives, brokers, and
organised outbound batches (有组织劳务输出) whose members are employment spells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self, cast

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from fangfan.employment.models import Employment
from fangfan.regions.models import Region, RegionRule, RegionScopedQuerySet
from fangfan.registry.models import Person


class AllianceLevel(models.TextChoices):
    INTER_PROVINCE = "inter_province", "省际"
    INTER_CITY = "inter_city", "市际"
    INTER_COUNTY = "inter_county", "县际"


class CertLevel(models.TextChoices):
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"


class AllianceQuerySet(RegionScopedQuerySet):
    """An alliance is seen by the region that leads it and by every member region."""

    region_field = "region"

    def _prefix_q(self, prefix: str) -> Q:
        if not prefix:
            return Q()
        members = AllianceMember.objects.filter(alliance=OuterRef("pk"), region__code__startswith=prefix)
        return cast(Q, Q(region__code__startswith=prefix) | Exists(members))

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(formed_on__lte=last).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first)
        )


class LabourAlliance(models.Model):
    name = models.CharField("联盟名称", max_length=200)
    level = models.CharField("层级", max_length=16, choices=AllianceLevel.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="牵头地区",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="牵头单位所在地区",
    )
    lead_organisation = models.CharField("牵头单位", max_length=200)
    formed_on = models.DateField("成立日期")
    dissolved_on = models.DateField("解散日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "劳务协作联盟"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:alliance_detail", args=[self.pk])


class AllianceMemberQuerySet(RegionScopedQuerySet):
    region_field = "alliance__region"


class AllianceMember(models.Model):
    alliance = models.ForeignKey(LabourAlliance, on_delete=models.CASCADE, related_name="members")
    region = models.ForeignKey(Region, verbose_name="成员地区", on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField("成员单位", max_length=200)
    joined_on = models.DateField("加入日期", null=True, blank=True)
    is_lead = models.BooleanField("牵头单位", default=False)

    objects = AllianceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "联盟成员"
        constraints = [
            models.UniqueConstraint(fields=["alliance", "region"], name="unique_alliance_member_region")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}（{self.region}）"


class RegionOwnedQuerySet(RegionScopedQuerySet):
    region_field = "region"


class LabourBrand(models.Model):
    name = models.CharField("品牌名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="所属地区", on_delete=models.PROTECT, related_name="+")
    skill = models.CharField("技能（工种）", max_length=100, help_text="如 家政服务、焊工、建筑瓦工")
    level = models.CharField("认定级别", max_length=16, choices=CertLevel.choices)
    certified_on = models.DateField("认定日期", null=True, blank=True, help_text="培育中尚未认定的留空")
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    operator = models.CharField("运营主体", max_length=200, blank=True)
    description = models.CharField("品牌简介", max_length=1000, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "特色劳务品牌"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:brand_detail", args=[self.pk])


class BrandWorkerQuerySet(RegionScopedQuerySet):
    region_field = "brand__region"


class BrandWorker(models.Model):
    """A person working under a labour brand (品牌就业)."""

    brand = models.ForeignKey(LabourBrand, on_delete=models.CASCADE, related_name="workers")
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="brand_jobs"
    )
    employer = models.CharField("务工单位", max_length=200, blank=True)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)

    objects = BrandWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "品牌从业人员"
        constraints = [models.UniqueConstraint(fields=["brand", "person"], name="unique_brand_worker")]

    def __str__(self) -> str:
        return f"{self.person} · {self.brand}"


class LabourBase(models.Model):
    """乡村振兴劳务基地."""

    name = models.CharField("基地名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="所在地区", on_delete=models.PROTECT, related_name="+")
    operator = models.CharField("运营单位", max_length=200)
    level = models.CharField("认定级别", max_length=16, choices=CertLevel.choices)
    certified_on = models.DateField("认定日期")
    exited_on = models.DateField("退出日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    description = models.CharField("基地简介", max_length=1000, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "乡村振兴劳务基地"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:base_detail", args=[self.pk])


class LabourCooperative(models.Model):
    """劳务合作社 (农村劳务专业合作社)."""

    name = models.CharField("合作社名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="所在地区", on_delete=models.PROTECT, related_name="+")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    leader = models.CharField("负责人", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    registered_on = models.DateField("成立日期")
    dissolved_on = models.DateField("注销日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "劳务合作社"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:cooperative_detail", args=[self.pk])

    def active_on(self, day: dt.date) -> bool:
        return self.registered_on <= day and (self.dissolved_on is None or self.dissolved_on >= day)


class LabourBroker(models.Model):
    """劳务经纪人."""

    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20)
    region = models.ForeignKey(Region, verbose_name="所在地区", on_delete=models.PROTECT, related_name="+")
    cooperative = models.ForeignKey(
        LabourCooperative,
        verbose_name="所属合作社",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brokers",
    )
    registered_on = models.DateField("登记日期")
    ended_on = models.DateField("停止日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "劳务经纪人"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:broker_detail", args=[self.pk])

    def active_on(self, day: dt.date) -> bool:
        return self.registered_on <= day and (self.ended_on is None or self.ended_on >= day)


class OutboundBatch(models.Model):
    """有组织劳务输出: a cooperative or a broker sends named people to an employer."""

    name = models.CharField("批次名称", max_length=200, help_text="如 2024年春季赴苏州电子厂输出")
    region = models.ForeignKey(
        Region,
        verbose_name="输出地区",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="组织输出的县或乡镇",
    )
    cooperative = models.ForeignKey(
        LabourCooperative,
        verbose_name="组织合作社",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    broker = models.ForeignKey(
        LabourBroker,
        verbose_name="组织经纪人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    employer = models.CharField("用工单位", max_length=200)
    job = models.CharField("岗位（工种）", max_length=100, blank=True)
    destination = models.ForeignKey(
        Region, verbose_name="输出目的地", on_delete=models.PROTECT, related_name="+", help_text="省、市或县"
    )
    departure = models.DateField("出发日期")
    seasonal = models.BooleanField("季节性输出", default=False)
    return_on = models.DateField("计划返回日期", null=True, blank=True, help_text="季节性输出必填")
    monthly_wage = models.DecimalField("月工资（元）", max_digits=10, decimal_places=2)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "有组织劳务输出批次"
        constraints = [
            models.CheckConstraint(
                condition=Q(cooperative__isnull=False) | Q(broker__isnull=False),
                name="batch_has_organiser",
                violation_error_message="请选择组织输出的劳务合作社或劳务经纪人",
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage__gte=0),
                name="batch_wage_not_negative",
                violation_error_message="月工资不能为负数",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperation:batch_detail", args=[self.pk])

    @property
    def organiser(self) -> str:
        return " / ".join(str(o) for o in (self.cooperative, self.broker) if o is not None)


class BatchMemberQuerySet(RegionScopedQuerySet):
    region_field = "batch__region"


class BatchMember(models.Model):
    """A person sent with a batch; their employment spell is ``spell`` (source 有组织劳务输出).

    Blank dates and wage follow the batch: start at its departure, end at its planned return.
    """

    batch = models.ForeignKey(OutboundBatch, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="outbound")
    start = models.DateField("到岗日期", null=True, blank=True, help_text="留空则为批次出发日期")
    end = models.DateField("返回（离岗）日期", null=True, blank=True, help_text="留空则为批次计划返回日期")
    monthly_income = models.DecimalField(
        "月工资（元）", max_digits=10, decimal_places=2, null=True, blank=True, help_text="留空则为批次月工资"
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

    objects = BatchMemberQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "输出人员"
        constraints = [models.UniqueConstraint(fields=["batch", "person"], name="unique_batch_member")]

    def __str__(self) -> str:
        return f"{self.person} · {self.batch}"

    @property
    def effective_start(self) -> dt.date:
        return self.start or self.batch.departure

    @property
    def effective_end(self) -> dt.date | None:
        return self.end or self.batch.return_on

    @property
    def effective_income(self) -> Decimal:
        return self.monthly_income if self.monthly_income is not None else self.batch.monthly_wage


class CooperationRule(RegionRule):
    """劳务协作 rules a province or city sets."""

    seasonal_max_days = models.PositiveSmallIntegerField(
        "季节性输出最长期限（天）",
        default=183,
        help_text="季节性输出从出发到计划返回不超过该天数，超过的应按常年输出登记",
    )

    class Meta:
        verbose_name = verbose_name_plural = "劳务协作规则"

    def __str__(self) -> str:
        return f"{self.region or '默认'}劳务协作规则"
