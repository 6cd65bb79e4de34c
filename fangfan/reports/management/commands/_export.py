"""Shared by export_progress_report and export_project_list: arguments, the acting user, the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region

from ...definitions import Period

FORMATS = (".xlsx", ".pdf")


class ExportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（县级、市级或省级，可写前缀如 370406）")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--output", type=Path, required=True, help="输出文件，.xlsx 或 .pdf")
        parser.add_argument("--user", help="以该用户身份导出（按其管辖区域检查）；缺省为系统")

    def resolve(self, region: str, year: int, quarter: int, output: Path, user: str | None) -> tuple:
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户“{user}”不存在")
        try:
            found = Region.objects.get(code=normalise(region))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(f"区划“{region}”不存在") from None
        if actor is not None and not Region.objects.visible_to(actor).filter(code=found.code).exists():
            raise CommandError(f"{found.name}不在用户“{user}”的管辖范围内")
        try:
            period = Period(year, quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if output.suffix.lower() not in FORMATS:
            raise CommandError("输出文件应以 .xlsx 或 .pdf 结尾")
        return actor, found, period

    def log(self, actor: Any, object_type: str, region: Region, **detail: Any) -> None:
        if actor is not None:
            audit.log_access(
                actor, AccessAction.EXPORT, object_type=object_type, region_id=region.code, detail=detail
            )
        else:
            audit.record(None, f"{object_type}.export", region, region_id=region.code, context=detail)
