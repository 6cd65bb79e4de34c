from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from fangfan.regions.models import Region, RegionScopedQuerySet


class AppendOnlyQuerySet(RegionScopedQuerySet):
    region_field = "region"

    def update(self, **kwargs):
        raise TypeError("审计记录只能追加，不能修改。")

    def delete(self):
        raise TypeError("审计记录只能追加，不能删除。")


class AppendOnly(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    region = models.ForeignKey(
        Region,
        verbose_name="区域",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("审计记录只能追加，不能删除。")


class AuditEvent(AppendOnly):
    """One state change: who, when, which object, and its fields before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("变更后", null=True, blank=True, encoder=DjangoJSONEncoder)
    context = models.JSONField("说明", default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))]


class AccessAction(models.TextChoices):
    UNMASK = "unmask", "查看完整个人信息"
    EXPORT = "export", "导出"
    DOWNLOAD = "download", "下载"


class AccessLog(AppendOnly):
    """Every unmask of personal data and every export: who, when, what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("行为", max_length=16, choices=AccessAction.choices)
    detail = models.JSONField("内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "个人信息访问日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.object_type}"
