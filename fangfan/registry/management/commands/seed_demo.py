import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from fangfan.accounts import services as accounts
from fangfan.accounts.models import User
from fangfan.accounts.roles import ROLE_LEVEL, Role
from fangfan.audit import services as audit
from fangfan.regions.codes import Level, normalise
from fangfan.regions.models import Region
from fangfan.registry import demo
from fangfan.registry.models import Person

DEFAULT_PASSWORD = "Demo@2023!"


class Command(BaseCommand):
    help = "生成确定性的演示数据（户、人员）和各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--city", default="3704", help="市级（或县级）区划代码，默认枣庄市 3704")
        parser.add_argument("--persons", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--no-users", action="store_true", help="不创建演示账号")

    def handle(self, *args, city, persons, seed, no_users, **options):
        try:
            region = Region.objects.get(code=normalise(city))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(f"区划“{city}”不存在。请先运行 load_regions --province {city[:2]}") from None
        if Person.objects.filter(village__code__startswith=region.prefix).exists():
            self.stdout.write(f"{region.name}已有人员数据，跳过生成。")
        else:
            with transaction.atomic():
                try:
                    result = demo.generate(region.prefix, persons, seed)
                except ValueError as exc:
                    raise CommandError(str(exc)) from None
                audit.record(
                    None,
                    "registry.seed_demo",
                    region,
                    after={"households": result.households, "persons": result.persons, "seed": seed},
                    region_id=region.code,
                )
            self.stdout.write(f"{region.name}：生成 {result.households} 户、{result.persons} 人。")
        if not no_users:
            self.demo_users(region)

    def demo_users(self, region: Region) -> None:
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)
        busiest = (
            Person.objects.in_region(region)
            .values("village_id")
            .annotate(n=Count("id"))
            .order_by("-n", "village_id")
            .first()
        )
        if busiest is None:
            return
        village = Region.objects.get(code=busiest["village_id"])
        anchors = {lvl: r for r in village.ancestors(include_self=True) for lvl in [Level(r.level)]}
        tag = region.code[:4]
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        for role in Role:
            level = ROLE_LEVEL[role]
            username = "admin" if role == Role.ADMIN else f"{role.value}_{tag}"
            anchor = anchors.get(level) if level else None
            user = User.objects.filter(username=username).first()
            if user is None:
                user = accounts.create_user(
                    None,
                    username=username,
                    password=password,
                    role=role,
                    region=anchor,
                    full_name=f"演示{role.label}",
                    organisation=(anchor.name if anchor else "系统"),
                )
            elif not user.check_password(password):
                accounts.set_password(None, user, password)
            where = anchor.full_name if anchor else "全国"
            self.stdout.write(f"  {role.label:<8} 用户名 {username:<28} 管辖 {where}")
