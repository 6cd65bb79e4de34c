from collections import defaultdict

from django.utils import timezone

from fangfan.cooperation.kit.records import cn_date
from fangfan.core.figures import figure
from fangfan.core.masking import mask_id_number
from fangfan.regions.names import township_village_names
from fangfan.registry.models import Person

from . import rules
from .models import ReliefHire, ReliefRule, ReliefWorker, WagePayment, WorkReliefProject


def _hires(region, first, last):
    return ReliefHire.objects.filter(project__in=WorkReliefProject.objects.in_region(region)).active_between(
        first, last
    )


def worker_rows(region, first, last, workers):
    """The list of relief.local_workers: masked ID, home village, and the projects and days on site."""
    places = township_village_names(w.village_id for w in workers)
    hires = defaultdict(list)
    for item in (
        _hires(region, first, last)
        .filter(worker__in=[w.pk for w in workers])
        .select_related("project")
        .order_by("start", "pk")
    ):
        hires[item.worker_id].append(item)

    def on_site(item):
        return f"{cn_date(item.start)}至{cn_date(item.end) if item.end else '今'}"

    headers = ["姓名", "身份证号", "所在村", "脱贫人口", "项目", "在场日期"]
    rows = [
        [
            w.name,
            mask_id_number(w.id_number),
            places.get(w.village_id, ""),
            "是" if w.person_id else "否",
            "、".join(h.project.name for h in hires[w.pk]),
            "；".join(on_site(h) for h in hires[w.pk]),
        ]
        for w in workers
    ]
    return headers, rows


@figure("relief.local_workers", "以工代赈吸纳当地农村劳动力就业人数", rows=worker_rows)
def local_workers(region, first, last):
    """位于本区域的以工代赈项目用工名单中、在统计期间内至少有一天在场（进场日期不晚于期末、
    未在期初前退场）的农村劳动力，按身份证号计人：同一人在两个项目务工只计1人。
    含未纳入脱贫人口台账的当地农村劳动力（逐人登记姓名和身份证号），按项目所在地统计。"""
    return ReliefWorker.objects.filter(pk__in=_hires(region, first, last).values("worker"))


@figure("relief.poverty_workers", "以工代赈吸纳脱贫人口数")
def poverty_workers(region, first, last):
    """上一指标中，身份证号在脱贫人口台账中（脱贫人口或防止返贫监测对象）的人员，按人计。"""
    return Person.objects.filter(
        pk__in=_hires(region, first, last).filter(worker__person__isnull=False).values("worker__person")
    )


@figure("relief.wage_arrears", "以工代赈拖欠劳务报酬", unit="笔")
def wage_arrears(region, first, last):
    """位于本区域的以工代赈项目中，截至统计期末（不晚于今日）已超过发放期限
    （考勤月份后第N个月月底，N按省市规则，默认为次月月底）仍未足额发放的劳务报酬，每人每月一笔。
    逾期后已足额补发的不再计入。"""
    as_of = min(last, timezone.localdate())
    candidates = (
        WagePayment.objects.in_region(region)
        .filter(sheet__month__lte=as_of)
        .select_related("sheet__project__village")
    )
    found = []
    cache: dict[str, ReliefRule] = {}
    for payment in candidates:
        village = payment.sheet.project.village
        rule = cache.setdefault(village.code, ReliefRule.objects.for_region(village))
        settled = payment.paid >= payment.due and payment.paid_on is not None and payment.paid_on <= as_of
        if as_of > rules.deadline(payment.sheet, rule) and not settled:
            found.append(payment.pk)
    return WagePayment.objects.filter(pk__in=found)
