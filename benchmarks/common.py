"""What every benchmark shares: machine facts, dataset size, statistics, timing and the results file.

Each script prints the machine and the dataset at the top, measures, prints a summary table and
appends one JSON line per figure to ``benchmarks/out/results.jsonl`` (``FANGFAN_BENCH_OUT`` moves it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = Path(os.environ.get("FANGFAN_BENCH_OUT", ROOT / "benchmarks" / "out"))

# Rows of the instruments of assistance (people attached to a workshop, a project, a post, a course…).
INSTRUMENT_MODELS = (
    "workshops.WorkshopWorker",
    "workshops.WorkshopWage",
    "relief.ReliefHire",
    "posts.PostAppointment",
    "training.TrainingEnrolment",
    "cooperation.BatchMember",
    "relocation.SiteResident",
    "relocation.FairHire",
    "reports.ProjectWorker",
)


def out_dir() -> Path:
    folder = Path(os.environ.get("FANGFAN_BENCH_OUT", OUT_DIR))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----- statistics ------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], p: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default); p in [0, 100]."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": median(values),
        "p90": percentile(values, 90),
        "min": min(values) if values else math.nan,
        "max": max(values) if values else math.nan,
        "runs": len(values),
    }


# ----- timing ----------------------------------------------------------------------------------


class Stopwatch:
    """Wall-clock seconds since it was made, and named laps (a stage ends where the next one starts)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: list[tuple[str, float]] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def mark(self, name: str) -> None:
        self.marks.append((name, time.perf_counter()))

    def stages(self) -> dict[str, float]:
        """Seconds per marked stage, up to the next mark or now."""
        ends = [at for _, at in self.marks[1:]] + [time.perf_counter()]
        return {name: end - at for (name, at), end in zip(self.marks, ends, strict=True)}


@contextmanager
def timer(into: list[float]):
    """Appends the seconds the block took to ``into``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        into.append(time.perf_counter() - started)


def repeat(work: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> list[float]:
    """Seconds of ``runs`` calls of ``work``; ``before`` runs untimed ahead of each one."""
    times: list[float] = []
    for _ in range(runs):
        if before is not None:
            before()
        with timer(times):
            work()
    return times


# ----- machine and dataset ---------------------------------------------------------------------


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def require_postgresql(smoke: bool) -> None:
    """Benchmarks measure PostgreSQL; the smoke tests may run them on SQLite to exercise the code."""
    if smoke or is_postgresql():
        return
    sys.exit(
        "这些基准测试只在 PostgreSQL 上有意义：请设置 DATABASE_URL=postgres://…（或 --database-url）。\n"
        "Benchmarks run on PostgreSQL only: set DATABASE_URL or pass --database-url."
    )


def _first_line(path: str, key: str) -> str:
    """The value of the first ``key: value`` line of a /proc file; empty where there is no such file."""
    try:
        text = Path(path).read_text()
    except OSError:
        return ""
    for line in text.splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return ""


def git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine_facts() -> dict[str, Any]:
    memory = _first_line("/proc/meminfo", "MemTotal")
    facts: dict[str, Any] = {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "commit": git_commit(),
    }
    if is_postgresql():
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            facts["postgresql"] = cur.fetchone()[0]
            for name in ("shared_buffers", "work_mem", "jit", "max_connections", "effective_cache_size"):
                cur.execute(f"SHOW {name}")
                facts[name] = cur.fetchone()[0]
            cur.execute("SELECT current_database()")
            facts["database_name"] = cur.fetchone()[0]
    else:
        facts["sqlite"] = connection.Database.sqlite_version
    return facts


def _count(label: str) -> int:
    """Exact below two million rows; above, PostgreSQL's estimate (a count of 16 million takes seconds)."""
    model = apps.get_model(label)
    if is_postgresql():
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table])
            row = cur.fetchone()
        if row and row[0] > 2_000_000:
            return int(row[0])
    return model._default_manager.count()


def dataset_size() -> dict[str, Any]:
    from fangfan.registry.models import Person

    size: dict[str, Any] = {
        "people": _count("registry.Person"),
        "labourers": Person.objects.filter(is_labourer=True).count(),
        "households": _count("registry.Household"),
        "spells": _count("employment.Employment"),
        "monthly_records": _count("employment.MonthlyRecord"),
        "rollups": _count("employment.MonthlyRollup"),
        "alerts": _count("monitoring.Alert"),
        "audit_events": _count("audit.AuditEvent"),
        "instrument_rows": sum(_count(label) for label in INSTRUMENT_MODELS),
    }
    if is_postgresql():
        with connection.cursor() as cur:
            cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size["db_size"] = cur.fetchone()[0]
    return size


def header(title: str) -> dict[str, Any]:
    """Prints the machine and the dataset; returns both for the results file."""
    facts, size = machine_facts(), dataset_size()
    print(f"=== {title} ===")
    print("machine: " + ", ".join(f"{k}={v}" for k, v in facts.items()))
    print(
        "dataset: " + ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in size.items())
    )
    print(
        "(row counts above two million are PostgreSQL's estimates)" if is_postgresql() else "",
        flush=True,
    )
    return {"machine": facts, "dataset": size}


# ----- output ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return value


def record(name: str, **figures: Any) -> dict[str, Any]:
    """Appends one JSON line to the results file and prints it."""
    line = {
        "name": name,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "database": connection.vendor,
        **_plain(figures),
    }
    text = json.dumps(line, ensure_ascii=False)
    with (out_dir() / "results.jsonl").open("a", encoding="utf-8") as out:
        out.write(text + "\n")
    print(text, flush=True)
    return line


def table(rows: Sequence[Sequence[Any]], headings: Sequence[str]) -> None:
    """A plain summary table at the end of a run."""
    cells = [[str(h) for h in headings]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headings))]
    print()
    for n, row in enumerate(cells):
        print("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print(flush=True)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def seconds(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f} s"


def ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value * 1000:.0f} ms"


# ----- arguments -------------------------------------------------------------------------------


def parser(description: str) -> argparse.ArgumentParser:
    """The options every script takes. ``--database-url`` is applied by ``benchmarks/__init__.py``
    before Django connects; it is declared here for ``--help``."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL (default $DATABASE_URL)",
    )
    p.add_argument("--runs", type=int, default=5, help="runs per figure; the median is reported")
    p.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    return p


# ----- users -----------------------------------------------------------------------------------


def bench_user(username: str, role: str, region_code: str | None) -> Any:
    """A benchmark account (created if missing, through the account services, so audited). Benchmarks
    log in by session, never by password, so no lockout can count a failure; its password is random."""
    import secrets

    from fangfan.accounts import services as accounts
    from fangfan.accounts.models import User
    from fangfan.regions.models import Region

    region = Region.objects.get(code=region_code) if region_code else None
    user = User.objects.filter(username=username).first()
    if user is None:
        return accounts.create_user(
            None,
            username=username,
            password=f"Bench-{secrets.token_urlsafe(12)}-9a",
            role=role,
            region=region,
            full_name=username,
            organisation="基准测试",
        )
    return accounts.update_user(None, user, role=role, region=region)


def busiest(level: int, prefix: str = "") -> str:
    """The code of the region at ``level`` under ``prefix`` with the most people."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from fangfan.regions.codes import PREFIX_LENGTHS, Level
    from fangfan.registry.models import Person

    length = PREFIX_LENGTHS[Level(level)]
    top = (
        Person.objects.filter(village__code__startswith=prefix)
        .annotate(part=Substr("village_id", 1, length))
        .values("part")
        .annotate(n=Count("id"))
        .order_by("-n", "part")
        .first()
    )
    if top is None:
        sys.exit("数据库里没有人员：先生成数据集（seed_province）。")
    return str(top["part"]).ljust(12, "0")
