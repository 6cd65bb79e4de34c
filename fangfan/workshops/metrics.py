from django.db.models import F, Q

from fangfan.core.figures import figure
from fangfan.employment.rules import active_between_q
from fangfan.registry.models import Person

from .models import AwardStatus, Workshop, WorkshopAward, WorkshopWorker


@figure("workshops.workshops", "就业帮扶车间个数", unit="个")
def workshops(region, first, last):
    """位于本区域、在统计期末（含当日）前已认定、且未在统计期初前退出的就业帮扶车间，
    含就业帮扶基地（基地也是车间，计1个）。每个车间计1个，不论其吸纳多少人。"""
    return Workshop.objects.in_region(region).operating_between(first, last)


@figure("workshops.poverty_workers", "就业帮扶车间吸纳脱贫人口数")
def poverty_workers(region, first, last):
    """在上述就业帮扶车间（含基地）务工、且在统计期间内至少有一天在岗的脱贫人口（含防止返贫监测对象），
    这一天还须在车间认定日期当天或之后、退出日期当天或之前：认定前已离职、退出后才入职的不计。
    按人计：同一人在两个车间务工、或在同一车间先后两段务工，只计1人。按车间所在地统计，不论本人户籍所在地。"""
    jobs = (
        WorkshopWorker.objects.filter(workshop__in=workshops(region, first, last))
        .filter(active_between_q(first, last))
        .filter(Q(end__isnull=True) | Q(end__gte=F("workshop__certified_on")))
        .filter(Q(workshop__exited_on__isnull=True) | Q(start__lte=F("workshop__exited_on")))
    )
    return Person.objects.filter(pk__in=jobs.values("person"))


@figure("workshops.unsettled_awards", "待县级审核的车间奖补", unit="笔")
def unsettled_awards(region, first, last):
    """位于本区域的车间，期间与统计期间有交叉、已测算但尚未经县级审核通过（待审核或已退回）的阶梯性奖补。"""
    return (
        WorkshopAward.objects.in_region(region)
        .exclude(status=AwardStatus.APPROVED)
        .filter(period_start__lte=last, period_end__gte=first)
    )
