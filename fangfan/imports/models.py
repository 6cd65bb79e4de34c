from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from fangfan.regions.models import Region, RegionScopedQuerySet


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "待确认"
    COMMITTING = "committing", "写入中"
    COMMITTED = "committed", "已导入"
    REJECTED = "rejected", "未导入（有错误）"
    FAILED = "failed", "处理失败"
    CANCELLED = "cancelled", "已取消"


RUNNING = (BatchStatus.UPLOADED, BatchStatus.VALIDATING, BatchStatus.COMMITTING)
CANCELLABLE = (BatchStatus.UPLOADED, BatchStatus.VALIDATING, BatchStatus.VALIDATED)


class ImportBatchQuerySet(RegionScopedQuerySet):
    region_field = "region"


class ImportBatch(models.Model):
    """One uploaded file and its way through preview and commit.

    Its state lives here, not in the browser, so a page reload picks it up.
    """

    kind = models.CharField("类型", max_length=32)
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name="上传人管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    skip_invalid = models.BooleanField("仅导入正确的行", default=False)
    stage = models.CharField("阶段", max_length=32, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    rows = models.PositiveIntegerField("数据行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    error_rows = models.PositiveIntegerField("错误行数", default=0)
    error_count = models.PositiveIntegerField("错误条数", default=0)
    errors = models.JSONField(
        "错误（前若干条）", default=list, blank=True, encoder=DjangoJSONEncoder, help_text="供页面显示"
    )
    error_log = models.FileField(
        "全部错误",
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text="每条错误一行（JSON，gzip压缩），供错误报告使用",
    )
    failure = models.TextField("失败原因", blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if not self.running else 0)

    @property
    def cancellable(self) -> bool:
        return self.status in CANCELLABLE

    @property
    def can_commit(self) -> bool:
        has_valid = self.created + self.updated > 0
        return (
            self.status == BatchStatus.VALIDATED and has_valid and (self.error_rows == 0 or self.skip_invalid)
        )
