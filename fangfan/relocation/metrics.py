"""Named figures of relocation sites and their job fairs; each docstring is the figure's definition (口径)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from fangfan.core.figures import figure
from fangfan.registry.models import Person

from .models import FairHire, JobFair, RelocationSite, SiteResident
from .rates import employed_while_resident, labourers_resident


def _residents(region, first, last):
    return SiteResident.objects.in_region(region).resident_between(first, last).filter(person=OuterRef("pk"))


@figure("relocation.employed_residents", "易地搬迁安置区脱贫人口就业人数")
def employed_residents(region, first, last):
    """在本区域（含下级区域）易地搬迁安置区（含黄河滩区迁建安置区）登记安置的脱贫人口中，
    在统计期间内、且在其入住安置区期间，有一天以上有在岗务工记录的人数（按务工计数规则，
    期间内任一天在岗即计为就业，不要求期末仍在岗）。
    同一人有几份工作、或先后在几个安置区居住，只计1人。"""
    return Person.objects.filter(
        Exists(_residents(region, first, last).filter(employed_while_resident(first, last)))
    )


@figure("relocation.resident_labourers", "安置区搬迁劳动力人数")
def resident_labourers(region, first, last):
    """在统计期间内任一天居住在本区域（含下级区域）安置区、且为劳动力（技能、普通、弱或半劳动力）、
    统计期初仍在册的搬迁脱贫人口人数。这是安置区就业率的分母。"""
    residents = labourers_resident(SiteResident.objects.in_region(region), first, last).filter(
        person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(residents))


@figure("relocation.employed_labourers", "安置区搬迁劳动力就业人数")
def employed_labourers(region, first, last):
    """安置区搬迁劳动力中，在统计期间内、且在其入住期间有在岗务工记录的人数（按务工计数规则）。
    这是安置区就业率的分子；分母为“安置区搬迁劳动力人数”。"""
    residents = (
        labourers_resident(SiteResident.objects.in_region(region), first, last)
        .filter(employed_while_resident(first, last))
        .filter(person=OuterRef("pk"))
    )
    return Person.objects.filter(Exists(residents))


@figure("relocation.job_fairs", "举办“乐业搬迁（迁建）”专场招聘活动次数", unit="次")
def job_fairs(region, first, last):
    """在本区域（含下级区域）举办、举办日期在统计期间内的“乐业搬迁（迁建）”专场招聘活动。"""
    return JobFair.objects.in_region(region).filter(held_on__range=(first, last))


@figure("relocation.fair_hires", "专场招聘录用人数")
def fair_hires(region, first, last):
    """在本区域（含下级区域）举办、举办日期在统计期间内的专场招聘活动中被录用的人数；
    同一人在几场活动中被录用只计1人。"""
    hires = FairHire.objects.in_region(region).filter(
        fair__held_on__range=(first, last), person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(hires))


@figure("relocation.sites", "易地搬迁安置区个数", unit="个")
def sites(region, first, last):
    """本区域（含下级区域）登记的易地搬迁安置区（含黄河滩区迁建安置区），建成入住日期不晚于统计期末或未填写的。"""
    return RelocationSite.objects.in_region(region).filter(Q(built_on__isnull=True) | Q(built_on__lte=last))
