import json
import sys

from django.core.management.base import BaseCommand, CommandError

from fangfan.employment import checks
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "从务工记录重新计算月度记录和各级汇总，报告与已存数据的差异；有差异时退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只核对该区划（代码）及其下级")
        parser.add_argument("--repair", action="store_true", help="按重新计算的结果修正差异")
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, region, repair, json: bool, **options):
        area = None
        if region:
            try:
                area = Region.objects.get(code=normalise(region))
            except (ValueError, Region.DoesNotExist):
                raise CommandError(f"区划“{region}”不存在") from None
        report = checks.run(area, repair=repair)
        if json:
            self.stdout.write(_dumps(report.as_dict() | {"repaired": repair}))
        else:
            self.stdout.write(
                f"核对{report.people}人：月度记录差异{report.record_differences}条，"
                f"汇总差异{report.rollup_differences}条"
                + ("（已修正）" if repair and not report.clean else "")
            )
            for line in report.samples:
                self.stdout.write(f"  {line}")
        if not report.clean and not repair:
            sys.exit(1)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
