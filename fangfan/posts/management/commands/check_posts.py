import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fangfan.posts import integrity
from fangfan.quality.kinds import label
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region


class Command(BaseCommand):
    help = "运行乡村公益性岗位廉洁核查（优亲厚友、轮流坐庄、一人多岗、一户多岗、吃空饷、拖欠补贴、向未聘人员发放），结果记入核查发现。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码（2、4、6、9或12位），缺省为全部")
        parser.add_argument("--date", help="核查基准日期 YYYY-MM-DD，缺省为今天")

    def handle(self, *args, region=None, date=None, **options):
        place = None
        if region:
            try:
                place = Region.objects.get(code=normalise(region))
            except (ValueError, Region.DoesNotExist):
                raise CommandError(f"区划“{region}”不存在") from None
        try:
            today = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        for kind, result in integrity.run(None, place, today).items():
            self.stdout.write(
                f"{label(kind)}：新发现{result.created}，仍存在{result.updated + result.unchanged}，不再存在{result.cleared}"
            )
