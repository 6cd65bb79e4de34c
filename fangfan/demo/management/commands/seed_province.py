import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangfan.audit import services as audit
from fangfan.demo import province as generator
from fangfan.demo import sheets
from fangfan.regions.codes import Level, normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "生成省级规模的确定性基准数据（人员、24 个月务工、帮扶载体），并可写出村级台账式 xlsx。"

    def add_arguments(self, parser):
        parser.add_argument("--province", default="14", help="省级区划代码，默认山西省 14")
        parser.add_argument("--labourers", type=int, default=1_000_000, help="劳动力人数，默认 100 万")
        parser.add_argument("--months", type=int, default=24, help="务工历史月数，默认 24")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--xlsx-dir", type=Path, help="写出台账 xlsx 的目录")
        parser.add_argument(
            "--xlsx-rows", type=int, action="append", default=[], help="台账 xlsx 的行数，可重复给出"
        )

    def handle(self, *args, province: str, labourers, months, seed, xlsx_dir, xlsx_rows, **options):
        try:
            region = Region.objects.get(code=normalise(province))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(
                f"区划“{province}”不存在。请先运行 load_regions --province {province[:2]}"
            ) from None
        if region.level != Level.PROVINCE:
            raise CommandError(f"“{region.name}”不是省级区划。")
        if not Region.objects.filter(code__startswith=region.prefix, level=Level.VILLAGE).exists():
            raise CommandError(f"{region.name}没有村级区划。请先运行 load_regions --province {region.prefix}")
        if xlsx_rows and xlsx_dir is None:
            raise CommandError("给出 --xlsx-rows 时须同时给出 --xlsx-dir。")
        held = generator.build(region, labourers, months, seed, self.say)
        audit.record(None, "demo.seed_province", region, after={**held, "seed": seed}, region_id=region.code)
        self.say("数据：" + "，".join(f"{k} {v:,}" for k, v in held.items()))
        for rows in xlsx_rows:
            xlsx_dir.mkdir(parents=True, exist_ok=True)
            path = xlsx_dir / f"{region.prefix}-people-{rows}.xlsx"
            started = time.monotonic()
            written = sheets.clerk_people_sheet(region, path, rows)
            self.say(f"台账 {path}：{written:,} 行，{time.monotonic() - started:.0f} 秒。")
            if written < rows:
                self.stderr.write(f"{region.name}只有 {written:,} 人，少于要求的 {rows:,} 行。")

    def say(self, message: str) -> None:
        self.stdout.write(f"[{time.strftime('%H:%M:%S')}] {message}")
        self.stdout.flush()
