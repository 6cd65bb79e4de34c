"""``manage.py create_admin``: the first system administrator of a fresh install, through the account
service, so the account is checked like any other and its creation is in the audit trail (as the
system). Django's ``createsuperuser`` would bypass both."""

import getpass
import os
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fangfan.accounts import services
from fangfan.accounts.roles import Role
from fangfan.regions.models import Region

PASSWORD_ENV = "FANGFAN_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "创建系统管理员账户（经账户服务创建并记入审计日志）。"
        f"密码从环境变量 {PASSWORD_ENV} 读取，未设置时在终端提示输入，须符合系统的密码规则。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="用户名")
        parser.add_argument("--region", help="管辖区域的区划代码（可选；不填则管辖全部区域）")
        parser.add_argument("--full-name", default="", help="姓名（可选）")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):  # the password rules answer in Chinese
            self._create(**options)

    def _create(self, *, username: str, region: str | None, full_name: str, **options):
        area = self._region(region) if region else None
        password = self._password()
        try:
            user = services.create_user(
                None, username=username, password=password, role=Role.ADMIN, region=area, full_name=full_name
            )
        except ValidationError as exc:
            raise CommandError(_explain(exc)) from None
        where = f"，管辖区域{area.name}（{area.code}）" if area else ""
        self.stdout.write(f"已创建系统管理员“{user.username}”{where}")

    @staticmethod
    def _region(code: str) -> Region:
        code = code.strip()
        found = Region.objects.filter(code=code.ljust(12, "0")).first() if code.isdigit() else None
        if found is None:
            raise CommandError(f"区划代码“{code}”不存在，请先用 load_regions 载入区划，或检查代码")
        return found

    @staticmethod
    def _password() -> str:
        if password := os.environ.get(PASSWORD_ENV):
            return password
        if not sys.stdin.isatty():
            raise CommandError(f"未设置环境变量 {PASSWORD_ENV}，且无法在终端提示输入密码")
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致，未创建账户")
        return password


def _explain(exc: ValidationError) -> str:
    """The Chinese messages of the service, with the field they concern; nothing was created."""
    labels = {"username": "用户名", "region": "管辖区域", "__all__": ""}
    if hasattr(exc, "error_dict"):
        parts = [
            f"{labels.get(field, field)}：{'；'.join(messages)}"
            if labels.get(field, field)
            else "；".join(messages)
            for field, messages in exc.message_dict.items()
        ]
    else:
        parts = ["密码不符合要求：" + "".join(exc.messages)]
    return "未创建账户。" + "；".join(parts)
