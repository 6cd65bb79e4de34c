"""A large monthly report never seems to stall: planning and writing report their progress."""

import itertools

import pytest
from django.db import connection, connections, transaction

from fangfan.employment import ledger
from fangfan.employment.importing import LEDGER_STAGE, PLAN_STAGE, WRITE_STAGE, EmploymentSpec
from fangfan.employment.models import MonthlyRecord
from fangfan.employment.rules import add_months
from fangfan.imports import engine
from fangfan.imports import services as imports
from fangfan.imports.models import ImportBatch
from fangfan.imports.reader import read_table

from .test_import import row, sheet

NOW = ledger.current_month()
LAST = add_months(NOW, -1)


@pytest.mark.django_db
def test_planning_and_writing_report_their_progress_row_by_row(tmp_path, make_person, monkeypatch):
    people = [make_person() for _ in range(4)]
    path = sheet(tmp_path, [row(p, LAST, income=3000 + i) for i, p in enumerate(people)])
    clock = itertools.count(step=1.0)
    monkeypatch.setattr(engine.time, "monotonic", lambda: next(clock))  # every report passes the throttle
    monkeypatch.setattr(ledger, "CHUNK", 2)  # the ledger then moves in two steps
    seen: list[tuple[str, int, int]] = []

    outcome = engine.run(
        EmploymentSpec(None), read_table(path), commit=True, progress=lambda *step: seen.append(step)
    )

    assert outcome.committed and MonthlyRecord.objects.filter(month=LAST).count() == 4
    stages = [stage for stage, _, _ in seen]
    assert stages == sorted(stages, key=["校验", PLAN_STAGE, "写入", WRITE_STAGE, LEDGER_STAGE, "完成"].index)
    assert [done for stage, done, _ in seen if stage == PLAN_STAGE] == [0, 1, 2, 3, 4]
    assert [done for stage, done, _ in seen if stage == WRITE_STAGE] == [0, 4]
    assert [done for stage, done, _ in seen if stage == LEDGER_STAGE] == [2, 4]
    assert {total for _, _, total in seen} == {4}


@pytest.fixture
def committed(transactional_db):
    import conftest

    yield
    conftest._regions_flushed = True


def test_progress_written_inside_the_commit_is_seen_by_the_page_at_once(committed, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: the page sees a commit's progress when it ends")
    from conftest import SHANTING
    from fangfan.accounts.roles import Role

    user = make_user(Role.COUNTY_OPERATOR, SHANTING)
    batch = ImportBatch.objects.create(
        kind="employment",
        file="imports/report.xlsx",
        original_name="report.xlsx",
        sha256="0" * 64,
        uploaded_by=user,
        region=user.region,
        status="committing",
    )
    report = imports._progress(batch, "committing")
    page = connections.create_connection("default")  # another request, polling the batch

    try:
        with transaction.atomic():
            report(WRITE_STAGE, 5, 10)
            with page.cursor() as cur:
                cur.execute("SELECT stage, done, total FROM imports_importbatch WHERE id = %s", [batch.pk])
                seen = cur.fetchone()
    finally:
        page.close()

    assert seen == (WRITE_STAGE, 5, 10)
