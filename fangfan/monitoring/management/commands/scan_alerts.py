import json

from django.core.management.base import BaseCommand, CommandError

from fangfan.monitoring import scan
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "监测预警扫描：按各项规则发现新的预警，并解除已恢复的预警（可重复运行，不会重复预警）。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只扫描该区划（代码）及其下级")
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, region, json: bool, **options):
        area = None
        if region:
            try:
                area = Region.objects.get(code=normalise(region))
            except (ValueError, Region.DoesNotExist):
                raise CommandError(f"区划“{region}”不存在") from None
        result = scan.scan(area)
        if json:
            self.stdout.write(_dumps(result.as_json()))
            return
        self.stdout.write(
            f"扫描{result.month:%Y年%-m月}：发现{sum(result.found.values())}项，新增预警{sum(result.raised.values())}条，"
            f"自动解除{sum(result.resolved.values())}条，用时{result.seconds:.1f}秒"
        )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
