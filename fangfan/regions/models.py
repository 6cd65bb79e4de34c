from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Q

from .codes import PREFIX_LENGTHS, Level, ancestor_codes


class RegionScopedQuerySet(models.QuerySet):
    """The one place where rows are scoped to a region subtree.

    A model's QuerySet names the path to its Region foreign key in
    ``region_field`` (for example ``"village"`` or ``"person__village"``).
    ``visible_to(user)`` asks the user's ScopePolicy for the subtree; every list,
    detail, export and count goes through it.
    """

    region_field: ClassVar[str] = "village"

    def _prefix_q(self, prefix: str) -> Q:
        if not prefix:
            return Q()
        return Q(**{f"{self.region_field}__code__startswith": prefix})

    def in_region(self, region: Region | None) -> Self:
        if region is None:
            return self
        return self.under(region.prefix)

    def under(self, prefix: str) -> Self:
        """Rows of the subtree whose codes start with ``prefix`` (all rows for "")."""
        return self.filter(self._prefix_q(prefix))

    def visible_to(self, user: Any) -> Self:
        from fangfan.accounts.policy import ScopePolicy

        policy = ScopePolicy.of(user)
        if policy.prefix is None:
            return self.none()
        return self.filter(self._prefix_q(policy.prefix))


class RegionQuerySet(RegionScopedQuerySet):
    def _prefix_q(self, prefix: str) -> Q:
        return Q(code__startswith=prefix) if prefix else Q()

    def at_level(self, level: Level) -> Self:
        return self.filter(level=level)

    def children_of(self, region: Region | None) -> Self:
        if region is None:
            return self.filter(level=Level.PROVINCE)
        return self.filter(parent=region)

    def search(self, text: str) -> Self:
        return self.filter(name__contains=text.strip()) if text.strip() else self


class Region(models.Model):
    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(
        "级别", choices=[(lvl.value, lvl.label) for lvl in Level], db_index=True
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTHS[Level(self.level)]]

    @property
    def level_enum(self) -> Level:
        return Level(self.level)

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefix)

    def ancestors(self, include_self: bool = False) -> list[Region]:
        codes = ancestor_codes(self.code)
        if not include_self:
            codes = codes[:-1]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in self.ancestors(include_self=True))

    def descendants(self, level: Level | None = None) -> RegionQuerySet:
        qs = Region.objects.filter(code__startswith=self.prefix).exclude(code=self.code)
        return qs.filter(level=level) if level else qs


class Designation(models.TextChoices):
    KEY_COUNTY = "key_county", "省乡村振兴重点帮扶县"
    RELOCATION_AREA = "relocation_area", "易地搬迁安置区"
    YELLOW_RIVER = "yellow_river", "黄河滩区居民迁建安置区"


class RegionDesignationQuerySet(RegionScopedQuerySet):
    region_field = "region"


class RegionDesignation(models.Model):
    """A region attribute kept as data: 重点帮扶县, 易地搬迁安置区, 黄河滩区迁建安置区."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="designations")
    kind = models.CharField("类别", max_length=32, choices=Designation.choices)
    since = models.DateField("认定日期", null=True, blank=True)

    objects = RegionDesignationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "区域属性"
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="unique_region_designation")]

    def __str__(self) -> str:
        return f"{self.region}：{self.get_kind_display()}"


class RegionRuleQuerySet(models.QuerySet):
    def for_region(self, region: Region) -> Any:
        """The most specific row among the region and its ancestors, else an unsaved default."""
        codes = ancestor_codes(region.code)
        row = self.filter(region_id__in=codes).order_by("-region__level").first()
        if row is not None:
            return row
        return self.model(region=None)


class RegionRule(models.Model):
    """Base for rules that differ by province or city (thresholds, amounts, deadlines).

    A concrete rule model adds fields with defaults. ``Model.objects.for_region(r)``
    returns the row set on the nearest of r and its ancestors, or an unsaved row
    holding the defaults, so that code never carries the numbers itself.
    """

    region = models.OneToOneField(
        Region, verbose_name="适用区域", on_delete=models.CASCADE, null=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # The capability that may set this rule; the rule page (fangfan.quality.rulebook) checks it.
    edit_capability: ClassVar[str]

    objects = RegionRuleQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        """Where the values come from, for explanations: "山东省设定" or "系统默认值"."""
        return f"{self.region.name}设定" if self.region_id and self.region else "系统默认值"
