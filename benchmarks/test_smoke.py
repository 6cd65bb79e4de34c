"""Smoke versions of the benchmarks, so that they never rot: a few hundred people of one county,
every code path of every script, and the figures checked for sense (not for speed).

They run on SQLite and on PostgreSQL; what needs a server process reading the test database
(gunicorn in P5) is skipped on SQLite's in-memory test database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from conftest import SHANTING
from fangfan.registry.exporting import people_xlsx
from fangfan.registry.models import Person

COUNTY = SHANTING[:6]


@pytest.fixture(autouse=True)
def _results_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("FANGFAN_BENCH_OUT", str(tmp_path / "out"))


@pytest.fixture
def people(db):
    from fangfan.registry import demo

    demo.generate(COUNTY, 300, seed=6)
    return Person.objects.count()


@pytest.fixture
def ledger(people):
    from fangfan.employment import demo

    demo.generate(COUNTY, months=24, seed=6)
    return people


def clerk_sheet(path: Path) -> Path:
    """The people as the registry exports them unmasked: the clerk's columns, which the import reads."""
    content, _ = people_xlsx(Person.objects.all(), unmasked=True)
    path.write_bytes(content)
    return path


def titled_sheet(path: Path, plain: Path) -> Path:
    """The same people as a clerk keeps them: a title row, 公民身份号码 for 身份证号, villages by name only."""
    from python_calamine import CalamineWorkbook

    from fangfan.core import xlsx

    rows = CalamineWorkbook.from_path(str(plain)).get_sheet_by_index(0).to_python()
    drop = rows[0].index("村级区划代码")
    headers = ["公民身份号码" if h == "身份证号" else h for i, h in enumerate(rows[0]) if i != drop]
    body = [[c for i, c in enumerate(row) if i != drop] for row in rows[1:]]
    path.write_bytes(xlsx.table(["枣庄市山亭区脱贫人口台账"], [[], headers, *body]))
    return path


def test_p1_ours_and_peers_import_the_same_people(db, tmp_path):
    from benchmarks import p1_import
    from fangfan.registry import demo

    # Few people: django-import-export takes tens of milliseconds a row on PostgreSQL.
    demo.generate(COUNTY, 100, seed=6)
    people = Person.objects.count()

    sheet = clerk_sheet(tmp_path / "people.xlsx")
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
    titled = titled_sheet(tmp_path / "titled.xlsx", sheet)
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

    # 枣庄 over its six counties: a province's 152 take seconds on SQLite.
    figures = p4_report.main(["--runs", "1", "--region", "3704", "--smoke"])
    assert figures["rows"] == 7, "the city's total and a row per county"
    assert figures["xlsx_rows"] > figures["rows"]
    assert figures["naive_equals_sheet"]


@pytest.mark.django_db(transaction=True)
def test_p5_a_few_seconds_of_load(request):
    """Two users for a few seconds: gunicorn on the test database with PostgreSQL; on SQLite's
    in-memory test database, which no other process can open, the live server instead."""
    import sys

    from benchmarks import p5_load
    from fangfan.employment import demo as employment_demo
    from fangfan.registry import demo as registry_demo

    registry_demo.generate(COUNTY, 200, seed=5)
    employment_demo.generate(COUNTY, months=13, seed=5)
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
