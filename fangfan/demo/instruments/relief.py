"""以工代赈 projects with their local hires, attendance and wage payments.

Scale (晋人社厅发〔2023〕71号 (三), 枣人社字〔2023〕68号 (一)): a county builds a few small rural
infrastructure projects a year (roads, irrigation, field works), each hiring 15–50 local rural
labourers for two to eight months at 120–180 元 a day. About 3 % of a county's labourers are hired;
three in five hires are 脱贫 people of the ledger, the rest other villagers of the county, all local
as ``relief.rules.local_check`` requires. Planned wages are 30–45 % of the central funds (the rule's
劳务报酬占比 ≥ 30 %). Each month's attendance is closed after the month ends, the list is publicised
for the rule's days, and wages are paid in full before the deadline.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fangfan.core.bulk import key_chunks
from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import add_months, month_bounds
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.registry.demo import Generator
from fangfan.registry.models import Person
from fangfan.relief.models import (
    Attendance,
    AttendanceMode,
    ReliefHire,
    ReliefRule,
    ReliefWorker,
    WagePayment,
    WageSheet,
    WorkReliefProject,
)
from fangfan.relief.services import ESTIMATED_DAYS

from .common import CENT, Context, Job, insert, months_between, new_ids, write_spells

SHARE = 0.03
WORKS = ("村内道路硬化", "农田水利灌溉渠", "高标准农田配套", "小型水库清淤", "村容村貌整治", "产业路修建")
TRADES = ("普工", "泥瓦工", "钢筋工", "机械操作", "运输", "绿化")


Crew = list[tuple[str, dt.date, dt.date | None, Decimal, str]]


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("relief")
    pools = ctx.free(rng)
    ids = Generator(ctx.seed)
    ids.used_ids.update(Person.objects.under(ctx.prefix[:2]).values_list("id_number", flat=True))
    ids.used_ids.update(ReliefWorker.objects.values_list("id_number", flat=True))
    projects: list[list[Any]] = []
    crews: dict[str, Crew] = {}
    workers: dict[str, tuple[str, str, int | None]] = {}
    counties = ctx.by_county()
    for county in sorted(counties):
        pool = pools.get(county, [])
        target = round(ctx.labourers_in(county) * SHARE)
        villages = counties[county]
        number = 0
        while target >= 10:
            size = min(rng.randint(15, 50), max(target, 10))
            target -= size
            number += 1
            village = rng.choice(villages)
            work = rng.choice(WORKS)
            code = f"YGDZ-{county}-{number:03d}"
            start = ctx.day_in(rng, ctx.first, ctx.today - dt.timedelta(days=45))
            planned_end = start + dt.timedelta(days=rng.randint(60, 240))
            end = planned_end if planned_end < ctx.today else None
            crew: Crew = []
            for _ in range(size):
                hired = start + dt.timedelta(days=rng.randint(0, 20))
                leaves = min(planned_end, hired + dt.timedelta(days=rng.randint(45, 200)))
                if hired >= ctx.today or leaves < hired:
                    continue
                left = leaves if leaves < ctx.today else None
                if pool and rng.random() < 0.6:
                    person = pool.pop()
                    ctx.employed.add(person.id)
                    key = person.id_number
                    workers[key] = (person.name, person.village, person.id)
                else:
                    home = rng.choice(villages)
                    sex = rng.choice("MF")
                    key = ids.id_number(home[:6], ids.birth(20, 60), sex)
                    workers[key] = (ids.name(sex), home, None)
                crew.append((key, hired, left, Decimal(rng.randrange(120, 185, 5)), rng.choice(TRADES)))
            estimate = sum(
                (
                    daily * ESTIMATED_DAYS * max(1, ((left or ctx.today) - hired).days // 30)
                    for _key, hired, left, daily, _trade in crew
                ),
                Decimal(0),
            )
            planned = max(Decimal(10_000), (estimate / 1000).quantize(Decimal(1)) * 1000)
            central = (planned / Decimal(str(round(rng.uniform(0.30, 0.45), 2)))).quantize(Decimal(1))
            central = central - central % 10_000 if central - central % 10_000 >= planned else central
            mode = AttendanceMode.DAILY if rng.random() < 0.7 else AttendanceMode.MONTHLY
            county_name = ctx.names.get(county.ljust(12, "0"), "")
            projects.append(
                [
                    f"{ctx.names[village]}{work}以工代赈项目",
                    code,
                    f"{county_name}农业农村局",
                    f"{county_name}{work}工程队",
                    village,
                    start,
                    end,
                    central,
                    planned,
                    mode,
                    "演示数据",
                ]
            )
            crews[code] = crew
    return _write(ctx, rng, projects, crews, workers)


def _rules(ctx: Context) -> dict[str, ReliefRule]:
    return {
        county: ReliefRule.objects.for_region(Region.objects.get(code=county.ljust(12, "0")))
        for county in ctx.by_county()
    }


def _write(
    ctx: Context,
    rng: random.Random,
    projects: list[list[Any]],
    crews: dict[str, Crew],
    workers: dict[str, tuple[str, str, int | None]],
) -> dict[str, int]:
    known: set[str] = set()
    for chunk in key_chunks(sorted(workers)):
        known.update(ReliefWorker.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))
    fresh = [[workers[k][0], k, workers[k][1], workers[k][2]] for k in sorted(workers) if k not in known]
    insert(ReliefWorker, ["name", "id_number", "village_id", "person_id"], fresh)
    worker_ids: dict[str, int] = {}
    for chunk in key_chunks(sorted(workers)):
        worker_ids.update(ReliefWorker.objects.filter(id_number__in=chunk).values_list("id_number", "id"))
    insert(
        WorkReliefProject,
        [
            "name",
            "number",
            "owner",
            "contractor",
            "village_id",
            "start",
            "end",
            "central_funds",
            "planned_wages",
            "attendance_mode",
            "notes",
        ],
        projects,
    )
    project_ids = new_ids(WorkReliefProject, {"village__code__startswith": ctx.prefix}, "number")
    hire_rows = [
        [project_ids[code], worker_ids[key], trade, hired, left, daily, None]
        for code, crew in crews.items()
        for key, hired, left, daily, trade in crew
    ]
    insert(
        ReliefHire, ["project_id", "worker_id", "job", "start", "end", "daily_wage", "spell_id"], hire_rows
    )
    hire_ids = new_ids(
        ReliefHire, {"project__village__code__startswith": ctx.prefix}, ("project_id", "worker_id")
    )
    rules = _rules(ctx)
    last = add_months(ctx.today, -1)
    sheets: list[list[Any]] = []
    marks: list[Mark] = []
    for row in projects:
        code, village, start, end, mode = str(row[1]), str(row[4]), row[5], row[6], row[9]
        assert isinstance(start, dt.date)
        project = project_ids[code]
        publicity_days = rules[village[:6]].publicity_days
        for month, _active, _days in months_between(start, end if isinstance(end, dt.date) else None, last):
            closed: dt.date | None = month_bounds(month.year, month.month)[1] + dt.timedelta(
                days=rng.randint(0, 3)
            )
            opened: dt.date | None = None
            if closed is not None and closed >= ctx.today:
                closed = None
            if closed is not None:
                opened = closed + dt.timedelta(days=rng.randint(1, 2))
            sheets.append([project, month, closed, opened])
            for key, hired, left, daily, _trade in crews[code]:
                first_day, last_day = month_bounds(month.year, month.month)
                span = (max(first_day, hired), min(last_day, left or last_day))
                if span[1] < span[0]:
                    continue
                possible = (span[1] - span[0]).days + 1
                days = min(possible, rng.randint(12, 26))
                listed: list[int] = []
                if mode == AttendanceMode.DAILY:
                    listed = sorted(rng.sample(range(span[0].day, span[1].day + 1), days))
                paid_on = None
                if opened is not None:
                    paid_on = opened + dt.timedelta(days=publicity_days + rng.randint(0, 8))
                    paid_on = paid_on if paid_on < ctx.today else None
                hire = hire_ids[(project, worker_ids[key])]
                marks.append(
                    Mark(project, month, hire, Decimal(days), daily, listed, closed is not None, paid_on)
                )
    insert(WageSheet, ["project_id", "month", "attendance_closed_on", "publicity_start"], sheets)
    sheet_ids = new_ids(
        WageSheet, {"project__village__code__startswith": ctx.prefix}, ("project_id", "month")
    )
    insert(
        Attendance,
        ["sheet_id", "hire_id", "days", "day_list"],
        ([sheet_ids[(m.project, m.month)], m.hire, m.days, m.listed] for m in marks),
    )
    payments = []
    settled: dict[int, list[Decimal]] = defaultdict(list)
    for m in marks:
        if not m.closed:
            continue
        due = (m.days * m.daily).quantize(CENT)
        settled[m.hire].append(due)
        payments.append(
            [
                sheet_ids[(m.project, m.month)],
                m.hire,
                m.days,
                m.daily,
                due,
                due if m.paid_on else 0,
                m.paid_on,
            ]
        )
    insert(WagePayment, ["sheet_id", "hire_id", "days", "daily_wage", "due", "paid", "paid_on"], payments)
    jobs = []
    for row in projects:
        code, name, village = str(row[1]), str(row[0]), str(row[4])
        for key, hired, left, daily, _trade in crews[code]:
            person = workers[key][2]
            if person is None:
                continue
            hire = hire_ids[(project_ids[code], worker_ids[key])]
            dues = settled.get(hire)
            if dues:
                income = (sum(dues, Decimal(0)) / len(dues)).quantize(CENT)
                note = f"以工代赈：月收入为已结算{len(dues)}个月劳务报酬的平均数"
            else:
                income = daily * ESTIMATED_DAYS
                note = f"以工代赈：月收入按日工资×{ESTIMATED_DAYS}天估算，结算后按实际劳务报酬更新"
            home = workers[key][1]
            jobs.append(
                Job(
                    hire,
                    person,
                    home,
                    hired,
                    left,
                    name,
                    EmploymentKind.WORK_RELIEF,
                    village,
                    Level.VILLAGE,
                    income,
                    note,
                )
            )
            ctx.touched.add(person)
    spells = write_spells(ctx.prefix, ReliefHire, Source.WORK_RELIEF, jobs)
    ctx.say(
        f"以工代赈：{len(projects)}个项目，用工{len(hire_rows)}人次（其中脱贫人口{len(jobs)}人次），"
        f"考勤{len(marks)}条，劳务报酬发放{len(payments)}笔。"
    )
    return {
        "relief_projects": len(projects),
        "relief_workers": len(fresh),
        "relief_hires": len(hire_rows),
        "relief_sheets": len(sheets),
        "relief_attendance": len(marks),
        "relief_payments": len(payments),
        "spells": spells,
    }


@dataclass(frozen=True)
class Mark:
    """One hire's attendance in one month of a project, and what became of its wages."""

    project: int
    month: dt.date
    hire: int
    days: Decimal
    daily: Decimal
    listed: list[int]
    closed: bool
    paid_on: dt.date | None
