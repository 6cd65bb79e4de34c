"""The monthly evaluation run by the scheduler or a command: once per month, in each workshop's trail."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import SHANTING, TENGZHOU, first_village
from fangfan.audit.models import AuditEvent
from fangfan.workshops import services, tasks
from fangfan.workshops.models import Track, WorkshopEvaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(staffed):
    """A certified workshop in 山亭 and one in 滕州, five workers each since 2025."""
    made = []
    for code in (SHANTING, TENGZHOU):
        workshop, _ = staffed(5, village=first_village(code[:6]), start=dt.date(2025, 1, 1))
        services.certify(None, workshop, dt.date(2025, 1, 1))
        made.append(workshop)
    return made


def run(*args):
    out = StringIO()
    call_command("evaluate_workshops", *args, stdout=out)
    return out.getvalue()


def test_the_command_evaluates_a_region_for_a_month_once(two_counties):
    shanting, _ = two_counties

    first = run("--region", SHANTING, "--month", "2026-10")
    events = AuditEvent.objects.count()
    again = run("--region", SHANTING, "--month", "2026-10")

    assert "山亭区2026年10月车间评估完成，共1个：" in first and "扶持一批1个" in first
    assert again == first
    assert AuditEvent.objects.count() == events
    assert list(WorkshopEvaluation.objects.values_list("workshop", "month", "track")) == [
        (shanting.pk, dt.date(2026, 10, 1), Track.SUPPORT)
    ]


def test_the_evaluation_is_in_the_workshops_trail(client, shanting_operator, two_counties):
    shanting, _ = two_counties
    run("--region", SHANTING, "--month", "2026-10")
    client.force_login(shanting_operator)

    page = client.get(f"/workshops/{shanting.pk}/")

    event = AuditEvent.objects.get(action="workshops.evaluation.save")
    assert event.context == {"workshop": shanting.pk, "month": "2026-10-01"}
    shown = {(e.pk, verb) for e, verb, _ in page.context["events"]}
    assert (event.pk, "评估") in shown


def test_the_scheduled_task_evaluates_last_month_everywhere(two_counties, monkeypatch):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: dt.date(2026, 11, 1))

    result = tasks.evaluate_workshops.enqueue().return_value

    assert result == {
        "month": "2026-10",
        "tracks": {"升级一批": 0, "扶持一批": 2, "新建一批": 0, "调整一批": 0},
    }
    assert WorkshopEvaluation.objects.filter(month=dt.date(2026, 10, 1)).count() == 2


@pytest.mark.parametrize(
    ("args", "message"), [(("--month", "2026-13"), "格式不正确"), (("--region", "999"), "不存在")]
)
def test_a_bad_month_or_region_is_refused_in_chinese(two_counties, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not WorkshopEvaluation.objects.exists()
