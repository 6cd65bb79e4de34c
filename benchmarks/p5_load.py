"""P5: the web under load: 50 users on gunicorn with PostgreSQL, driven by locust.

    python -m benchmarks.p5_load --users 50 --seconds 120 --wait 1 3 \\
        --database-url postgres://postgres@127.0.0.1/fangfan_hprov

Prepares ``--users`` accounts (county operators of the busiest counties, their cities' and the
province's accounts among them) with a session each, written through the session engine (no
password hash, nothing the lockout could count), starts ``gunicorn fangfan.wsgi`` (``--workers``,
default 2 × cores + 1) on a free port against the same database, runs locust headless for
``--seconds`` with the task mix of ``p5_locustfile.py`` (registry list 3, person 3, dashboard 2,
附件1 page 1) and ``--wait MIN MAX`` seconds of think time (after ``--warmup`` seconds of the same
load, not counted, so that every worker has served its first requests), reads locust's CSV statistics and stops
gunicorn. ``--host URL`` runs against a server already running instead. Goal: p95 ≤ 300 ms, 0 errors.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.utils import timezone

from fangfan.accounts.roles import Role
from fangfan.regions.codes import Level
from fangfan.registry.models import Person

from . import common

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def session_for(user: Any) -> str:
    """A logged-in session, as ``django.contrib.auth.login`` would store it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def _regions(level: Level, prefix: str, count: int) -> list[str]:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from fangfan.regions.codes import PREFIX_LENGTHS

    length = PREFIX_LENGTHS[level]
    rows = (
        Person.objects.filter(village__code__startswith=prefix)
        .annotate(part=Substr("village_id", 1, length))
        .values("part")
        .annotate(n=Count("id"))
        .order_by("-n", "part")[:count]
    )
    return [str(r["part"]).ljust(12, "0") for r in rows]


def accounts(users: int, province: str) -> list[dict[str, Any]]:
    """One account per user: 1 province, up to 4 cities, the rest county operators of the busiest
    counties (round robin); each with 50 people of its region to open."""
    today = timezone.localdate()
    report = f"{today.year}/{(today.month - 1) // 3 + 1}/"
    cities = _regions(Level.CITY, province[:2], 4)
    counties = _regions(Level.COUNTY, province[:2], max(users, 1))
    plan: list[tuple[str, str, int]] = [(Role.PROVINCE, province, 2)]
    plan += [(Role.CITY, c, 4) for c in cities[: max(0, min(4, users - 1))]]
    while len(plan) < users:
        plan.append((Role.COUNTY_OPERATOR, counties[(len(plan) - 1) % len(counties)], 6))
    found = []
    for n, (role, code, length) in enumerate(plan[:users]):
        user = common.bench_user(f"bench_load_{n:02d}", role, code)
        people = list(
            Person.objects.filter(village__code__startswith=code[:length])
            .order_by("id")
            .values_list("id", flat=True)[:50]
        )
        found.append(
            {
                "username": user.username,
                "session": session_for(user),
                "region": code,
                "people": people,
                "report": f"/reports/progress/{code}/{report}",
            }
        )
    return found


def database_url() -> str:
    """The URL of the database this process uses, for gunicorn (the test database under pytest)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(workers: int, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "fangfan.settings"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "fangfan.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"],
        cwd=common.ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL if it has not exited within 30 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_locust(
    host: str, config: Path, users: int, rate: float, seconds: int, wait: list[float], out: Path
) -> dict:
    prefix = out / "locust"
    env = {**os.environ, "FANGFAN_LOCUST_CONFIG": str(config), "FANGFAN_LOCUST_WAIT": f"{wait[0]} {wait[1]}"}
    done = subprocess.run(
        [
            str(BIN / "locust"),
            "--locustfile",
            str(HERE / "p5_locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"locust wrote no statistics (exit {done.returncode}): {done.stderr[-3000:]}")
    stats = {}
    with stats_file.open(newline="") as f:
        for row in csv.DictReader(f):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or "nan"),
                "p95_ms": float(row["95%"] or "nan"),
                "p99_ms": float(row["99%"] or "nan"),
                "rps": float(row["Requests/s"]),
            }
    failures_file = Path(f"{prefix}_failures.csv")
    failures = list(csv.DictReader(failures_file.open(newline=""))) if failures_file.exists() else []
    return {"stats": stats, "failures": failures[:20], "exit": done.returncode}


def preflight(host: str, cookie: str, account: dict[str, Any]) -> dict[str, int]:
    """Each page of the mix once for one account: a wrong URL or a page that fails shows here, not
    as thousands of errors in the run."""
    paths = {
        "list": "/registry/",
        "person": f"/registry/people/{account['people'][0]}/" if account["people"] else "",
        "dashboard": f"/monitoring/?region={account['region']}",
        "report": account["report"],
    }
    statuses = {}
    for name, path in paths.items():
        if not path:
            continue
        req = urllib.request.Request(host + path, headers={"Cookie": f"{cookie}={account['session']}"})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                statuses[name] = response.status if response.url == host + path else 302
        except urllib.error.HTTPError as exc:
            statuses[name] = exc.code
    return statuses


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    p.add_argument("--seconds", type=int, default=120, help="length of the run")
    p.add_argument(
        "--wait", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"), help="think time"
    )
    p.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    p.add_argument("--province", help="province code (default: the one with most people)")
    p.add_argument("--host", help="a running server to load instead of starting gunicorn")
    p.add_argument(
        "--warmup", type=int, default=15, help="seconds of the same load first, not counted (fresh workers)"
    )
    args = p.parse_args(argv)
    common.require_postgresql(args.smoke)
    if not args.host and not common.is_postgresql():
        sys.exit("gunicorn needs a database another process can open: use PostgreSQL (or --host).")
    info = common.header("P5 web under load")
    province = (args.province or common.busiest(Level.PROVINCE)[:2]).ljust(12, "0")
    prepared = accounts(args.users, province)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        config = out / "accounts.json"
        config.write_text(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "accounts": prepared}))
        server = None
        if args.host:
            host = args.host
        else:
            port = free_port()
            server = start_gunicorn(args.workers, port, out / "gunicorn.log")
            host = f"http://127.0.0.1:{port}"
        checked = {
            a["username"]: preflight(host, settings.SESSION_COOKIE_NAME, a)
            for a in {a["username"]: a for a in (*prepared[:2], prepared[-1])}.values()
        }
        common.say(f"pages answer: {checked}")
        common.say(
            f"{args.users} users on {host} for {args.seconds} s, think time {args.wait[0]}–{args.wait[1]} s"
        )
        try:
            if args.warmup:
                common.say(f"warming up for {args.warmup} s (not counted)")
                warm = out / "warmup"
                warm.mkdir()
                run_locust(host, config, args.users, args.spawn_rate, args.warmup, args.wait, warm)
            result = run_locust(host, config, args.users, args.spawn_rate, args.seconds, args.wait, out)
        finally:
            if server is not None:
                stop(server)
    total = result["stats"].get("Aggregated", {})
    figures = {
        "preflight": checked,
        "users": args.users,
        "seconds": args.seconds,
        "wait": args.wait,
        "workers": None if args.host else args.workers,
        "warmup": args.warmup,
        "aggregated": total,
        "by_page": {k: v for k, v in result["stats"].items() if k != "Aggregated"},
        "errors": total.get("failures", 0),
        "failures": result["failures"],
    }
    common.record("p5_load", **figures, **info)
    rows = [
        [
            name,
            s["requests"],
            s["failures"],
            f"{s['p50_ms']:.0f}",
            f"{s['p95_ms']:.0f}",
            f"{s['p99_ms']:.0f}",
            f"{s['rps']:.1f}",
        ]
        for name, s in result["stats"].items()
    ]
    common.table(rows, ["page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "rps"])
    print("goal: p95 ≤ 300 ms, 0 errors")
    for failure in result["failures"]:
        print(f"  failure: {failure}")
    return figures


if __name__ == "__main__":
    main()
