from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fangfan.audit import services as audit
from fangfan.employment import demo
from fangfan.employment.models import Employment, Source
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "为某区域的劳动力生成确定性的演示务工记录（近若干个月），并计算月度记录和各级汇总。"

    def add_arguments(self, parser):
        parser.add_argument("--region", default="3704", help="区划代码，默认枣庄市 3704")
        parser.add_argument("--months", type=int, default=36)
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, region, months, seed, **options):
        try:
            area = Region.objects.get(code=normalise(region))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(f"区划“{region}”不存在") from None
        seeded = Employment.objects.in_region(area).filter(source=Source.MANUAL, notes="演示数据")
        if seeded.exists():
            self.stdout.write(f"{area.name}已有演示务工记录，跳过生成。")
            return
        with transaction.atomic():
            result = demo.generate(area.prefix, months, seed)
            audit.record(
                None,
                "employment.seed_demo",
                area,
                after={"people": result.people, "spells": result.spells, "records": result.records},
                region_id=area.code,
            )
        self.stdout.write(
            f"{area.name}：{result.people}人生成{result.spells}条务工记录，{result.records}条月度记录。"
        )
