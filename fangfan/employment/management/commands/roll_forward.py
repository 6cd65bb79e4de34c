import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from fangfan.employment import ledger
from fangfan.employment.models import Horizon


class Command(BaseCommand):
    help = (
        "把月度务工记录推进到本月（或 --until 指定的月份）：为仍在岗的务工记录写入新的月份。"
        "可重复运行；每月第一次写入或查看监测数据时系统也会自动推进。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--until", help="推进到的月份 YYYY-MM，默认本月")
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, until, json: bool, **options):
        try:
            month = dt.datetime.strptime(until, "%Y-%m").date() if until else None
        except ValueError:
            raise CommandError(f"月份“{until}”格式应为 YYYY-MM") from None
        added = ledger.roll_forward(month)
        through = Horizon.objects.get(pk=1).through
        if json:
            data = {"added": [m.strftime("%Y-%m") for m in added], "through": through.strftime("%Y-%m")}
            self.stdout.write(_dumps(data))
            return
        if added:
            months = "、".join(f"{m:%Y年%-m月}" for m in added)
            self.stdout.write(f"已写入{months}的月度务工记录，现已至{through:%Y年%-m月}")
        else:
            self.stdout.write(f"月度务工记录已至{through:%Y年%-m月}，无需推进")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
