"""P3: the early-warning scan (``fangfan.monitoring.scan.scan``) over every person.

    python -m benchmarks.p3_scan --runs 3 --database-url postgres://postgres@127.0.0.1/fangfan_hprov

Each run is the routine scan as the task runs it (roll forward, every rule, new alerts raised and
audited, cleared ones resolved). A scan of a database with no alerts yet raises them all at once:
that first run is reported apart, and the goal (≤ 30 s over 1M people) is the median of the runs
after it. ``--region CODE`` scans one region only.
"""

from __future__ import annotations

from typing import Any

from fangfan.monitoring import scan
from fangfan.monitoring.models import Alert
from fangfan.regions.models import Region

from . import common


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--region", help="scan only this region (default: all)")
    args = p.parse_args(argv)
    common.require_postgresql(args.smoke)
    info = common.header("P3 early-warning scan")
    region = Region.objects.get(code=args.region.ljust(12, "0")) if args.region else None
    open_before = Alert.objects.count()
    runs = []
    for n in range(args.runs):
        times: list[float] = []
        with common.timer(times):
            result = scan.scan(region)
        runs.append(
            {
                "seconds": times[0],
                "found": sum(result.found.values()),
                "raised": sum(result.raised.values()),
                "resolved": sum(result.resolved.values()),
                "by_rule": result.as_json(),
            }
        )
        common.say(
            f"scan {n + 1}: {times[0]:.2f} s, found {dict(result.found)}, raised {dict(result.raised)}, "
            f"resolved {dict(result.resolved)}"
        )
    routine = runs[1:] if len(runs) > 1 else runs
    figures = {
        "region": region.code if region else None,
        "alerts_before": open_before,
        "alerts_after": Alert.objects.count(),
        "first": runs[0],
        "routine": common.spread([r["seconds"] for r in routine]),
        "all": common.spread([r["seconds"] for r in runs]),
        "runs": runs,
    }
    common.record("p3_scan", **figures, **info)
    rows = [
        [
            f"scan {n + 1}" + (" (first)" if n == 0 else ""),
            common.seconds(r["seconds"]),
            r["found"],
            r["raised"],
            r["resolved"],
        ]
        for n, r in enumerate(runs)
    ]
    rows.append(
        ["median of routine runs", common.seconds(figures["routine"]["median"]), "", "", "goal ≤ 30 s"]
    )
    common.table(rows, ["run", "seconds", "found", "raised", "resolved"])
    return figures


if __name__ == "__main__":
    main()
