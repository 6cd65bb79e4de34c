"""劳务协作: cooperatives and brokers, organised outbound batches with their members, labour brands.

Scale (晋人社厅发〔2023〕71号 on 有组织劳务输出、季节性输出 and 劳务品牌; 枣人社字〔2023〕68号 on
外出务工规模 and 劳务协作): a county has one to three 劳务合作社 and a few 劳务经纪人 who send
batches of 10–40 labourers to employers outside the county, in the province's capital or in the
eastern provinces, about 4 % of its labourers over two years; one batch in four is 季节性 and returns
within the rule's window (``CooperationRule.seasonal_max_days``). Members are labourers who had no job,
each in one batch. A county also runs one or two 劳务品牌, under which a third of its batch members work.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from fangfan.cooperation.models import (
    BatchMember,
    BrandWorker,
    CertLevel,
    CooperationRule,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)
from fangfan.employment.models import EmploymentKind, Source
from fangfan.regions.codes import CODE_LENGTH
from fangfan.regions.models import Region
from fangfan.registry.demo import Generator

from .common import Context, Job, Labourer, insert, new_ids, write_spells

SHARE = 0.04
AWAY = ("320500000000", "330200000000", "440300000000", "310000000000", "120000000000")
EMPLOYERS = (
    "某电子有限公司",
    "某服装有限公司",
    "某物流有限公司",
    "某建筑工程有限公司",
    "某食品有限公司",
    "某农业公司",
)
JOBS = ("普工", "装配工", "缝纫工", "分拣员", "建筑工", "采摘工")
BRANDS = (("家政", "家政服务员"), ("面点师", "中式面点师"), ("建工", "砌筑工"), ("护工", "养老护理员"))


def _pool(ctx: Context, rng: random.Random) -> dict[str, list[Labourer]]:
    pools: dict[str, list[Labourer]] = {}
    for person in ctx.labourers:
        if person.working or person.id in ctx.employed or not 18 <= person.age(ctx.today) <= 55:
            continue
        pools.setdefault(person.village[:6], []).append(person)
    for pool in pools.values():
        rng.shuffle(pool)
    return pools


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("cooperation")
    people = Generator(ctx.seed)
    province = ctx.prefix[:2]
    destinations = [f"{province}0100000000", *AWAY]
    places = dict(Region.objects.filter(code__in=destinations).values_list("code", "name"))
    levels = dict(Region.objects.filter(code__in=destinations).values_list("code", "level"))
    destinations = [d for d in destinations if d in places]
    pools = _pool(ctx, rng)
    coops: list[list[Any]] = []
    brokers: list[list[Any]] = []
    brands: list[list[Any]] = []
    batches: list[list[Any]] = []
    crews: dict[tuple[str, str], list[tuple[Labourer, dt.date | None]]] = {}
    for county in sorted(pools):
        pool = pools[county]
        target = round(ctx.labourers_in(county) * SHARE)
        if target < 10 or len(pool) < 10:
            continue
        code = county.ljust(CODE_LENGTH, "0")
        name = ctx.names.get(code, "")
        rule = CooperationRule.objects.for_region(Region.objects.get(code=code))
        organisers = []
        for n in range(rng.randint(1, 3)):
            coop = f"{name}第{n + 1}劳务专业合作社"
            coops.append(
                [
                    coop,
                    code,
                    people.name(rng.choice("MF")),
                    people.phone(),
                    _date(rng, 2016, 2020),
                    "演示数据",
                ]
            )
            organisers.append(("coop", coop))
        named: set[str] = set()
        for _n in range(rng.randint(1, 4)):
            broker = people.name(rng.choice("MF"))
            while broker in named:
                broker = people.name(rng.choice("MF"))
            named.add(broker)
            brokers.append([broker, people.phone(), code, _date(rng, 2017, 2021), "演示数据"])
            organisers.append(("broker", broker))
        skill, trade = rng.choice(BRANDS)
        brand = f"{name.removesuffix('区').removesuffix('县').removesuffix('市')}{skill}"
        brands.append(
            [
                brand,
                code,
                trade,
                rng.choice(list(CertLevel)),
                _date(rng, 2019, 2022),
                f"{name}人力资源和社会保障局",
                "演示数据",
            ]
        )
        number = 0
        while target >= 10 and len(pool) >= 10:
            size = min(rng.randint(10, 40), len(pool), max(target, 10))
            target -= size
            number += 1
            destination = rng.choice(destinations)
            departure = ctx.day_in(rng, ctx.first, ctx.today - dt.timedelta(days=15))
            seasonal = rng.random() < 0.25
            back = (
                departure + dt.timedelta(days=rng.randint(60, rule.seasonal_max_days - 1))
                if seasonal
                else None
            )
            kind, organiser = rng.choice(organisers)
            title = f"{name}{departure.year}年第{number}批赴{places[destination]}{'季节性' if seasonal else ''}劳务输出"
            batches.append(
                [
                    title,
                    code,
                    organiser if kind == "coop" else None,
                    organiser if kind == "broker" else None,
                    f"{places[destination]}{rng.choice(EMPLOYERS)}",
                    rng.choice(JOBS),
                    destination,
                    departure,
                    seasonal,
                    back,
                    rng.randrange(4000, 7050, 50),
                    brand,
                ]
            )
            members = []
            for person in pool[:size]:
                ctx.employed.add(person.id)
                end = None
                if not seasonal and rng.random() < 0.2:
                    end = departure + dt.timedelta(days=rng.randint(90, 400))
                    end = end if end < ctx.today else None
                members.append((person, end))
            del pool[:size]
            crews[(code, title)] = members
    return _write(ctx, rng, coops, brokers, brands, batches, crews, levels)


def _date(rng: random.Random, first: int, last: int) -> dt.date:
    return dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def _write(
    ctx: Context,
    rng: random.Random,
    coops: list[list[Any]],
    brokers: list[list[Any]],
    brands: list[list[Any]],
    batches: list[list[Any]],
    crews: dict[tuple[str, str], list[tuple[Labourer, dt.date | None]]],
    levels: dict[str, int],
) -> dict[str, int]:
    insert(LabourCooperative, ["name", "region_id", "leader", "phone", "registered_on", "notes"], coops)
    insert(LabourBroker, ["name", "phone", "region_id", "registered_on", "notes"], brokers)
    insert(
        LabourBrand,
        ["name", "region_id", "skill", "level", "certified_on", "operator", "description"],
        brands,
    )
    coop_ids = new_ids(LabourCooperative, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    broker_ids = new_ids(LabourBroker, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    brand_ids = new_ids(LabourBrand, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    rows: list[list[Any]] = []
    for (
        title,
        code,
        coop,
        broker,
        employer,
        job,
        destination,
        departure,
        seasonal,
        back,
        wage,
        _brand,
    ) in batches:
        rows.append(
            [
                title,
                code,
                coop_ids[(code, coop)] if coop else None,
                broker_ids[(code, broker)] if broker else None,
                employer,
                job,
                destination,
                departure,
                seasonal,
                back,
                wage,
                "演示数据",
            ]
        )
    insert(
        OutboundBatch,
        [
            "name",
            "region_id",
            "cooperative_id",
            "broker_id",
            "employer",
            "job",
            "destination_id",
            "departure",
            "seasonal",
            "return_on",
            "monthly_wage",
            "notes",
        ],
        rows,
    )
    batch_ids = new_ids(OutboundBatch, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    insert(
        BatchMember,
        ["batch_id", "person_id", "end", "spell_id"],
        ([batch_ids[key], person.id, end, None] for key, members in crews.items() for person, end in members),
    )
    member_ids = new_ids(
        BatchMember, {"batch__region__code__startswith": ctx.prefix}, ("batch_id", "person_id")
    )
    jobs: list[Job] = []
    workers: list[list[Any]] = []
    for title, code, _c, _b, employer, _job, destination, departure, seasonal, back, wage, brand in batches:
        batch = batch_ids[(code, title)]
        for person, end in crews[(code, title)]:
            jobs.append(
                Job(
                    member_ids[(batch, person.id)],
                    person.id,
                    person.village,
                    departure,
                    end or back,
                    employer,
                    EmploymentKind.ENTERPRISE,
                    destination,
                    levels[destination],
                    Decimal(wage),
                    f"有组织劳务输出：{title}{'（季节性）' if seasonal else ''}",
                    organised=True,
                )
            )
            ctx.touched.add(person.id)
            if rng.random() < 0.33:
                workers.append(
                    [brand_ids[(code, brand)], person.id, employer, departure, end or back, "演示数据"]
                )
    spells = write_spells(ctx.prefix, BatchMember, Source.ORGANISED, jobs)
    insert(BrandWorker, ["brand_id", "person_id", "employer", "start", "end", "notes"], workers)
    ctx.say(
        f"劳务协作：合作社{len(coops)}个，经纪人{len(brokers)}人，劳务品牌{len(brands)}个；"
        f"有组织劳务输出{len(batches)}批{len(jobs)}人，品牌就业{len(workers)}人。"
    )
    return {
        "cooperatives": len(coops),
        "brokers": len(brokers),
        "brands": len(brands),
        "batches": len(batches),
        "batch_members": len(jobs),
        "brand_workers": len(workers),
        "spells": spells,
    }
