"""就业帮扶车间 and 就业帮扶基地 with their workers and wage ledger.

Scale (晋人社厅发〔2023〕71号 (二), 枣人社字〔2023〕68号 (一)): a county runs a few dozen workshops,
each employing 10–40 脱贫劳动力 near home, and a few 基地 of 30–60 on contracts of a year or more.
About 8 % of a county's labourers without a migrant job work in one. Wages are 1,800–3,200 元 a month,
paid in the following month (工资发放), which is what the 阶梯性奖补 counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import add_months
from fangfan.regions.codes import Level
from fangfan.workshops.models import (
    Workshop,
    WorkshopCategory,
    WorkshopKind,
    WorkshopWage,
    WorkshopWorker,
)

from .common import CENT, Context, Job, insert, months_between, new_ids, pay_day, write_spells

SHARE = 0.08
PRODUCTS = {
    WorkshopCategory.FACTORY: ("服装加工", "电子元件组装", "箱包加工", "手套加工", "假发制品", "五金配件"),
    WorkshopCategory.HOME: ("手工编织", "来料加工", "刺绣", "串珠饰品"),
    WorkshopCategory.FARMING: ("食用菌种植", "蔬菜大棚", "中药材种植", "肉牛养殖", "小杂粮加工"),
    WorkshopCategory.TRADE: ("电商直播", "农产品分拣", "物流分拣"),
    WorkshopCategory.TOURISM: ("民宿服务", "乡村旅游", "非遗文创"),
}
CATEGORY_WEIGHTS = (45, 15, 25, 10, 5)
Hire = tuple[int, str, int | None, dt.date, dt.date | None, Decimal, int]
JOBS = ("操作工", "缝纫工", "包装工", "质检员", "分拣员", "种植工", "养殖工", "杂工")


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("workshops")
    pools = ctx.free(rng)
    names: set[tuple[str, str]] = set()
    shops: list[list[Any]] = []
    staff: dict[tuple[str, str], list[Hire]] = {}
    counties = ctx.by_county()
    for county in sorted(counties):
        pool = pools.get(county, [])
        target = round(ctx.labourers_in(county) * SHARE)
        villages = counties[county]
        while target >= 8 and len(pool) >= 8:
            base = rng.random() < 0.1 and len(pool) >= 30
            size = min(rng.randint(30, 60) if base else rng.randint(10, 40), len(pool), max(target, 8))
            target -= size
            category = rng.choices(list(PRODUCTS), CATEGORY_WEIGHTS)[0]
            product = rng.choice(PRODUCTS[category])
            village = rng.choice(villages)
            suffix = "就业帮扶基地" if base else "就业帮扶车间"
            name = f"{ctx.names[village]}{product}{suffix}"
            n = 2
            while (village, name) in names:
                name = f"{ctx.names[village]}{product}{suffix}{n}号"
                n += 1
            names.add((village, name))
            certified = ctx.day_in(rng, ctx.first - dt.timedelta(days=365), ctx.today - dt.timedelta(days=90))
            upgraded = None
            if base:
                upgraded = certified + dt.timedelta(days=rng.randint(365, 540))
                upgraded = upgraded if upgraded < ctx.today else certified
            exited = None
            earliest_exit = certified + dt.timedelta(days=180)
            if not base and rng.random() < 0.05 and earliest_exit < ctx.today:
                exited = ctx.day_in(rng, earliest_exit, ctx.today - dt.timedelta(days=1))
            operator = f"{ctx.names.get(county.ljust(12, '0'), '')}{product}有限公司"
            shops.append(
                [
                    name,
                    WorkshopKind.BASE if base else WorkshopKind.WORKSHOP,
                    category,
                    operator,
                    village,
                    f"{ctx.names[village]}村委会旁",
                    "",
                    certified,
                    upgraded,
                    exited,
                    "订单不足，停产" if exited else "",
                    "演示数据",
                ]
            )
            hires: list[Hire] = []
            for person in pool[:size]:
                ctx.employed.add(person.id)
                start = ctx.day_in(rng, max(ctx.first, certified - dt.timedelta(days=60)), ctx.today)
                start = min(start, exited) if exited else start
                end = None
                if rng.random() < 0.15:
                    end = start + dt.timedelta(days=rng.randint(90, 500))
                    end = end if end < ctx.today else None
                if exited and (end is None or end > exited):
                    end = exited
                wage = Decimal(rng.randrange(1800, 3250, 50))
                contract = rng.choice((12, 24, 36)) if base else (12 if rng.random() < 0.6 else None)
                hires.append((person.id, person.village, contract, start, end, wage, rng.randint(15, 20)))
            del pool[:size]
            staff[(village, name)] = hires
    insert(
        Workshop,
        [
            "name",
            "kind",
            "category",
            "operator",
            "village_id",
            "address",
            "credit_code",
            "certified_on",
            "upgraded_on",
            "exited_on",
            "exit_reason",
            "notes",
        ],
        shops,
    )
    ids = new_ids(Workshop, {"village__code__startswith": ctx.prefix}, ("village_id", "name"))
    rows = []
    for key, hires in staff.items():
        for pid, _home, contract, start, end, wage, premium in hires:
            rows.append(
                [ids[key], pid, rng.choice(JOBS), start, end, wage, contract, True, Decimal(premium), None]
            )
    insert(
        WorkshopWorker,
        [
            "workshop_id",
            "person_id",
            "job",
            "start",
            "end",
            "monthly_wage",
            "contract_months",
            "insured",
            "insurance_premium",
            "spell_id",
        ],
        rows,
    )
    workers = new_ids(
        WorkshopWorker, {"workshop__village__code__startswith": ctx.prefix}, ("workshop_id", "person_id")
    )
    jobs, wages = [], []
    for (village, name), hires in staff.items():
        for pid, home, _contract, start, end, wage, _premium in hires:
            worker = workers[(ids[(village, name)], pid)]
            jobs.append(
                Job(
                    worker, pid, home, start, end, name, EmploymentKind.WORKSHOP, village, Level.VILLAGE, wage
                )
            )
            for month, active, days in months_between(start, end, add_months(ctx.today, -1)):
                paid_on = pay_day(rng, month, 5, 15)
                if paid_on < ctx.today:
                    wages.append([worker, month, (wage * active / days).quantize(CENT), paid_on])
            ctx.touched.add(pid)
    spells = write_spells(ctx.prefix, WorkshopWorker, Source.WORKSHOP, jobs)
    insert(WorkshopWage, ["worker_id", "month", "amount", "paid_on"], wages)
    ctx.say(f"就业帮扶车间：{len(shops)}个，务工人员{len(rows)}人，工资发放{len(wages)}笔。")
    return {
        "workshops": len(shops),
        "workshop_workers": len(rows),
        "workshop_wages": len(wages),
        "spells": spells,
    }
