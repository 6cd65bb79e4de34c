from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q

from fangfan.regions.models import Region, RegionScopedQuerySet
from fangfan.registry.models import Person

from .rules import active_in_month_q


class EmploymentKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业务工"
    WORKSHOP = "workshop", "就业帮扶车间"
    WORK_RELIEF = "work_relief", "以工代赈"
    PUBLIC_POST = "public_post", "乡村公益性岗位"
    FLEXIBLE = "flexible", "灵活就业"
    SELF_EMPLOYED = "self_employed", "自主创业"
    OTHER = "other", "其他"


class WorkArea(models.TextChoices):
    IN_COUNTY = "in_county", "县内"
    IN_PROVINCE = "in_province", "省内县外"
    OUT_OF_PROVINCE = "out_of_province", "省外"


MIGRANT_AREAS = (WorkArea.IN_PROVINCE, WorkArea.OUT_OF_PROVINCE)


class Source(models.TextChoices):
    """Who created a spell. Instruments own theirs: only they change or end them."""

    MANUAL = "manual", "手工录入"
    IMPORT = "import", "月度导入"
    WORKSHOP = "workshop", "就业帮扶车间"
    WORK_RELIEF = "work_relief", "以工代赈项目"
    PUBLIC_POST = "public_post", "乡村公益性岗位"
    ORGANISED = "organised", "有组织劳务输出"
    JOB_FAIR = "job_fair", "专场招聘"


class EmploymentQuerySet(RegionScopedQuerySet):
    region_field = "person__village"

    def active_in_month(self, year: int, month: int) -> Self:
        return self.filter(active_in_month_q(year, month))


class Employment(models.Model):
    """One employment spell of a person. Two concurrent jobs are two spells."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="spells")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True, help_text="仍在岗则留空")
    employer = models.CharField("务工单位或地点", max_length=200)
    kind = models.CharField("就业形式", max_length=16, choices=EmploymentKind.choices)
    work_area = models.CharField("务工地域", max_length=16, choices=WorkArea.choices)
    destination_province = models.ForeignKey(
        Region,
        verbose_name="务工所在省",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    destination_city = models.ForeignKey(
        Region,
        verbose_name="务工所在市",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    monthly_income = models.DecimalField("月收入（元）", max_digits=10, decimal_places=2)
    organised = models.BooleanField("有组织劳务输出", default=False)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(
        "来源记录", max_length=64, blank=True, help_text="创建该记录的业务对象，如 workshops.worker:12"
    )
    notes = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "务工记录"
        indexes = [
            models.Index(fields=["person", "start"], name="employment_person_start_idx"),
            models.Index(fields=["source", "source_ref"], name="employment_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="employment_end_after_start",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__gte=0),
                name="employment_income_not_negative",
                violation_error_message="月收入不能为负数",
            ),
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="unique_spell_per_source_record",
                violation_error_message="该业务记录已生成务工记录",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.employer}"


class MonthlyRecordQuerySet(RegionScopedQuerySet):
    region_field = "village"

    def in_month(self, month: dt.date) -> Self:
        return self.filter(month=month)

    def between(self, first: dt.date, last: dt.date) -> Self:
        """Records of the months that [first, last] touches."""
        return self.filter(month__gte=first.replace(day=1), month__lte=last)

    def own(self) -> Self:
        """The local 脱贫劳动力: people registered from other provinces (inflow) are counted apart."""
        return self.filter(inflow=False)

    def migrant(self) -> Self:
        return self.filter(work_area__in=MIGRANT_AREAS)

    def local(self) -> Self:
        return self.filter(work_area=WorkArea.IN_COUNTY)


class MonthlyRecord(models.Model):
    """A person's derived month (see rules.month_facts): one row per person and month in work.

    Kept by ``employment.ledger`` from the spells; never edited by hand. ``village`` and
    ``inflow`` are the person's at the time the month was computed.
    """

    # Indexed by the constraint (person, month) and the index (month, village): the plain
    # foreign-key indexes would only slow down the writes of a large import.
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="monthly_records", db_index=False
    )
    month = models.DateField("月份", help_text="该月第一天")
    village = models.ForeignKey(
        Region, verbose_name="所在村", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    work_area = models.CharField("务工地域", max_length=16, choices=WorkArea.choices)
    organised = models.BooleanField("有组织劳务输出", default=False)
    income = models.PositiveIntegerField("当月务工收入（元）")
    jobs = models.PositiveSmallIntegerField("当月在岗务工记录数", default=1)
    inflow = models.BooleanField("外省来本地务工", default=False)

    objects = MonthlyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "月度务工记录"
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="unique_monthly_record"),
        ]
        indexes = [models.Index(fields=["month", "village"], name="monthly_record_month_idx")]

    def __str__(self) -> str:
        return (
            f"{self.person.name} · {self.month:%Y年%-m月} · {self.get_work_area_display()} · {self.income}元"
        )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:person_detail", args=[self.person_id]) + "#tab-employment"


ROLLUP_MEASURES = ("employed", "local", "in_province", "out_of_province", "organised", "income", "inflow")


class MonthlyRollupQuerySet(RegionScopedQuerySet):
    region_field = "region"


class MonthlyRollup(models.Model):
    """Totals of the MonthlyRecords under one region in one month, for every level.

    Maintained by deltas whenever records change (``employment.ledger``); ``check_rollups``
    recomputes them from the records and spells. Counts exclude inflow people except ``inflow``.
    """

    region = models.ForeignKey(
        Region, verbose_name="区域", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    month = models.DateField("月份")
    level = models.PositiveSmallIntegerField("级别")
    employed = models.BigIntegerField("务工规模", default=0)
    local = models.BigIntegerField("县内务工", default=0)
    in_province = models.BigIntegerField("省内县外务工", default=0)
    out_of_province = models.BigIntegerField("省外务工", default=0)
    organised = models.BigIntegerField("有组织劳务输出", default=0)
    income = models.BigIntegerField("务工收入（元）", default=0)
    inflow = models.BigIntegerField("外省来本地务工", default=0)

    objects = MonthlyRollupQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "务工月度汇总"
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="unique_rollup")]
        indexes = [models.Index(fields=["month", "level", "region"], name="rollup_month_level_idx")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}"

    @property
    def migrant(self) -> int:
        return self.in_province + self.out_of_province


class Horizon(models.Model):
    """The last month for which monthly records exist. Open spells reach it; ``ledger.roll_forward``
    moves it to the current month when a month begins."""

    through = models.DateField("已生成至月份")

    class Meta:
        verbose_name = verbose_name_plural = "月度记录范围"

    def __str__(self) -> str:
        return f"{self.through:%Y-%m}"
