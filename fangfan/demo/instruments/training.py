"""职业技能培训: courses held by the counties and the labourers enrolled in them.

Scale (晋人社厅发〔2023〕71号 and 枣人社字〔2023〕68号 on 技能培训: 订单式、定向式、定岗式 first):
each year a county trains about 3 % of its labourers, in courses of 20–50 lasting one to four weeks;
about half the courses are for an employer (订单/定向/定岗). Nine in ten trainees finish a course that
has ended, three in four of them with a certificate; one in twenty withdraws.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fangfan.training.models import Certificate, Training, TrainingEnrolment, TrainingType

from .common import WORKING_AGE, Context, insert, new_ids

SHARE_PER_YEAR = 0.03
OCCUPATIONS = (
    ("中式烹调师", "县职业培训学校"),
    ("家政服务员", "县家政服务职业培训学校"),
    ("育婴员", "县妇女儿童职业培训中心"),
    ("电工", "县技工学校"),
    ("焊工", "县技工学校"),
    ("电子商务师", "县电子商务公共服务中心"),
    ("农业经理人", "县农业广播电视学校"),
    ("缝纫工", "县职业中等专业学校"),
    ("养老护理员", "县社会福利职业培训中心"),
    ("挖掘机驾驶员", "县工程机械培训学校"),
)
EMPLOYERS = ("某服饰有限公司", "某电子科技有限公司", "某家政服务有限公司", "某食品有限公司", "某物流有限公司")
KINDS = (TrainingType.ORDER, TrainingType.DIRECTED, TrainingType.POST, TrainingType.GENERAL)
CERTIFICATES = (
    Certificate.SKILL_LEVEL,
    Certificate.SPECIAL,
    Certificate.COMPLETION,
    Certificate.QUALIFICATION,
)


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("training")
    years = (ctx.today - ctx.first).days / 365
    courses: list[list[Any]] = []
    classes: dict[tuple[str, str], list[int]] = {}
    pools: dict[str, list[int]] = {}
    for person in ctx.labourers:
        if WORKING_AGE[0] <= person.age(ctx.today) <= 60:
            pools.setdefault(person.village[:6], []).append(person.id)
    for county in sorted(pools):
        pool = pools[county]
        rng.shuffle(pool)
        target = round(ctx.labourers_in(county) * SHARE_PER_YEAR * years)
        county_name = ctx.names.get(county.ljust(12, "0"), "")
        number = 0
        while target >= 10 and len(pool) >= 10:
            size = min(rng.randint(20, 50), len(pool), max(target, 10))
            target -= size
            number += 1
            occupation, provider = rng.choice(OCCUPATIONS)
            kind = rng.choices(KINDS, (25, 15, 10, 50))[0]
            start = ctx.day_in(rng, ctx.first, ctx.today - dt.timedelta(days=10))
            end = start + dt.timedelta(days=rng.randint(7, 28))
            name = f"{county_name}{start.year}年第{number}期{occupation}培训班（{TrainingType(kind).label}）"
            employer = f"{county_name}{rng.choice(EMPLOYERS)}" if kind != TrainingType.GENERAL else ""
            courses.append(
                [
                    name,
                    county.ljust(12, "0"),
                    kind,
                    f"{county_name}{provider.removeprefix('县')}",
                    occupation,
                    employer,
                    start,
                    end,
                    rng.choice((40, 56, 80, 120, 160)),
                    "演示数据",
                ]
            )
            classes[(county.ljust(12, "0"), name)] = pool[:size]
            del pool[:size]
    insert(
        Training,
        ["name", "region_id", "kind", "provider", "occupation", "employer", "start", "end", "hours", "notes"],
        courses,
    )
    ids = new_ids(Training, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    rows: list[list[Any]] = []
    for name, region, _kind, _provider, _occupation, _employer, start, end, _hours, _notes in courses:
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        course = ids[(region, name)]
        for seq, pid in enumerate(classes[(str(region), str(name))], 1):
            enrolled = start - dt.timedelta(days=rng.randint(0, 14))
            withdrawn = None
            completed = False
            certificate = ""
            cert_no = ""
            if rng.random() < 0.05:
                withdrawn = enrolled + dt.timedelta(days=rng.randint(0, (end - enrolled).days))
            elif end < ctx.today and rng.random() < 0.92:
                completed = True
                if rng.random() < 0.75:
                    certificate = rng.choice(CERTIFICATES)
                    cert_no = f"{str(region)[:6]}{start:%Y%m%d}{seq:03d}"
            rows.append(
                [
                    course,
                    pid,
                    enrolled,
                    withdrawn,
                    completed,
                    end if completed else None,
                    certificate,
                    cert_no,
                ]
            )
    insert(
        TrainingEnrolment,
        [
            "training_id",
            "person_id",
            "enrolled_on",
            "withdrawn_on",
            "completed",
            "completed_on",
            "certificate",
            "certificate_number",
        ],
        rows,
    )
    ctx.say(f"职业技能培训：{len(courses)}期，学员{len(rows)}人次。")
    return {"trainings": len(courses), "training_enrolments": len(rows)}
