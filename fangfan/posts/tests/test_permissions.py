"""Attendance and payments of a post are recorded only by staff whose scope holds the post's village."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from conftest import SHANTING, make_id
from fangfan.audit.models import AuditEvent
from fangfan.posts import services
from fangfan.posts.models import PostAttendance, PostPayment

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def attendance(make_post, make_person, appoint):
    """A 山亭 post with its holder's March attendance, unpaid."""
    appointment = appoint(make_post(), make_person())
    return services.record_attendance(None, appointment, MARCH, Decimal(20))


def state():
    return (
        list(PostPayment.objects.values_list("id", "amount")),
        list(PostAttendance.objects.values_list("id", "actual_days", "due")),
        AuditEvent.objects.count(),
    )


def test_a_clerk_of_another_county_cannot_pay_a_month_and_nothing_changes(attendance, tengzhou_operator):
    # given the March attendance of a 山亭 post
    before = state()

    # when a 滕州 clerk pays it
    with pytest.raises(PermissionDenied):
        services.pay(tengzhou_operator, attendance, Decimal(800), dt.date(2026, 4, 10))

    # then nothing was paid or audited
    assert state() == before


def test_a_clerk_of_another_county_cannot_record_a_payment_line_and_nothing_changes(
    attendance, tengzhou_operator
):
    # given a 山亭 post
    post = attendance.appointment.post
    person = attendance.appointment.person
    before = state()

    # when a 滕州 clerk records a line of a 发放表 for it
    with pytest.raises(PermissionDenied):
        services.record_payment_line(
            tengzhou_operator,
            post,
            name=person.name,
            id_number=person.id_number,
            month=MARCH,
            amount=Decimal(800),
            paid_on=dt.date(2026, 4, 10),
        )

    # then no line was kept and nothing was audited
    assert state() == before


def test_a_clerk_of_another_county_cannot_change_attendance_and_nothing_changes(
    attendance, tengzhou_operator
):
    before = state()

    with pytest.raises(PermissionDenied):
        services.record_attendance(tengzhou_operator, attendance.appointment, MARCH, Decimal(10))

    assert state() == before


def test_the_county_of_the_post_records_both(attendance, shanting_operator):
    # given the same post, when its own county pays the month and records a line of a 发放表
    post = attendance.appointment.post
    services.pay(shanting_operator, attendance, Decimal(800), dt.date(2026, 4, 10))
    services.record_payment_line(
        shanting_operator,
        post,
        name="李四",
        id_number=make_id(SHANTING, seq=77),
        month=MARCH,
        amount=Decimal(800),
        paid_on=dt.date(2026, 4, 10),
    )

    # then both are kept and audited as the clerk
    assert PostPayment.objects.count() == 2
    events = AuditEvent.objects.filter(action__in=["posts.payment.create", "posts.payment.import"])
    assert {(e.action, e.actor_id) for e in events} == {
        ("posts.payment.create", shanting_operator.pk),
        ("posts.payment.import", shanting_operator.pk),
    }
