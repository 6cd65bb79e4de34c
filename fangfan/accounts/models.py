from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ValidationError
from django.db import models

from fangfan.regions.models import Region, RegionScopedQuerySet

from .roles import ROLE_LEVEL, Role


class UserQuerySet(RegionScopedQuerySet):
    region_field = "region"

    def search(self, text: str) -> UserQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(username__icontains=text)
            | models.Q(full_name__contains=text)
            | models.Q(phone__startswith=text)
        )


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user, …) with the scoped QuerySet."""


class User(AbstractUser):
    """A staff member. Their scope is the region subtree rooted at ``region``."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.COUNTY_OPERATOR)
    region = models.ForeignKey(
        Region,
        verbose_name="管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="用户只能看到本区域及其下级的数据。系统管理员可留空，表示全国。",
    )
    organisation = models.CharField("单位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        level = ROLE_LEVEL.get(self.role)
        if level is None:
            return
        if self.region is None:
            raise ValidationError({"region": "该角色必须指定管辖区域。"})
        if self.region.level != level:
            raise ValidationError({"region": f"{self.get_role_display()}的管辖区域应为{level.label}级。"})
