"""Smoke versions of the benchmarks, so that they never rot: a few hundred people of one county,
every code path of every script, and the figures checked for sense (not for speed).

They run on SQLite and on PostgreSQL; what needs a server process reading the test database
(gunicorn in P5) is skipped on SQLite's in-memory test database.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from fangfan.registry.models import Person

SHANXI = "14"


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def _results_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("FANGFAN_BENCH_OUT", str(tmp_path / "out"))


def seed(labourers: int, months: int = 24, *extra: str) -> None:
    """A tiny province through the dataset generator the real runs use."""
    call_command(
        "seed_province", "--province", SHANXI, "--labourers", str(labourers), "--months", str(months),
        "--seed", "6", *extra, stdout=io.StringIO(),
    )  # fmt: skip


@pytest.fixture
def ledger(db):
    seed(300)
    return Person.objects.count()


def clerk_sheet(folder: Path, rows: int) -> Path:
    """The generator's clerk workbook (title rows, the clerk's column names) of a province that is
    then rolled back: P1 needs a database holding only regions."""
    try:
        with transaction.atomic():
            seed(rows, 1, "--xlsx-dir", str(folder), "--xlsx-rows", str(rows))
            raise Rollback
    except Rollback:
        pass
    assert not Person.objects.exists()
    return folder / f"{SHANXI}-people-{rows}.xlsx"


def names_only(path: Path, plain: Path) -> Path:
    """The same workbook without 村级区划代码: villages by 县/乡镇/村 names only."""
    from python_calamine import CalamineWorkbook

    from fangfan.core import xlsx

    rows = CalamineWorkbook.from_path(str(plain)).get_sheet_by_index(0).to_python()
    at = next(i for i, row in enumerate(rows) if "村级区划代码" in row)
    drop = rows[at].index("村级区划代码")
    body = [[c for i, c in enumerate(row) if i != drop] for row in rows]
    path.write_bytes(xlsx.table([str(body[0][0])], body[1:]))
    return path


def test_p1_ours_and_peers_import_the_same_people(db, tmp_path):
    from benchmarks import p1_import

    # Few rows: django-import-export takes tens of milliseconds a row on PostgreSQL.
    people = 100
    sheet = clerk_sheet(tmp_path, people)

    figures = p1_import.main(["--file", str(sheet), "--runs", "2", "--smoke"])
    assert figures["ours"]["rows"] == people
    assert figures["ours"]["people"] == people
    assert figures["floor"]["people"] == people
    assert figures["import_export_default"]["people"] == people
    assert figures["import_export_bulk"]["people"] == people
    assert figures["import_export_default"]["errors"] == 0
    assert set(figures["ours"]["stages"]) >= {"读取", "校验", "写入"}
    assert figures["ratios"]["ours_vs_floor"] > 0
    assert (tmp_path / "out" / "results.jsonl").exists()
    titled = names_only(tmp_path / "titled.xlsx", sheet)
    capped = p1_import.main(["--file", str(titled), "--runs", "1", "--peer-rows", "30", "--smoke"])
    assert capped["ours"]["people"] == capped["floor"]["people"] == people
    assert capped["import_export_default"]["rows"] == 30
    assert capped["import_export_default"]["extrapolated"]
    assert Person.objects.count() == 0, "the scratch registry is left empty"
    assert connection.vendor in ("sqlite", "postgresql")


def test_p2_rollups_equal_the_group_by(ledger):
    from benchmarks import p2_dashboard

    figures = p2_dashboard.main(["--runs", "2", "--import-rows", "60", "--smoke"])
    assert figures["province"]["rollup_equals_group_by"]
    assert figures["county"]["rollup_equals_group_by"]
    assert figures["county"]["employed"] > 0
    assert figures["province"]["employed"] >= figures["county"]["employed"]
    result = figures["import"]
    assert result["committed"] and result["rows"] > 0
    assert result["created"] + result["updated"] + result["unchanged"] > 0
    assert result["rollup_equals_group_by"], "the import's deltas reached the rollups"


def test_p3_scan_counts(ledger):
    from benchmarks import p3_scan
    from fangfan.monitoring.models import Alert

    figures = p3_scan.main(["--runs", "2", "--smoke"])
    assert figures["first"]["raised"] == Alert.objects.count() - figures["alerts_before"] - sum(
        r["raised"] for r in figures["runs"][1:]
    )
    assert figures["runs"][1]["raised"] == 0, "a second scan raises nothing new"


def test_p4_writes_a_sheet_that_opens(ledger):
    from benchmarks import p4_report

    # A city over its counties: a province's hundred-odd take seconds on SQLite.
    from benchmarks.common import busiest
    from fangfan.regions.codes import Level
    from fangfan.regions.models import Region

    city = busiest(Level.CITY, SHANXI)
    counties = Region.objects.filter(parent_id=city, level=Level.COUNTY).count()
    figures = p4_report.main(["--runs", "1", "--region", city, "--smoke"])
    assert figures["rows"] == counties + 1, "the city's total and a row per county"
    assert figures["xlsx_rows"] > figures["rows"]
    assert figures["naive_equals_sheet"]


@pytest.mark.django_db(transaction=True)
def test_p5_a_few_seconds_of_load(request):
    """Two users for a few seconds: gunicorn on the test database with PostgreSQL; on SQLite's
    in-memory test database, which no other process can open, the live server instead."""
    import sys

    from benchmarks import p5_load

    seed(200, 13)
    argv = [
        "--users",
        "2",
        "--spawn-rate",
        "2",
        "--seconds",
        "3",
        "--wait",
        "0.1",
        "0.3",
        "--warmup",
        "0",
        "--smoke",
    ]
    if connection.vendor == "postgresql":
        argv += ["--workers", "1"]
    else:
        argv += ["--host", request.getfixturevalue("live_server").url]
    try:
        figures = p5_load.main(argv)
    finally:
        # Django empties every table after a transactional test; the next test gets the regions back.
        sys.modules["conftest"]._regions_flushed = True
    for account, pages in figures["preflight"].items():
        assert pages == {"list": 200, "person": 200, "dashboard": 200, "report": 200}, account
    total = figures["aggregated"]
    assert total["requests"] > 0
    assert figures["errors"] == 0, figures["failures"]
    assert set(figures["by_page"]) <= {"list", "person", "dashboard", "report"}
