from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fangfan.monitoring import scan, services
from fangfan.monitoring.models import Indicator
from fangfan.regions.models import Region

# The seeds' targets: 晋人社厅发〔2023〕71号 and 枣人社字〔2023〕68号.
SEED_TARGETS = (
    ("140000000000", Indicator.EMPLOYED, 950_000, "晋人社厅发〔2023〕71号：务工规模保持在95万人以上"),
    ("370400000000", Indicator.MIGRANT, 27_900, "枣人社字〔2023〕68号：外出务工规模不低于2.79万人"),
    ("370400000000", Indicator.INFLOW, 3_700, "枣人社字〔2023〕68号：吸纳中西部脱贫人口不低于0.37万人"),
)


class Command(BaseCommand):
    help = "录入两份文件中的年度目标任务（山西、枣庄），并运行一次预警扫描，供演示。"

    def handle(self, *args, **options):
        year = timezone.localdate().year
        with transaction.atomic():
            for code, indicator, value, notes in SEED_TARGETS:
                region = Region.objects.filter(code=code).first()
                if region is not None:
                    services.set_target(
                        None, region=region, year=year, indicator=indicator, value=value, notes=notes
                    )
        result = scan.scan()
        self.stdout.write(
            f"已录入{year}年目标任务；预警扫描新增{sum(result.raised.values())}条（{result.seconds:.1f}秒）。"
        )
