import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from fangfan.employment import ledger
from fangfan.monitoring.indicators import indicators
from fangfan.monitoring.targets import progress_of
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "输出某区域某月的务工监测指标（务工规模、外出、就近、有组织、务工收入、同比、环比、吸纳外省人员、目标进度）。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（2、4、6、9或12位）")
        parser.add_argument("--month", help="月份 YYYY-MM，默认本月")
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, region, month, json: bool, **options):
        try:
            area = Region.objects.get(code=normalise(region))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(f"区划“{region}”不存在") from None
        try:
            when = dt.datetime.strptime(month, "%Y-%m").date() if month else ledger.current_month()
        except ValueError:
            raise CommandError(f"月份“{month}”格式应为 YYYY-MM") from None
        ledger.horizon()  # a month begun since the last write is rolled forward first
        data = indicators(area, when).as_json()
        data["targets"] = [p.as_json() for p in progress_of(area, when)]
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{area.name} {when:%Y年%-m月}")
        for key, label in (
            ("employed", "务工规模"),
            ("migrant", "外出"),
            ("out_of_province", "省外"),
            ("in_province", "省内县外"),
            ("local", "就近"),
            ("organised", "有组织劳务输出"),
            ("income", "务工收入（元）"),
            ("avg_income", "人均务工收入（元）"),
            ("inflow", "吸纳外省脱贫人口"),
        ):
            yoy, mom = data["yoy"].get(key), data["mom"].get(key)
            self.stdout.write(f"  {label}：{data[key]}  同比{yoy or '—'}%  环比{mom or '—'}%")
        for t in data["targets"]:
            self.stdout.write(
                f"  目标 {t['label']}：{t['value']}/{t['target']}（{t['percent']}%，应达{t['expected_percent']}%）"
            )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
