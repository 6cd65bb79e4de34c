"""Province-scale checks of the monitoring goals (issue 3), on the database in DATABASE_URL.

    python benchmarks/province.py setup --people 1000000   # labourers, spells, ledger (once)
    python benchmarks/province.py dashboard               # p50 of the province dashboard
    python benchmarks/province.py import --rows 100000    # a monthly report: commit → rollups
    python benchmarks/province.py scan                    # a full early-warning scan

Goals: dashboard p50 ≤ 100 ms; a 100k-row import visible in the rollups within 10 s of
commit; a full scan of 1M people ≤ 30 s. Meant for PostgreSQL; results in README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfan.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from fangfan.accounts.models import User  # noqa: E402
from fangfan.accounts.roles import Role  # noqa: E402
from fangfan.core import bulk, xlsx  # noqa: E402
from fangfan.employment import checks, demo, ledger  # noqa: E402
from fangfan.employment.importing import EmploymentSpec  # noqa: E402
from fangfan.employment.models import Employment, MonthlyRecord, MonthlyRollup  # noqa: E402
from fangfan.employment.rules import add_months  # noqa: E402
from fangfan.imports import engine  # noqa: E402
from fangfan.imports.reader import read_table  # noqa: E402
from fangfan.monitoring import scan  # noqa: E402
from fangfan.regions.models import Region  # noqa: E402
from fangfan.registry.demo import Generator  # noqa: E402
from fangfan.registry.idnumber import check_char  # noqa: E402
from fangfan.registry.models import Household, Person  # noqa: E402

PROVINCE = "37"
CHUNK = 50_000


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup(people: int, seed: int) -> None:
    rng = random.Random(seed)
    if Person.objects.filter(village__code__startswith=PROVINCE).exists():
        say("people already present: skipping their generation")
    else:
        make_people(rng, people, seed)
    if Employment.objects.exists():
        say("spells already present: skipping their generation")
    else:
        make_spells(rng)
    build_ledger()


def make_people(rng: random.Random, people: int, seed: int) -> None:
    names = Generator(seed)
    villages = list(Region.objects.filter(code__startswith=PROVINCE, level=5).values_list("code", flat=True))
    start = time.monotonic()
    households = people // 2
    numbers = [f"B{PROVINCE}{n:08d}" for n in range(households)]
    homes = [rng.choice(villages) for _ in range(households)]
    bulk.insert_rows(
        Household,
        ["number", "village_id", "household_type", "monitoring_category", "other_annual_income"],
        ([n, v, "exited", "", rng.randrange(2000, 12000)] for n, v in zip(numbers, homes, strict=True)),
    )
    ids = dict(Household.objects.filter(number__startswith=f"B{PROVINCE}").values_list("number", "id"))
    say(f"{households} households in {time.monotonic() - start:.0f}s")

    def rows():
        for k in range(people):
            house = k // 2
            village = homes[house]
            birth = dt.date(1966, 1, 1) + dt.timedelta(days=k % 14_600)
            male = k % 2 == 0
            first17 = f"{village[:6]}{birth:%Y%m%d}{(k // 14_600) * 2 + (1 if male else 0):03d}"
            sex = "M" if male else "F"
            yield [
                ids[numbers[house]],
                names.name(sex),
                first17 + check_char(first17),
                birth,
                sex,
                "head" if k % 2 == 0 else "spouse",
                "junior",
                "healthy",
                "",
                "",
                "ordinary",
                "",
                "",
                village,
                "",
                "",
            ]

    bulk.insert_rows(
        Person,
        [
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
        ],
        rows(),
    )
    say(f"{people} labourers in {time.monotonic() - start:.0f}s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def make_spells(rng: random.Random) -> None:
    spells_started = time.monotonic()
    today = ledger.current_month() + dt.timedelta(days=27)
    first = add_months(ledger.current_month(), -24)
    spell_rows = []
    for pid, village in (
        Person.objects.filter(village__code__startswith=PROVINCE)
        .values_list("id", "village_id")
        .iterator(chunk_size=50_000)
    ):
        spell_rows.extend(demo.history(rng, pid, village, first, today))
    bulk.insert_rows(Employment, demo.ATTRS, spell_rows)
    say(f"{len(spell_rows)} spells in {time.monotonic() - spells_started:.0f}s")


def build_ledger() -> None:
    """Records person by person (Python, the counting rule), then every rollup in SQL."""
    started = time.monotonic()
    done = set(MonthlyRecord.objects.values_list("person_id", flat=True).distinct())
    person_ids = sorted(set(Employment.objects.values_list("person_id", flat=True)) - done)
    total = 0
    for i in range(0, len(person_ids), CHUNK):
        with transaction.atomic():
            total += ledger.refresh_people(person_ids[i : i + CHUNK], rollups=False)
        say(
            f"  records: {min(i + CHUNK, len(person_ids))} people, {total} records, {time.monotonic() - started:.0f}s"
        )
    rollups_started = time.monotonic()
    checks.rebuild_rollups()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    say(
        f"rollups rebuilt in {time.monotonic() - rollups_started:.0f}s; ledger built in {time.monotonic() - started:.0f}s"
    )


def province_user() -> User:
    user = User.objects.filter(username="bench_province").first()
    if user is None:
        user = User.objects.create_user("bench_province", role=Role.PROVINCE, region_id="370000000000")
    return user


def dashboard(runs: int) -> None:
    client = Client()
    client.force_login(province_user())
    url = "/monitoring/?region=370000000000"
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    counts = []
    for _ in range(max(5, runs // 3)):
        started = time.perf_counter()
        assert client.get("/monitoring/alert-counts/?region=370000000000").status_code == 200
        counts.append((time.perf_counter() - started) * 1000)
    say(f"alert counts (loaded after the page): p50 {statistics.median(counts):.0f} ms")
    say(
        f"province dashboard: p50 {statistics.median(times):.0f} ms, p90 {sorted(times)[int(runs * 0.9) - 1]:.0f} ms, "
        f"min {min(times):.0f} ms over {runs} requests ({MonthlyRecord.objects.count()} monthly records)"
    )


def monthly_report(rows: int, seed: int) -> None:
    run_import(make_report(rows, seed))


def make_report(rows: int, seed: int) -> Path:
    """A month's report: most rows restate the job, 10% a new income, 3% 未务工, 10% a new job."""
    rng = random.Random(seed)
    month = ledger.current_month()
    sample = list(
        Person.objects.filter(
            village__code__startswith=PROVINCE,
            id__in=MonthlyRecord.objects.filter(month=month).values("person_id"),
        )
        .order_by("?")
        .values_list("id", "id_number", "name")[: int(rows * 0.9)]
    )
    idle = list(
        Person.objects.filter(village__code__startswith=PROVINCE)
        .exclude(spells__isnull=False)
        .order_by("?")
        .values_list("id", "id_number", "name")[: rows - len(sample)]
    )
    spells = {}
    for pid, employer, area, income, province in Employment.objects.filter(
        person_id__in=[p[0] for p in sample], end__isnull=True
    ).values_list("person_id", "employer", "work_area", "monthly_income", "destination_province__name"):
        spells.setdefault(pid, (employer, area, income, province))
    labels = {"in_county": "县内", "in_province": "省内县外", "out_of_province": "省外"}
    table = []
    for pid, number, name in sample:
        if pid not in spells:
            continue
        employer, area, income, province = spells[pid]
        roll = rng.random()
        if roll < 0.03:
            table.append([name, number, f"{month:%Y-%m}", "未务工", "", "", "", "", ""])
            continue
        if roll < 0.13:
            income = income + rng.choice([-600, -300, 300, 500])
        table.append(
            [name, number, f"{month:%Y-%m}", "务工", employer, labels[area], province or "", str(income), ""]
        )
    for _, number, name in idle:
        table.append([name, number, f"{month:%Y-%m}", "务工", "本县某新办企业", "县内", "", "2600", "否"])
    path = Path(tempfile.mkdtemp()) / "report.xlsx"
    path.write_bytes(
        xlsx.table(
            [
                "姓名",
                "身份证号",
                "统计月份",
                "务工状态",
                "务工单位",
                "务工地域",
                "务工所在省",
                "月收入",
                "有组织劳务输出",
            ],
            table,
        )
    )
    say(f"report of {len(table)} rows written")
    return path


def run_import(path: Path) -> None:
    month = ledger.current_month()
    before = MonthlyRollup.objects.get(region_id="370000000000", month=month)
    read_started = time.monotonic()
    data = read_table(path)
    spec = EmploymentSpec(None)
    phases = {}

    def progress(stage: str, done: int, total: int) -> None:
        phases.setdefault(stage, time.monotonic())

    outcome = engine.run(
        spec, data, commit=True, skip_invalid=True, progress=progress, context={"benchmark": True}
    )
    ended = time.monotonic()
    after = MonthlyRollup.objects.get(region_id="370000000000", month=month)
    write_started = phases.get("写入", read_started)
    say(
        f"import: {outcome.rows} rows, created {outcome.counts.created}, updated {outcome.counts.updated}, "
        f"unchanged {outcome.counts.unchanged}, errors {outcome.error_rows}"
    )
    say(
        f"import timings: read+parse+plan {write_started - read_started:.1f}s, "
        f"commit (spells, audit, records, rollups) {ended - write_started:.1f}s, total {ended - read_started:.1f}s"
    )
    say(
        f"province {month:%Y-%m} employed {before.employed} → {after.employed}, income {before.income} → {after.income}"
    )


def full_scan() -> None:
    result = scan.scan()
    say(
        f"scan: {result.seconds:.1f}s, found {dict(result.found)}, raised {dict(result.raised)}, resolved {dict(result.resolved)}"
    )
    result = scan.scan()
    say(f"scan again: {result.seconds:.1f}s, raised {sum(result.raised.values())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["setup", "dashboard", "import", "scan"])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    if args.step == "setup":
        setup(args.people, args.seed)
    elif args.step == "dashboard":
        dashboard(args.runs)
    elif args.step == "import":
        monthly_report(args.rows, args.seed)
    else:
        full_scan()


if __name__ == "__main__":
    main()
