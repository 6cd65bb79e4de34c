"""The scan: idempotent, never duplicates, respects closed episodes, resolves what cleared; audited."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fangfan.audit.models import AuditEvent
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.monitoring import scan, services
from fangfan.monitoring.models import Alert, AlertRule, AlertStatus, Outcome

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NOW = ledger.current_month()


@pytest.fixture
def lost(make_person, make_spell):
    person = make_person(name="失业者")
    make_spell(person, add_months(NOW, -6), TODAY - dt.timedelta(days=40))
    return person


def test_a_scan_raises_an_alert_with_its_deadline_and_audits_it(lost):
    result = scan.scan()

    alert = Alert.objects.get(rule=AlertRule.WORK_LOST)
    assert result.raised[AlertRule.WORK_LOST] == 1
    assert (alert.person, alert.status, alert.region_id) == (lost, AlertStatus.NEW, lost.village_id)
    assert alert.due_on == TODAY + dt.timedelta(days=15)
    assert AuditEvent.objects.filter(action="monitoring.alert.detect", object_id=str(alert.pk)).exists()


def test_scanning_again_raises_nothing_new(lost):
    scan.scan()
    count, events = Alert.objects.count(), AuditEvent.objects.count()

    again = scan.scan()

    assert sum(again.raised.values()) == 0
    assert Alert.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_a_closed_alert_is_not_raised_again_for_the_same_episode(lost):
    scan.scan()
    alert = Alert.objects.get(rule=AlertRule.WORK_LOST)
    services.close(None, alert, reason="已外出就学")

    scan.scan()

    assert Alert.objects.filter(rule=AlertRule.WORK_LOST).count() == 1


def test_back_in_work_resolves_the_alert_by_itself(lost, make_spell):
    scan.scan()
    make_spell(lost, TODAY - dt.timedelta(days=3), employer="新岗位")

    result = scan.scan()

    alert = Alert.objects.get(rule=AlertRule.WORK_LOST)
    assert result.resolved[AlertRule.WORK_LOST] == 1
    assert (alert.status, alert.outcome) == (AlertStatus.RESOLVED, Outcome.BACK_IN_WORK)
    assert AuditEvent.objects.filter(action="monitoring.alert.resolve", object_id=str(alert.pk)).exists()


def test_a_new_episode_after_resolution_raises_a_new_alert(make_person, make_spell):
    day = TODAY - dt.timedelta(days=100)
    person = make_person()
    make_spell(person, day - dt.timedelta(days=200), day - dt.timedelta(days=40))
    scan.scan(today=day)
    make_spell(person, day + dt.timedelta(days=5), day + dt.timedelta(days=20), employer="短工")

    scan.scan(today=day + dt.timedelta(days=25))
    assert Alert.objects.get(rule=AlertRule.WORK_LOST).status == AlertStatus.RESOLVED
    scan.scan(today=day + dt.timedelta(days=60))

    episodes = Alert.objects.filter(rule=AlertRule.WORK_LOST).order_by("id").values_list("basis", "status")
    assert list(episodes) == [
        ((day - dt.timedelta(days=40)).isoformat(), AlertStatus.RESOLVED),
        ((day + dt.timedelta(days=20)).isoformat(), AlertStatus.NEW),
    ]


def test_the_scan_command_reports_json(lost):
    out = StringIO()

    call_command("scan_alerts", "--region", "3704", "--json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["raised"][AlertRule.WORK_LOST] == 1
    assert data["month"] == add_months(NOW, -1).strftime("%Y-%m")
