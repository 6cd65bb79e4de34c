"""Named figures of labour cooperation. Each returns the records it counts;
the docstring is the figure's definition (口径), shown on its drill-down page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from fangfan.core.figures import figure
from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q
from fangfan.registry.models import Person

from .models import (
    AllianceMember,
    BatchMember,
    BrandWorker,
    LabourAlliance,
    LabourBase,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)


@figure("cooperation.alliances", "劳务协作联盟个数", unit="个")
def alliances(region, first, last):
    """本区域或其下级区域作为牵头单位或成员单位参加的劳务协作联盟：成立日期不晚于统计期末，
    且未在统计期初之前解散；成员加入日期晚于统计期末的不算参加。
    一个联盟同时有本区域的几个成员单位（如市和其下两个县）只计1个；
    上级区域参加的联盟（如本省参加的省际联盟）不计入下级区域。"""
    members = AllianceMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=last),
        alliance=OuterRef("pk"),
        region__code__startswith=region.prefix,
    )
    return LabourAlliance.objects.filter(Exists(members)).active_between(first, last)


@figure("cooperation.brands", "特色劳务品牌个数", unit="个")
def brands(region, first, last):
    """本区域（含下级区域）登记的省级、市级特色劳务品牌中，认定日期不晚于统计期末、
    且未在统计期初之前撤销的品牌。培育中尚未认定的品牌不计。"""
    return (
        LabourBrand.objects.in_region(region)
        .filter(certified_on__lte=last)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gte=first))
    )


@figure("cooperation.bases", "乡村振兴劳务基地个数", unit="个")
def bases(region, first, last):
    """本区域（含下级区域）的乡村振兴劳务基地中，认定日期不晚于统计期末、且未在统计期初之前退出的基地。"""
    return (
        LabourBase.objects.in_region(region)
        .filter(certified_on__lte=last)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))
    )


@figure("cooperation.cooperatives", "劳务合作社个数", unit="个")
def cooperatives(region, first, last):
    """本区域（含下级区域）的劳务合作社中，成立日期不晚于统计期末、且未在统计期初之前注销的合作社。"""
    return (
        LabourCooperative.objects.in_region(region)
        .filter(registered_on__lte=last)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
    )


@figure("cooperation.brokers", "劳务经纪人数", unit="人")
def brokers(region, first, last):
    """本区域（含下级区域）登记的劳务经纪人中，登记日期不晚于统计期末、且未在统计期初之前停止的人数。"""
    return (
        LabourBroker.objects.in_region(region)
        .filter(registered_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    )


def _organised(region, first, last, **batch):
    members = BatchMember.objects.in_region(region).filter(
        active_between_q(first, last, prefix="spell__"), person=OuterRef("pk"), **batch
    )
    return Person.objects.filter(Exists(members))


@figure("cooperation.organised_people", "有组织劳务输出人数")
def organised_people(region, first, last):
    """由本区域（含下级区域）组织的有组织劳务输出批次输出的人员中，
    其输出务工记录在统计期间内任一天在岗的人数（按务工计数规则）。
    同一人在期间内随多个批次输出只计1人。"""
    return _organised(region, first, last)


@figure("cooperation.seasonal_people", "季节性有组织劳务输出人数")
def seasonal_people(region, first, last):
    """有组织劳务输出人数中，随“季节性”输出批次输出的人数；口径同有组织劳务输出人数。"""
    return _organised(region, first, last, batch__seasonal=True)


@figure("cooperation.batches", "有组织劳务输出批次数", unit="批")
def batches(region, first, last):
    """本区域（含下级区域）组织、出发日期在统计期间内的有组织劳务输出批次。"""
    return OutboundBatch.objects.in_region(region).filter(departure__range=(first, last))


@figure("cooperation.brand_employed", "特色劳务品牌带动就业人数")
def brand_employed(region, first, last):
    """登记在本区域（含下级区域）特色劳务品牌下、登记的从业期间与统计期间有交集，
    且按务工计数规则在统计期间内任一天有在岗务工记录的人数。
    只登记在品牌下而台账中没有务工记录的人不计；同一人在几个品牌下只计1人。"""
    workers = BrandWorker.objects.in_region(region).filter(
        active_between_q(first, last), person=OuterRef("pk")
    )
    spells = Employment.objects.filter(active_between_q(first, last), person=OuterRef("pk"))
    return Person.objects.filter(Exists(workers), Exists(spells))
