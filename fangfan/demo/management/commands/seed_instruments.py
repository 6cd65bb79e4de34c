from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fangfan.demo import instruments
from fangfan.regions.codes import normalise
from fangfan.regions.models import Region

LABELS = {
    "workshops": "就业帮扶车间（基地）",
    "workshop_workers": "车间务工人员",
    "workshop_wages": "车间工资发放",
    "relief_projects": "以工代赈项目",
    "relief_workers": "以工代赈务工人员",
    "relief_hires": "以工代赈用工",
    "relief_sheets": "以工代赈月度发放表",
    "relief_attendance": "以工代赈考勤",
    "relief_payments": "劳务报酬发放",
    "posts": "乡村公益性岗位",
    "post_appointments": "岗位聘任",
    "post_attendance": "岗位考勤",
    "post_payments": "岗位补贴发放",
    "cooperatives": "劳务合作社",
    "brokers": "劳务经纪人",
    "brands": "劳务品牌",
    "batches": "有组织劳务输出批次",
    "batch_members": "输出人员",
    "brand_workers": "品牌就业人员",
    "relocation_sites": "易地搬迁安置区",
    "site_residents": "安置区居民",
    "job_fairs": "专场招聘会",
    "fair_employers": "招聘会用人单位",
    "fair_attendees": "招聘会参会人员",
    "fair_hires": "招聘会录用",
    "trainings": "培训班",
    "training_enrolments": "培训学员",
    "spells": "务工记录",
    "monthly_records": "月度记录变动",
}


class Command(BaseCommand):
    help = (
        "为某区域生成确定性的帮扶措施演示数据：就业帮扶车间、以工代赈、乡村公益性岗位、劳务协作（合作社、经纪人、有组织劳务输出、劳务品牌）、"
        "易地搬迁安置区和专场招聘、职业技能培训。须先运行 seed_demo 和 seed_employment；"
        "区域已有帮扶措施数据时跳过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="3704", help="区划代码，默认枣庄市 3704")
        parser.add_argument("--seed", type=int, default=2023, help="随机种子，相同种子生成相同数据")

    def handle(self, *args, region, seed, **options):
        try:
            area = Region.objects.get(code=normalise(region))
        except (ValueError, Region.DoesNotExist):
            raise CommandError(f"区划“{region}”不存在") from None
        with transaction.atomic():
            counts = instruments.generate(area.prefix, seed, say=self.stdout.write)
        if counts:
            summary = "、".join(f"{LABELS.get(k, k)}{v}" for k, v in counts.items())
            self.stdout.write(f"{area.name}：已生成 {summary}。")
