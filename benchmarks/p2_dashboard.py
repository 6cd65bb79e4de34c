"""P2: the province and a county dashboard, against the same indicators by GROUP BY; a monthly import.

    python -m benchmarks.p2_dashboard --runs 30 --import-rows 100000 \\
        --database-url postgres://postgres@127.0.0.1/fangfan_hprov

The dashboard (``/monitoring/?region=…``, the full request through Django's test Client with the
middleware, logged in as a province and a county account) reads the rollups. The peer computes what
the page shows, for the same region and month, from the base table the rollups sum (the monthly
records, ``GROUP BY`` month, and per sub-region): the 24+12-month trend of the region and the four
months of each sub-region's ranking; its figures must equal the rollups'. ``--import-rows N`` builds
a monthly report of about N rows from the data (most restate a job, some change the income, some
say 未务工, some add a new job) and imports it, timing read+parse+plan and write/commit apart, until
the province's rollup of the month shows it. Goals: p50 ≤ 100 ms; the import visible ≤ 10 s.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.test import Client

from fangfan.accounts.roles import Role
from fangfan.core import xlsx
from fangfan.employment import ledger
from fangfan.employment.importing import EmploymentSpec
from fangfan.employment.models import Employment, MonthlyRecord, MonthlyRollup, WorkArea
from fangfan.employment.rules import add_months
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.monitoring.dashboard import MONTHS
from fangfan.monitoring.indicators import ROLLUP_MEASURES, Snapshot, children, series
from fangfan.regions.codes import PREFIX_LENGTHS, Level
from fangfan.regions.models import Region
from fangfan.registry.models import Person

from . import common

OWN = Q(inflow=False)
MEASURES = {
    "employed": Count("id", filter=OWN),
    "local": Count("id", filter=OWN & Q(work_area=WorkArea.IN_COUNTY)),
    "in_province": Count("id", filter=OWN & Q(work_area=WorkArea.IN_PROVINCE)),
    "out_of_province": Count("id", filter=OWN & Q(work_area=WorkArea.OUT_OF_PROVINCE)),
    "organised": Count("id", filter=OWN & Q(organised=True)),
    "income": Sum("income", filter=OWN),
    "inflow": Count("id", filter=Q(inflow=True)),
}


def _snapshot(month: Any, row: dict[str, Any]) -> Snapshot:
    return Snapshot(month=month, **{m: int(row.get(m) or 0) for m in ROLLUP_MEASURES})


def group_by(region: Region, month: Any) -> dict[str, Any]:
    """The dashboard's figures from the monthly records: the region's trend, its sub-regions' months."""
    first = add_months(month, -(MONTHS + 12 - 1))
    records: QuerySet = MonthlyRecord.objects.filter(village__code__startswith=region.prefix)
    found = {
        r["month"]: _snapshot(r["month"], r)
        for r in records.filter(month__gte=first, month__lte=month).values("month").annotate(**MEASURES)
    }
    trend = [found.get(m, Snapshot(m)) for m in (add_months(first, i) for i in range(MONTHS + 12))]
    sub_length = PREFIX_LENGTHS[Level(region.level + 1)] if region.level < Level.VILLAGE else 12
    months = [month, add_months(month, -1), add_months(month, -12), add_months(month, -13)]
    subs: dict[tuple[str, Any], Snapshot] = {}
    for r in (
        records.filter(month__in=months)
        .annotate(part=Substr("village_id", 1, sub_length))
        .values("part", "month")
        .annotate(**MEASURES)
    ):
        subs[(str(r["part"]).ljust(12, "0"), r["month"])] = _snapshot(r["month"], r)
    return {"trend": trend, "subs": subs}


def from_rollups(region: Region, month: Any) -> dict[str, Any]:
    """The same figures as the dashboard reads them."""
    subs = {(sub.code, ind.month): ind.now for sub, ind in children(region, month)}
    return {"trend": series(region, month, MONTHS + 12), "subs": subs}


def agree(region: Region, month: Any) -> bool:
    """The rollups and the GROUP BY give the same numbers (sub-regions without records are zeros)."""
    ours, peer = from_rollups(region, month), group_by(region, month)
    if ours["trend"] != peer["trend"]:
        return False
    return all(snap == peer["subs"].get(key, Snapshot(key[1])) for key, snap in ours["subs"].items())


def dashboard_times(client: Client, region: Region, runs: int) -> list[float]:
    url = f"/monitoring/?region={region.code}"
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        with common.timer(times):
            response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
    return times


def make_report(prefix: str, rows: int, seed: int, folder: Path) -> Path:
    """A month's report: most rows restate the job, ~10% a new income, ~3% 未务工, ~10% a new job."""
    rng = random.Random(seed)
    month = ledger.current_month()
    sample = list(
        Person.objects.filter(
            village__code__startswith=prefix,
            id__in=MonthlyRecord.objects.filter(month=month, inflow=False).values("person_id"),
        )
        .order_by("?")
        .values_list("id", "id_number", "name")[: int(rows * 0.9)]
    )
    idle = list(
        Person.objects.filter(village__code__startswith=prefix, is_labourer=True, left_on__isnull=True)
        .exclude(spells__isnull=False)
        .order_by("?")
        .values_list("id", "id_number", "name")[: max(rows - len(sample), 0)]
    )
    spells: dict[int, tuple] = {}
    for pid, employer, area, income, province in (
        Employment.objects.filter(person_id__in=[p[0] for p in sample], end__isnull=True)
        .order_by("person_id", "-start")
        .values_list("person_id", "employer", "work_area", "monthly_income", "destination_province__name")
    ):
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
            income = max(income + rng.choice([-600, -300, 300, 500]), 800)
        table.append(
            [name, number, f"{month:%Y-%m}", "务工", employer, labels[area], province or "", str(income), ""]
        )
    for _, number, name in idle:
        table.append([name, number, f"{month:%Y-%m}", "务工", "本县某新办企业", "县内", "", "2600", "否"])
    path = folder / "monthly-report.xlsx"
    headings = [
        "姓名",
        "身份证号",
        "统计月份",
        "务工状态",
        "务工单位",
        "务工地域",
        "务工所在省",
        "月收入",
        "有组织劳务输出",
    ]
    path.write_bytes(xlsx.table(headings, table))
    return path


def import_report(path: Path, province: Region) -> dict[str, Any]:
    """Import the report and wait until the province's rollup of the month shows it."""
    month = ledger.current_month()
    before = MonthlyRollup.objects.filter(region=province, month=month).values("employed", "income").first()
    watch = common.Stopwatch()
    watch.mark("read")
    table = read_table(path)
    seen: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        name = {"校验": "parse", "比对台账": "plan", "写入": "write"}.get(stage)
        if name and name not in seen:
            seen.add(name)
            watch.mark(name)

    outcome = engine.run(
        EmploymentSpec(None),
        table,
        commit=True,
        skip_invalid=True,
        progress=progress,
        context={"benchmark": "p2"},
    )
    watch.mark("visible")
    after = MonthlyRollup.objects.filter(region=province, month=month).values("employed", "income").first()
    stages = watch.stages()
    total = watch.elapsed()
    return {
        "rows": outcome.rows,
        "created": outcome.counts.created,
        "updated": outcome.counts.updated,
        "unchanged": outcome.counts.unchanged,
        "error_rows": outcome.error_rows,
        "committed": outcome.committed,
        "read_parse_plan": stages.get("read", 0) + stages.get("parse", 0) + stages.get("plan", 0),
        "write_commit": stages.get("write", 0),
        "rollup_read": stages.get("visible", 0),
        "seconds": total,
        "before": before,
        "after": after,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--province", help="province code (default: the one with most people)")
    p.add_argument("--county", help="county code (default: the county with most people)")
    p.add_argument("--import-rows", type=int, default=0, help="also import a monthly report of about N rows")
    p.add_argument("--seed", type=int, default=2023)
    args = p.parse_args(argv)
    common.require_postgresql(args.smoke)
    info = common.header("P2 dashboards")
    province = Region.objects.get(code=(args.province or common.busiest(Level.PROVINCE)[:2]).ljust(12, "0"))
    county = Region.objects.get(
        code=(args.county or common.busiest(Level.COUNTY, province.prefix)).ljust(12, "0")
    )
    month = min(add_months(ledger.current_month(), -1), ledger.horizon())
    figures: dict[str, Any] = {"month": month, "province": province.code, "county": county.code}
    summary = []
    for region, role in ((province, Role.PROVINCE), (county, Role.COUNTY_REVIEWER)):
        client = Client()
        client.force_login(common.bench_user(f"bench_{role}_{region.code[:6]}", role, region.code))
        page = dashboard_times(client, region, args.runs)
        peer = common.repeat(lambda region=region: group_by(region, month), args.runs)
        level = "province" if region is province else "county"
        figures[level] = {
            "page": common.spread(page),
            "p50": common.median(page),
            "group_by": common.spread(peer),
            "rollup_equals_group_by": agree(region, month),
            "employed": series(region, month, 1)[0].employed,
        }
        summary.append(
            [
                f"{level} {region.name}",
                common.ms(common.median(page)),
                common.ms(common.percentile(page, 90)),
                common.ms(common.median(peer)),
                "yes" if figures[level]["rollup_equals_group_by"] else "NO",
                "p50 ≤ 100 ms",
            ]
        )
    if args.import_rows:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            path = make_report(province.prefix, args.import_rows, args.seed, Path(folder))
            common.say(f"report written in {time.perf_counter() - started:.1f} s (untimed)")
            result = import_report(path, province)
        result["rollup_equals_group_by"] = agree(province, ledger.current_month())
        figures["import"] = result
        common.say(
            f"import of {result['rows']:,} rows: created {result['created']:,}, updated {result['updated']:,}, "
            f"unchanged {result['unchanged']:,}, error rows {result['error_rows']:,}; "
            f"province {result['before']} → {result['after']}"
        )
        imported = [
            [
                f"{result['rows']:,}",
                common.seconds(result["read_parse_plan"]),
                common.seconds(result["write_commit"]),
                common.seconds(result["seconds"]),
                "yes" if result["rollup_equals_group_by"] else "NO",
                "visible ≤ 10 s",
            ]
        ]
    common.record("p2_dashboard", **figures, **info)
    common.table(summary, ["dashboard", "p50", "p90", "GROUP BY p50", "rollup = GROUP BY", "goal"])
    if args.import_rows:
        common.table(
            imported,
            ["import rows", "read+parse+plan", "write/commit", "until visible", "rollup = GROUP BY", "goal"],
        )
    return figures


if __name__ == "__main__":
    main()
