"""P1: import of the registry xlsx (脱贫人口台账), validated and committed, against its peers.

    python -m benchmarks.p1_import --file var/bench/14-people-100000.xlsx --runs 3 \\
        --database-url postgres://postgres@127.0.0.1/fangfan_hp1

On a scratch database holding only regions (``load_regions``), the file is imported through
fangfan's own path (``imports.engine.run`` with the registry's ``PeopleSpec``: what the upload pages
and ``manage.py import_people --commit`` run: header detection, every cell parsed and checked,
the plan against the ledger, one transaction with audit events), ``--runs`` times with the registry
emptied between runs. Then the peers on the same file: the floor (calamine + COPY, no validation)
and django-import-export by default and with ``use_bulk``. ``--peer-rows N`` caps the rows given to
django-import-export (it takes minutes per 100k rows); its rows/s are then extrapolated, and the
output says so. Goals: 1M rows ≤ 60 s; 100k within 2× the floor and ≥ 40× import-export's default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.registry.importing import PeopleSpec
from fangfan.registry.models import Household, Person

from . import common, peers


def ours(path: Path, actor: Any = None) -> dict[str, Any]:
    """One import of ``path`` as ``manage.py import_people --commit`` does it; stages from the engine."""
    watch = common.Stopwatch()
    watch.mark("读取")
    table = read_table(path)
    seen: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in seen:
            seen.add(stage)
            watch.mark(stage)

    outcome = engine.run(
        PeopleSpec(actor),
        table,
        commit=True,
        progress=progress,
        context={"file": path.name, "command": True, "benchmark": "p1"},
    )
    seconds = watch.elapsed()
    stages = {k: v for k, v in watch.stages().items() if k != "完成"}
    if not outcome.committed:
        first = outcome.errors[:5]
        raise RuntimeError(f"import not committed: {outcome.error_rows} rows with errors, e.g. {first}")
    return {
        "rows": outcome.rows,
        "created": outcome.counts.created,
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "seconds": seconds,
        "stages": stages,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--file", type=Path, required=True, help="clerk xlsx written by seed_province --xlsx-dir")
    p.add_argument("--peer-rows", type=int, default=None, help="cap the rows django-import-export imports")
    p.add_argument("--skip-peers", action="store_true", help="only fangfan's import")
    args = p.parse_args(argv)
    common.require_postgresql(args.smoke)
    info = common.header("P1 registry import")
    peers.empty_registry()
    runs = []
    for n in range(args.runs):
        result = ours(args.file)
        runs.append(result)
        common.say(
            f"ours run {n + 1}: {result['rows']:,} rows in {result['seconds']:.2f} s ("
            + ", ".join(f"{k} {v:.2f} s" for k, v in result["stages"].items())
            + ")"
        )
        peers.empty_registry()
    times = [r["seconds"] for r in runs]
    rows = runs[0]["rows"]
    median = common.median(times)
    stage_medians = {k: common.median([r["stages"].get(k, 0.0) for r in runs]) for k in runs[0]["stages"]}
    figures: dict[str, Any] = {
        "ours": {
            **common.spread(times),
            "rows": rows,
            "people": runs[0]["people"],
            "households": runs[0]["households"],
            "rows_per_s": rows / median,
            "stages": stage_medians,
        }
    }
    if not args.skip_peers:
        floor_runs = []
        for _ in range(args.runs):
            floor_runs.append(peers.floor(args.file))
            peers.empty_registry()
        floor_median = common.median([r["seconds"] for r in floor_runs])
        figures["floor"] = {
            **common.spread([r["seconds"] for r in floor_runs]),
            "rows": floor_runs[0]["rows"],
            "people": floor_runs[0]["people"],
            "rows_per_s": floor_runs[0]["rows"] / floor_median,
        }
        for mode, use_bulk in (("import_export_default", False), ("import_export_bulk", True)):
            result = peers.import_export(args.file, use_bulk, args.peer_rows)
            peers.empty_registry()
            capped = result["rows"] < rows
            per_s = result["rows"] / result["seconds"]
            figures[mode] = {
                **result,
                "rows_per_s": per_s,
                "extrapolated_seconds": rows / per_s,
                "extrapolated": capped,
            }
            note = (
                f" (first {result['rows']:,} rows; {rows:,} rows extrapolated at that rate)" if capped else ""
            )
            common.say(
                f"{mode}: {result['rows']:,} rows in {result['seconds']:.1f} s, {per_s:,.0f} rows/s{note}"
            )
        figures["ratios"] = {
            "ours_vs_floor": median / floor_median,
            "import_export_default_vs_ours": figures["import_export_default"]["extrapolated_seconds"]
            / median,
            "import_export_bulk_vs_ours": figures["import_export_bulk"]["extrapolated_seconds"] / median,
        }
    common.record("p1_import", file=str(args.file), **figures, **info)
    summary = [
        ["fangfan (engine + PeopleSpec)", rows, common.seconds(median), figures["ours"]["rows_per_s"], "", ""]
    ]
    if "floor" in figures:
        r = figures["ratios"]
        summary.append(
            [
                "floor (calamine + COPY)",
                figures["floor"]["rows"],
                common.seconds(floor_median),
                figures["floor"]["rows_per_s"],
                f"ours {r['ours_vs_floor']:.2f}× floor",
                "goal ≤ 2×",
            ]
        )
        for mode, ratio in (
            ("import_export_default", r["import_export_default_vs_ours"]),
            ("import_export_bulk", r["import_export_bulk_vs_ours"]),
        ):
            f = figures[mode]
            summary.append(
                [
                    f"django-import-export {'use_bulk' if 'bulk' in mode else 'default'}",
                    f["rows"],
                    common.seconds(f["seconds"]) + (" (capped)" if f["extrapolated"] else ""),
                    f["rows_per_s"],
                    f"ours {ratio:.0f}× faster",
                    "goal ≥ 40×" if "default" in mode else "",
                ]
            )
    common.table(summary, ["path", "rows", "median", "rows/s", "ratio", "goal"])
    print("stages of ours (median): " + ", ".join(f"{k} {v:.2f} s" for k, v in stage_medians.items()))
    return figures


if __name__ == "__main__":
    main()
