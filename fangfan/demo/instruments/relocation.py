"""易地扶贫搬迁安置区 with their residents, and the 乐业搬迁 job fairs held for them.

Scale (晋人社厅发〔2023〕71号 (七) on 大型易地扶贫搬迁安置区; 枣人社字〔2023〕68号 on 专场招聘):
about half the counties have a site, built before the 过渡期, where some 4 % of the county's
households were resettled as whole households. Each site holds a 专场招聘 about every four months,
with 3–8 employers offering 5–30 posts each; 20–60 resident labourers attend and one in five of them
is hired, within the posts offered, starting after the fair; a hire is a job near home (its spell is
in the county, as ``relocation.services.spell_data`` places it).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from fangfan.employment.models import EmploymentKind, Source
from fangfan.regions.codes import Level
from fangfan.registry.models import Person
from fangfan.relocation.models import (
    FairAttendee,
    FairEmployer,
    FairHire,
    JobFair,
    RelocationSite,
    SiteKind,
    SiteResident,
)

from .common import WORKING_AGE, Context, Job, Labourer, insert, new_ids, write_spells

HOUSEHOLD_SHARE = 0.04
FAIR_EVERY_DAYS = 120
COMPANIES = ("服饰", "电子", "食品", "物流", "家政", "建材", "农业科技", "汽车配件", "包装", "医药")
JOBS = ("普工", "操作工", "包装工", "保洁员", "保安", "仓管员", "收银员", "厨师", "电工")


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("relocation")
    counties = ctx.by_county()
    homes: dict[str, list[int]] = defaultdict(list)
    for hid, village in (
        Person.objects.filter(
            village__code__startswith=ctx.prefix, left_on__isnull=True, relation_to_head="head"
        )
        .order_by("household_id")
        .values_list("household_id", "village_id")
        .iterator(chunk_size=20_000)
    ):
        homes[village[:6]].append(hid)
    sites: list[list[Any]] = []
    settled: dict[str, list[int]] = {}
    chosen = [c for c in sorted(counties) if len(homes.get(c, ())) >= 10]
    for n, county in enumerate(chosen):
        if n and rng.random() < 0.5:
            continue
        township = rng.choice(counties[county])[:9].ljust(12, "0")
        households = homes[county]
        rng.shuffle(households)
        share = households[: max(5, round(len(households) * HOUSEHOLD_SHARE))]
        name = f"{ctx.names.get(township, '')}易地扶贫搬迁安置区"
        built = dt.date(rng.randint(2017, 2020), rng.randint(1, 12), 1)
        sites.append(
            [
                name,
                township,
                SiteKind.RELOCATION,
                f"{ctx.names.get(township, '')}驻地",
                len(share),
                0,
                built,
                "演示数据",
            ]
        )
        settled[township] = sorted(share)
    members: dict[int, list[int]] = defaultdict(list)
    wanted = [h for share in settled.values() for h in share]
    for start in range(0, len(wanted), 10_000):
        for pid, hid in Person.objects.filter(
            household_id__in=wanted[start : start + 10_000], left_on__isnull=True
        ).values_list("id", "household_id"):
            members[hid].append(pid)
    for row in sites:
        people = sum(len(members[h]) for h in settled[str(row[1])])
        row[4] = round(int(str(row[4])) * 1.1) + 1
        row[5] = round(people * 1.1) + 1
    insert(
        RelocationSite,
        ["name", "region_id", "kind", "address", "households_planned", "people_planned", "built_on", "notes"],
        sites,
    )
    site_ids = new_ids(RelocationSite, {"region__code__startswith": ctx.prefix}, "region_id")
    residents = []
    living: dict[str, set[int]] = {}
    for row in sites:
        township, built = str(row[1]), row[6]
        assert isinstance(built, dt.date)
        living[township] = set()
        for household in settled[township]:
            moved_in = built + dt.timedelta(days=rng.randint(0, 200))
            for pid in sorted(members[household]):
                residents.append([site_ids[township], pid, moved_in, "整户搬迁"])
                living[township].add(pid)
    insert(SiteResident, ["site_id", "person_id", "moved_in_on", "notes"], residents)
    counts = {"relocation_sites": len(sites), "site_residents": len(residents)}
    counts |= _fairs(ctx, rng, sites, site_ids, living)
    return counts


def _fairs(
    ctx: Context,
    rng: random.Random,
    sites: list[list[Any]],
    site_ids: dict[str, int],
    living: dict[str, set[int]],
) -> dict[str, int]:
    labourers = {p.id: p for p in ctx.labourers if WORKING_AGE[0] <= p.age(ctx.today) <= WORKING_AGE[1]}
    fairs: list[list[Any]] = []
    offers: dict[tuple[str, str], list[tuple[str, int]]] = {}
    crowds: dict[tuple[str, str], list[Labourer]] = {}
    for row in sites:
        township = str(row[1])
        county_name = ctx.names.get(township[:6].ljust(12, "0"), "")
        residents = [labourers[p] for p in sorted(living[township]) if p in labourers]
        held = ctx.first + dt.timedelta(days=rng.randint(0, 60))
        number = 0
        while held < ctx.today - dt.timedelta(days=7) and residents:
            number += 1
            name = f"{ctx.names.get(township, '')}乐业搬迁专场招聘会（第{number}场）"
            fairs.append(
                [
                    name,
                    township,
                    site_ids[township],
                    held,
                    f"{county_name}人力资源和社会保障局",
                    "安置区社区服务中心",
                    "演示数据",
                ]
            )
            companies = rng.sample(COMPANIES, rng.randint(3, 8))
            offers[(township, name)] = [
                (f"{county_name}某{c}有限公司", rng.randint(5, 30)) for c in companies
            ]
            crowds[(township, name)] = rng.sample(residents, min(len(residents), rng.randint(20, 60)))
            held += dt.timedelta(days=FAIR_EVERY_DAYS + rng.randint(-20, 20))
    insert(JobFair, ["name", "region_id", "site_id", "held_on", "organiser", "venue", "notes"], fairs)
    fair_ids = new_ids(JobFair, {"region__code__startswith": ctx.prefix}, ("region_id", "name"))
    insert(
        FairEmployer,
        ["fair_id", "name", "posts_offered"],
        ([fair_ids[key], company, posts] for key, listed in offers.items() for company, posts in listed),
    )
    employer_ids = new_ids(FairEmployer, {"fair__region__code__startswith": ctx.prefix}, ("fair_id", "name"))
    attendees: list[list[Any]] = []
    hires: list[list[Any]] = []
    jobs: list[Job] = []
    by_key = {(str(f[1]), str(f[0])): f for f in fairs}
    for key, crowd in crowds.items():
        fair = fair_ids[key]
        held = by_key[key][3]
        assert isinstance(held, dt.date)
        places: list[list[Any]] = [[company, posts] for company, posts in offers[key]]
        for person in crowd:
            attendees.append([fair, person.id, rng.choice(JOBS)])
            if person.id in ctx.employed or person.migrant or rng.random() > 0.2:
                continue
            place = next((p for p in places if int(p[1]) > 0), None)
            start = held + dt.timedelta(days=rng.randint(3, 30))
            if place is None or start >= ctx.today:
                continue
            place[1] = int(place[1]) - 1
            end = start + dt.timedelta(days=rng.randint(60, 400)) if rng.random() < 0.3 else None
            end = end if end is not None and end < ctx.today else None
            job = rng.choice(JOBS)
            hires.append(
                [
                    fair,
                    employer_ids[(fair, str(place[0]))],
                    person.id,
                    job,
                    start,
                    end,
                    Decimal(rng.randrange(2500, 4550, 50)),
                    None,
                    "",
                ]
            )
            ctx.employed.add(person.id)
    insert(FairAttendee, ["fair_id", "person_id", "notes"], attendees)
    insert(
        FairHire,
        ["fair_id", "employer_id", "person_id", "job", "start", "end", "monthly_income", "spell_id", "notes"],
        hires,
    )
    hire_ids = new_ids(FairHire, {"fair__region__code__startswith": ctx.prefix}, ("fair_id", "person_id"))
    names = {fid: name for (_t, name), fid in fair_ids.items()}
    employers = {eid: name for (_f, name), eid in employer_ids.items()}
    regions = {fid: township for (township, _n), fid in fair_ids.items()}
    for fair, employer, pid, job, start, end, income, _spell, _notes in hires:
        person = labourers[int(pid)]
        jobs.append(
            Job(
                hire_ids[(fair, pid)],
                person.id,
                person.village,
                start,
                end,
                employers[employer],
                EmploymentKind.ENTERPRISE,
                regions[fair][:6].ljust(12, "0"),
                Level.COUNTY,
                income,
                f"专场招聘：{names[fair]}（{job}）",
            )
        )
        ctx.touched.add(person.id)
    spells = write_spells(ctx.prefix, FairHire, Source.JOB_FAIR, jobs)
    ctx.say(
        f"易地搬迁安置区：{len(sites)}个；专场招聘会{len(fairs)}场，用人单位{len(employer_ids)}家，"
        f"参会{len(attendees)}人次，录用{len(hires)}人。"
    )
    return {
        "job_fairs": len(fairs),
        "fair_employers": len(employer_ids),
        "fair_attendees": len(attendees),
        "fair_hires": len(hires),
        "spells": spells,
    }
