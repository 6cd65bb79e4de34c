"""Deterministic synthetic households and people for demos, tests and benchmarks.

IDs are valid GB 11643 numbers whose address code is the person's county;
names, ages, household make-up, labour capacity and phones follow plausible
rural distributions. The same seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from fangfan.core import bulk
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .idnumber import check_char
from .models import Household, Person

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文德福贵生海峰山东成立新春"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华慧巧美娥兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛玲芬燕红桂珍翠萍"
TODAY = dt.date(2026, 11, 1)
MONITORING_SINCE = dt.date(2021, 1, 1)  # 防止返贫监测 of the 过渡期


@dataclass(frozen=True)
class DemoResult:
    households: int
    persons: int


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()

    def name(self, sex: str) -> str:
        pool = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
        given = self.rng.choice(pool) + (self.rng.choice(pool) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def id_number(self, county: str, birth: dt.date, sex: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            first17 = f"{county}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth(self, age_low: int, age_high: int) -> dt.date:
        age_days = self.rng.randrange(age_low * 365, age_high * 365 + 364)
        return TODAY - dt.timedelta(days=age_days)

    def household_dates(self, monitored: bool) -> tuple[dt.date, dt.date | None]:
        """(identified, risk eliminated). A 脱贫户 was identified (脱贫) in 2014–2020; a 监测户 was
        identified from 2021 on, and about two in five have had their risk eliminated 6–30 months later."""
        if not monitored:
            return dt.date(self.rng.randint(2014, 2020), self.rng.randint(1, 12), 1), None
        identified = MONITORING_SINCE + dt.timedelta(days=self.rng.randrange((TODAY - MONITORING_SINCE).days))
        if self.rng.random() < 0.4:
            exited = identified + dt.timedelta(days=self.rng.randint(180, 900))
            return identified, exited if exited <= TODAY else None
        return identified, None

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(0, 10**9):09d}"

    def labour(self, age: int) -> str:
        if age < 16:
            return "none"
        if age >= 70:
            return self.rng.choices(["lost", "weak", "none"], [5, 3, 2])[0]
        if age >= 60:
            return self.rng.choices(["weak", "ordinary", "lost"], [5, 4, 1])[0]
        return self.rng.choices(["ordinary", "skilled", "weak", "lost"], [70, 18, 9, 3])[0]

    def education(self, age: int) -> str:
        if age < 6:
            return "preschool"
        if age < 13:
            return "primary"
        if age >= 60:
            return self.rng.choices(["illiterate", "primary", "junior"], [3, 5, 2])[0]
        return self.rng.choices(
            ["primary", "junior", "senior", "vocational", "college", "bachelor"], [15, 45, 18, 12, 7, 3]
        )[0]

    def health(self, age: int) -> tuple[str, str, str]:
        roll = self.rng.random()
        if roll < 0.05:
            return "disabled", self.rng.choice("1234567"), self.rng.choice("1234")
        if roll < 0.05 + (0.25 if age >= 60 else 0.06):
            return "chronic", "", ""
        if roll < 0.33 and age >= 50:
            return "serious", "", ""
        return "healthy", "", ""


HOUSEHOLD_ATTRS = [
    "number",
    "village_id",
    "household_type",
    "monitoring_category",
    "identified_on",
    "exited_on",
    "other_annual_income",
]
PERSON_ATTRS = [
    "household_id",
    "name",
    "id_number",
    "birth_date",
    "sex",
    "relation_to_head",
    "education",
    "health",
    "disability_category",
    "disability_grade",
    "labour_capacity",
    "skills",
    "phone",
    "village_id",
    "notes",
    "left_reason",
]
SKILLS = (
    "",
    "",
    "",
    "",
    "电工",
    "焊工",
    "厨师",
    "家政服务",
    "育婴员",
    "中式面点",
    "农机驾驶",
    "砌筑工",
    "缝纫",
    "电商运营",
)


def _members(gen: Generator) -> Iterator[tuple[str, str, int]]:
    """(relation, sex, age) for one household: head, maybe spouse, children, an elder."""
    head_sex = gen.rng.choices(["M", "F"], [8, 2])[0]
    head_age = gen.rng.randint(30, 75)
    yield "head", head_sex, head_age
    if gen.rng.random() < 0.78:
        yield "spouse", "F" if head_sex == "M" else "M", max(20, head_age + gen.rng.randint(-5, 3))
    for _ in range(gen.rng.choices([0, 1, 2, 3], [15, 35, 38, 12])[0]):
        sex = gen.rng.choice("MF")
        yield ("son" if sex == "M" else "daughter"), sex, max(0, head_age - gen.rng.randint(20, 34))
    if head_age < 55 and gen.rng.random() < 0.3:
        sex = gen.rng.choice("MF")
        yield ("father" if sex == "M" else "mother"), sex, min(95, head_age + gen.rng.randint(22, 32))


def villages_of(prefix: str) -> list[str]:
    return list(
        Region.objects.filter(code__startswith=prefix, level=Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )


def generate(prefix: str, persons: int, seed: int) -> DemoResult:
    """Add about ``persons`` people in the villages under ``prefix``; returns what was written."""
    villages = villages_of(prefix)
    if not villages:
        raise ValueError(f"区划{prefix}下没有村级区划，请先运行 load_regions --province {prefix[:2]}")
    gen = Generator(seed)
    gen.used_ids.update(
        Person.objects.filter(village__code__startswith=prefix).values_list("id_number", flat=True)
    )
    # Villages get uneven shares: a few large poor villages, many small ones.
    weights = [gen.rng.paretovariate(1.5) for _ in villages]
    households: list[list[object]] = []
    people: list[tuple[str, list[object]]] = []
    counter: dict[str, int] = {}
    while len(people) < persons:
        village = gen.rng.choices(villages, weights)[0]
        counter[village] = counter.get(village, 0) + 1
        number = f"{village}{counter[village]:04d}"
        monitored = gen.rng.random() < 0.15
        identified, exited = gen.household_dates(monitored)
        households.append(
            [
                number,
                village,
                "monitored" if monitored else "exited",
                gen.rng.choices(["unstable", "marginal", "sudden_hardship"], [45, 40, 15])[0]
                if monitored
                else "",
                identified,
                exited,
                gen.rng.randrange(1500, 9000),
            ]
        )
        for relation, sex, age in _members(gen):
            birth = gen.birth(age, age)
            health, disability, grade = gen.health(age)
            labour = gen.labour(age)
            if health in ("disabled", "serious") and labour in ("ordinary", "skilled"):
                labour = "weak"
            people.append(
                (
                    number,
                    [
                        gen.name(sex),
                        gen.id_number(village[:6], birth, sex),
                        birth,
                        sex,
                        relation,
                        gen.education(age),
                        health,
                        disability,
                        grade,
                        labour,
                        gen.rng.choice(SKILLS) if labour == "skilled" else "",
                        gen.phone() if 16 <= age < 75 and gen.rng.random() < 0.85 else "",
                        village,
                        "",
                        "",
                    ],
                )
            )
    bulk.insert_rows(Household, HOUSEHOLD_ATTRS, households)
    ids = dict(Household.objects.filter(village__code__startswith=prefix).values_list("number", "id"))
    bulk.insert_rows(Person, PERSON_ATTRS, ([ids[number], *row] for number, row in people))
    heads = Person.objects.filter(
        village__code__startswith=prefix, relation_to_head="head", household__head__isnull=True
    )
    bulk.update_rows(Household, "id", ["head_id"], heads.values_list("household_id", "id"))
    return DemoResult(households=len(households), persons=len(people))
