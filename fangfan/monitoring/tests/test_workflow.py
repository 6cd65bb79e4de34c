"""An alert's life: assigned, helped, resolved or closed; every step audited and scoped."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import SHANTING, TENGZHOU, first_township, first_village
from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent
from fangfan.monitoring import services
from fangfan.monitoring.models import Alert, AlertRule, AlertStatus, Intervention, InterventionKind, Outcome

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def alert(make_person):
    person = make_person(first_village(SHANTING[:6]))
    return Alert.objects.create(
        rule=AlertRule.UNEMPLOYED,
        subject=f"person:{person.pk}",
        basis="none",
        region_id=person.village_id,
        person=person,
        summary="无务工记录，连续3个月以上未就业",
        detected_on=TODAY - dt.timedelta(days=20),
        due_on=TODAY - dt.timedelta(days=5),
    )


@pytest.fixture
def village_worker(make_user):
    return make_user(Role.VILLAGE_WORKER, first_village(SHANTING[:6]).code)


def state(alert):
    alert.refresh_from_db()
    return alert.status, alert.assignee_id, Intervention.objects.count(), AuditEvent.objects.count()


def test_an_alert_goes_from_new_to_resolved_and_each_step_is_audited(
    alert, shanting_operator, village_worker
):
    assert alert.overdue_on(TODAY)

    services.assign(shanting_operator, alert, village_worker)
    assert alert.status == AlertStatus.ASSIGNED
    services.intervene(
        village_worker, alert, kind=InterventionKind.JOB_REFERRAL, on=TODAY, notes="推荐到县城纺织厂"
    )
    assert (alert.status, alert.responded_on) == (AlertStatus.ACTING, TODAY)
    assert not alert.overdue_on(TODAY)
    services.intervene(village_worker, alert, kind=InterventionKind.TRAINING, on=TODAY, notes="报名电工培训")
    services.resolve(village_worker, alert, outcome=Outcome.BACK_IN_WORK, note="已在纺织厂上岗")

    assert alert.status == AlertStatus.RESOLVED and alert.resolved_at is not None
    actions = list(
        AuditEvent.objects.filter(object_type="monitoring.alert", object_id=str(alert.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.alert.assign",
        "monitoring.alert.act",
        "monitoring.alert.act",
        "monitoring.alert.resolve",
    ]
    assert AuditEvent.objects.filter(action="monitoring.intervention.create").count() == 2


def test_a_closed_alert_needs_a_reason_and_cannot_be_acted_on_again(alert, shanting_operator):
    with pytest.raises(ValidationError):
        services.close(shanting_operator, alert, reason=" ")

    services.close(shanting_operator, alert, reason="已纳入兜底保障")

    assert alert.status == AlertStatus.CLOSED
    with pytest.raises(ValidationError):
        services.intervene(shanting_operator, alert, kind=InterventionKind.OTHER, on=TODAY, notes="x")


def test_an_alert_is_assigned_only_to_township_or_village_workers_of_its_place(
    alert, shanting_operator, make_user
):
    other_village = make_user(Role.VILLAGE_WORKER, first_village(TENGZHOU[:6]).code)
    township = make_user(Role.TOWNSHIP_STATION, first_township(SHANTING[:6]).code)
    before = state(alert)

    with pytest.raises(ValidationError):
        services.assign(shanting_operator, alert, other_village)
    with pytest.raises(ValidationError):
        services.assign(shanting_operator, alert, shanting_operator)

    assert state(alert) == before
    assert list(services.assignable_users(alert)) == [township]


def test_another_county_can_neither_act_on_nor_assign_the_alert(alert, tengzhou_operator, village_worker):
    before = state(alert)

    with pytest.raises(PermissionDenied):
        services.assign(tengzhou_operator, alert, village_worker)
    with pytest.raises(PermissionDenied):
        services.intervene(
            tengzhou_operator, alert, kind=InterventionKind.SUBSIDY, on=TODAY, notes="发放稳岗补助"
        )
    with pytest.raises(PermissionDenied):
        services.resolve(tengzhou_operator, alert, outcome=Outcome.OTHER, note="x")

    assert state(alert) == before


def test_an_intervention_needs_its_facts(alert, shanting_operator):
    with pytest.raises(ValidationError) as error:
        services.intervene(shanting_operator, alert, kind="gift", on=TODAY + dt.timedelta(days=1), notes="")

    assert set(error.value.message_dict) == {"kind", "on", "notes"}
    assert alert.status == AlertStatus.NEW


def test_the_alert_list_shows_the_months_new_and_resolved_alerts_with_their_lists(
    client, shanting_operator, make_person
):
    today = timezone.localdate()
    people = [make_person() for _ in range(3)]
    for n, (person, detected, status) in enumerate(
        [
            (people[0], today, "new"),
            (people[1], today, "resolved"),
            (people[2], today - dt.timedelta(days=70), "new"),  # found before this month
        ]
    ):
        Alert.objects.create(
            rule="unemployed",
            subject=f"person:{person.pk}",
            basis=str(n),
            region_id=person.village_id,
            person=person,
            summary="x",
            status=status,
            detected_on=detected,
            due_on=detected + dt.timedelta(days=15),
            resolved_at=timezone.now() if status == "resolved" else None,
        )
    client.force_login(shanting_operator)

    page = client.get(f"/monitoring/alerts/?region={SHANTING}")

    html = page.content.decode().split('id="alert-month"')[1]
    found = re.findall(r'href="(/figures/monitoring\.(?:alerts|resolved_alerts)/[^"]+)"[^>]*>(\d+)<', html)
    assert [(url.split("/")[2], n) for url, n in found] == [
        ("monitoring.alerts", "2"),
        ("monitoring.resolved_alerts", "1"),
    ]
    for url, n in found:
        assert client.get(url.replace("&amp;", "&")).context["total"] == int(n)
