from django.core.management.base import BaseCommand, CommandError

from fangfan.regions.services import load_regions


class Command(BaseCommand):
    help = "载入统计用区划代码：全部省、市、县，以及 --province 所列省份（或 --all 全国）的乡镇和村。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", default=[], help="省级代码，如 37 或 370000000000；可重复"
        )
        parser.add_argument("--all", action="store_true", help="载入全国的乡镇和村（约62万个村）")

    def handle(self, *args, province, all, **options):
        codes = [p.strip()[:2] for p in province]
        if any(not c.isdigit() or len(c) != 2 for c in codes):
            raise CommandError("--province 需要省级区划代码，如 37")
        result = load_regions(None if all else codes)
        self.stdout.write(
            f"区划：读入 {result.rows} 条，新增 {result.created} 条，更新 {result.updated} 条。"
        )
