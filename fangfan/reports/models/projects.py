"""附件2 脱贫人口就业帮扶项目清单: projects, the people they employ, the lists and the city's 项目库."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fangfan.regions.models import Region, RegionScopedQuerySet

from ..definitions import Period
from .workflow import Filed, Version, VersionQuerySet


class AssistanceProjectQuerySet(RegionScopedQuerySet):
    region_field = "location"

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first)))


class Project(models.Model):
    """A 就业帮扶项目 of a 区（市）, located somewhere in it."""

    region = models.ForeignKey(
        Region,
        verbose_name="区（市）",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="填报项目的县级区域",
    )
    location = models.ForeignKey(
        Region, verbose_name="项目所在地", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("项目名称", max_length=200)
    summary = models.TextField("项目简介", blank=True)
    contact = models.CharField("项目联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True, help_text="仍在实施则留空")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AssistanceProjectQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "就业帮扶项目"
        ordering = ["region", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="project_end_after_start",
                violation_error_message="结束日期不能早于开始日期",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:project_detail", args=[self.pk])


class ProjectWorkerQuerySet(RegionScopedQuerySet):
    region_field = "project__location"

    def active_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first)))


class ProjectWorker(models.Model):
    """A person the project employs. Whether they are a 脱贫人口 is read from the ledger by ID number."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="workers")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18)
    started_on = models.DateField("上岗日期")
    ended_on = models.DateField("离岗日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProjectWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "项目带动就业人员"
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "id_number"], name="unique_project_worker"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="project_worker_end_after_start",
                violation_error_message="离岗日期不能早于上岗日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.project}）"

    def get_absolute_url(self) -> str:
        return reverse("reports:project_detail", args=[self.project_id])


class ProjectListQuerySet(RegionScopedQuerySet):
    region_field = "region"


class ProjectList(Filed):
    """A 区（市）'s 附件2 for a quarter: its header; each submission freezes its rows as a version."""

    region = models.ForeignKey(Region, verbose_name="区（市）", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    filled_on = models.DateField("填表日期", null=True, blank=True)
    approved_version = models.ForeignKey(
        "ProjectListVersion",
        verbose_name="已审核通过的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectListQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "就业帮扶项目清单"
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter"], name="unique_project_list"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.period.label}项目清单"

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter)


class ProjectListVersionQuerySet(VersionQuerySet):
    region_field = "plist__region"


class ProjectListVersion(Version):
    """One submission of a project list: its rows as they stood (``projects.ProjectRow`` as dicts)."""

    plist = models.ForeignKey(ProjectList, on_delete=models.PROTECT, related_name="versions")
    first = models.DateField("统计起始日")
    last = models.DateField("统计截止日")
    rows = models.JSONField("报送内容", default=list)

    objects = ProjectListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "项目清单版本"
        ordering = ["plist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plist", "number"], name="unique_project_list_version")
        ]

    def __str__(self) -> str:
        return f"{self.plist}第{self.number}版"


class LibraryEntryQuerySet(RegionScopedQuerySet):
    region_field = "region"


class LibraryEntry(models.Model):
    """A district project the city has selected into its 脱贫人口就业帮扶项目库."""

    region = models.ForeignKey(
        Region, verbose_name="项目库所属市", on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="library_entries")
    note = models.CharField("入库说明", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="入库人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("入库时间", auto_now_add=True)

    objects = LibraryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "项目库"
        ordering = ["region", "project__region", "project__id"]
        constraints = [models.UniqueConstraint(fields=["region", "project"], name="unique_library_entry")]

    def __str__(self) -> str:
        return f"{self.region.name}项目库：{self.project}"
