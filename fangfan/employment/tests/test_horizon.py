"""A new month appears without a button: the first write or read of the month rolls the ledger forward."""

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from conftest import ZAOZHUANG
from fangfan.accounts.roles import Role
from fangfan.employment import checks, ledger, services
from fangfan.employment.models import Horizon, MonthlyRecord, MonthlyRollup
from fangfan.employment.rules import add_months

NOW = ledger.current_month()
LAST = add_months(NOW, -1)


def as_at_the_end_of_last_month() -> None:
    """The ledger as it stood before this month began: records and rollups up to last month."""
    MonthlyRecord.objects.filter(month__gte=NOW).delete()
    MonthlyRollup.objects.filter(month__gte=NOW).delete()
    Horizon.objects.update(through=LAST)


@pytest.fixture
def behind(db, make_person, make_spell):
    working = make_person()
    make_spell(working, add_months(NOW, -3), income=3000)
    as_at_the_end_of_last_month()
    return working


def test_the_dashboard_rolls_the_ledger_forward_when_a_month_has_begun(client, make_user, behind):
    client.force_login(make_user(Role.CITY, ZAOZHUANG))

    page = client.get(f"/monitoring/?region={ZAOZHUANG}&month={NOW:%Y-%m}")

    assert page.status_code == 200
    assert Horizon.objects.get().through == NOW
    assert MonthlyRecord.objects.filter(person=behind, month=NOW).exists()
    assert page.context["ind"].now.employed == 1
    assert checks.run().clean


def test_the_first_write_of_the_month_rolls_forward_before_it_writes(behind, make_person, make_spell):
    newcomer = make_person()

    make_spell(newcomer, LAST, income=2000)

    assert set(MonthlyRecord.objects.filter(month=NOW).values_list("person_id", flat=True)) == {
        behind.pk,
        newcomer.pk,
    }
    assert checks.run().clean


def test_the_indicators_command_reads_a_rolled_ledger(behind):
    out = StringIO()

    call_command("indicators", "--region", ZAOZHUANG, "--month", NOW.strftime("%Y-%m"), "--json", stdout=out)

    assert json.loads(out.getvalue())["employed"] == 1


def test_the_roll_forward_command_is_idempotent(behind):
    first, second = StringIO(), StringIO()

    call_command("roll_forward", "--json", stdout=first)
    call_command("roll_forward", "--json", stdout=second)

    assert json.loads(first.getvalue()) == {
        "added": [NOW.strftime("%Y-%m")],
        "through": NOW.strftime("%Y-%m"),
    }
    assert json.loads(second.getvalue())["added"] == []
    assert MonthlyRecord.objects.filter(month=NOW).count() == 1
    assert checks.run().clean


@pytest.fixture
def committed(transactional_db):
    """Data the other threads can see; Django empties every table afterwards, regions included."""
    import conftest

    yield
    conftest._regions_flushed = True


def test_concurrent_readers_roll_the_month_once(committed, make_person, make_spell):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) need PostgreSQL")
    for _ in range(3):
        make_spell(make_person(), add_months(NOW, -2))
    as_at_the_end_of_last_month()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            start.wait()
            ledger.horizon()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert MonthlyRecord.objects.filter(month=NOW).count() == 3
    assert MonthlyRollup.objects.get(region_id="370000000000", month=NOW).employed == 3
    assert checks.run().clean


def test_a_roll_forward_does_not_wait_behind_a_person_being_edited(committed, make_person, make_spell):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    person = make_person()
    make_spell(person, add_months(NOW, -2))
    as_at_the_end_of_last_month()
    locked, release = threading.Event(), threading.Event()

    def edit() -> None:  # a clerk's change in progress: the person's row is locked by the service
        try:
            with transaction.atomic():
                services._lock(person.pk)
                locked.set()
                release.wait(20)
        finally:
            connections.close_all()

    clerk = threading.Thread(target=edit)
    clerk.start()
    locked.wait(10)
    try:
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '3s'")
        ledger.horizon()
    finally:
        release.set()
        clerk.join()
        with connection.cursor() as cur:
            cur.execute("RESET lock_timeout")

    assert MonthlyRecord.objects.filter(person=person, month=NOW).exists()
