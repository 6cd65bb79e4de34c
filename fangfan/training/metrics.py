"""Named figures of vocational training; each docstring is the figure's definition (口径)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from fangfan.core.figures import figure
from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q
from fangfan.registry.models import Person

from .models import Training, TrainingEnrolment


def _participants(region, first, last):
    return (
        TrainingEnrolment.objects.in_region(region)
        .participating()
        .filter(training__start__lte=last, training__end__gte=first, person=OuterRef("pk"))
    )


@figure("training.poverty_trainees", "组织脱贫人口参加职业技能培训人数")
def poverty_trainees(region, first, last):
    """在本区域（含下级区域）举办、且在统计期间内任一天在培训期内的职业技能培训班中，
    参加培训的脱贫人口（含防止返贫监测对象）人数。
    “参加”指报名入班，结业与否不限；开班前就退出的不算参加。
    同一人在期间内参加几个培训班只计1人。"""
    return Person.objects.filter(Exists(_participants(region, first, last)))


@figure("training.completed", "培训结业人数")
def completed(region, first, last):
    """在本区域（含下级区域）举办的培训班中结业、且结业日期在统计期间内的人数；同一人结业几个班只计1人。"""
    done = TrainingEnrolment.objects.in_region(region).filter(
        completed=True, completed_on__range=(first, last), person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(done))


@figure("training.certified", "培训取得证书人数")
def certified(region, first, last):
    """培训结业人数中，取得职业资格证书、职业技能等级证书、专项职业能力证书或培训合格证书的人数。"""
    done = (
        TrainingEnrolment.objects.in_region(region)
        .filter(completed=True, completed_on__range=(first, last), person=OuterRef("pk"))
        .exclude(certificate="")
    )
    return Person.objects.filter(Exists(done))


@figure("training.employed_trainees", "培训后就业人数")
def employed_trainees(region, first, last):
    """参加职业技能培训的人（口径同“组织脱贫人口参加职业技能培训人数”）中，
    有一条在开班日期当天或之后开始、且在统计期间内任一天在岗的务工记录的人数（按务工计数规则）。"""
    after = Employment.objects.filter(
        active_between_q(first, last), person=OuterRef("person"), start__gte=OuterRef("training__start")
    )
    return Person.objects.filter(Exists(_participants(region, first, last).filter(Exists(after))))


@figure("training.courses", "职业技能培训班期数", unit="期")
def courses(region, first, last):
    """在本区域（含下级区域）举办、且在统计期间内任一天在培训期内的培训班。"""
    return Training.objects.in_region(region).running_between(first, last)
