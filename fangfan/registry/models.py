from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q

from fangfan.regions.models import Region, RegionScopedQuerySet

from .choices import (
    LABOUR_CAPACITIES,
    DisabilityCategory,
    DisabilityGrade,
    Education,
    Health,
    HouseholdType,
    LabourCapacity,
    LeaveReason,
    MonitoringCategory,
    Relation,
    Sex,
)


class HouseholdQuerySet(RegionScopedQuerySet):
    region_field = "village"


class Household(models.Model):
    number = models.CharField("户编号", max_length=32, unique=True)
    village = models.ForeignKey(Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    head = models.OneToOneField(
        "Person", verbose_name="户主", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    household_type = models.CharField("户类型", max_length=16, choices=HouseholdType.choices)
    monitoring_category = models.CharField(
        "监测对象类别", max_length=16, choices=MonitoringCategory.choices, blank=True
    )
    identified_on = models.DateField("识别（脱贫）日期", null=True, blank=True)
    exited_on = models.DateField("风险消除日期", null=True, blank=True)
    other_annual_income = models.DecimalField(
        "家庭其他年收入（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="工资性收入以外的经营、财产、转移性收入，用于测算家庭人均纯收入。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "户"
        constraints = [
            models.CheckConstraint(
                condition=Q(household_type=HouseholdType.EXITED) | ~Q(monitoring_category=""),
                name="monitored_household_has_category",
                violation_error_message="监测户须填写监测对象类别",
            )
        ]

    def __str__(self) -> str:
        return self.number


class PersonQuerySet(RegionScopedQuerySet):
    region_field = "village"

    def labourers(self) -> Self:
        return self.filter(is_labourer=True)

    def current(self) -> Self:
        return self.filter(left_on__isnull=True)

    def search(self, text: str) -> Self:
        """By name, ID number or phone. Digits search IDs and phones, other text searches names.
        A 20-digit 残疾人证号 searches its ID number (the first 18)."""
        text = "".join(text.split()).upper()
        if not text:
            return self
        if len(text) == 20 and text[:17].isdigit() and text[18:].isdigit():
            text = text[:18]
        if len(text) == 18:
            return self.filter(id_number=text)
        if text.isdigit() and len(text) == 11:
            return self.filter(phone=text)
        if text.rstrip("X").isdigit():
            return self.filter(Q(id_number__startswith=text) | Q(phone__startswith=text))
        return self.filter(name__startswith=text)


class Person(models.Model):
    household = models.ForeignKey(
        Household, verbose_name="户", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    relation_to_head = models.CharField("与户主关系", max_length=16, choices=Relation.choices, blank=True)
    education = models.CharField("文化程度", max_length=16, choices=Education.choices, blank=True)
    health = models.CharField("健康状况", max_length=16, choices=Health.choices, default=Health.HEALTHY)
    disability_category = models.CharField(
        "残疾类别", max_length=1, choices=DisabilityCategory.choices, blank=True
    )
    disability_grade = models.CharField("残疾等级", max_length=1, choices=DisabilityGrade.choices, blank=True)
    labour_capacity = models.CharField("劳动技能", max_length=16, choices=LabourCapacity.choices)
    is_labourer = models.GeneratedField(
        expression=models.Case(
            models.When(labour_capacity__in=LABOUR_CAPACITIES, then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(verbose_name="是否劳动力"),
        db_persist=True,
    )
    skills = models.CharField("技能特长", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    village = models.ForeignKey(Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    origin = models.ForeignKey(
        Region,
        verbose_name="户籍地",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="外省来本地务工的脱贫人口填写其户籍所在省（市、县）。",
    )
    left_on = models.DateField("减少日期", null=True, blank=True)
    left_reason = models.CharField("减少原因", max_length=16, choices=LeaveReason.choices, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        indexes = [models.Index(fields=["village", "id"], name="person_village_id_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_inflow(self) -> bool:
        return self.origin_id is not None and self.origin_id[:2] != self.village_id[:2]
