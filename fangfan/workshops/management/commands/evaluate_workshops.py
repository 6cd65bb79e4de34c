import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fangfan.regions.codes import normalise
from fangfan.regions.models import Region
from fangfan.workshops import tasks


class Command(BaseCommand):
    help = "就业帮扶车间月度评估（动态管理）：把已认定、未退出的车间列入升级、扶持、新建或调整一批。同一月份可重复运行，结果相同时不写入。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只评估该区划（代码）及其下级的车间")
        parser.add_argument("--month", help="评估月份，格式 YYYY-MM；缺省为上个月")

    def handle(self, *args, region, month, **options):
        area = None
        if region:
            try:
                area = Region.objects.get(code=normalise(region))
            except (ValueError, Region.DoesNotExist):
                raise CommandError(f"区划“{region}”不存在") from None
        if month:
            try:
                chosen = dt.date.fromisoformat(f"{month}-01")
            except ValueError:
                raise CommandError(f"月份“{month}”格式不正确，应为 YYYY-MM，如 2026-10") from None
        else:
            chosen = tasks.last_month()
        counts = tasks.evaluate(area, chosen)
        summary = "，".join(f"{label}{n}个" for label, n in counts.items())
        where = area.name if area else "全部区域"
        self.stdout.write(f"{where}{chosen:%Y年%-m月}车间评估完成，共{sum(counts.values())}个：{summary}")
