"""A post appointment entered by mistake is removed with its spell; a real one is not."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fangfan.audit.models import AuditEvent
from fangfan.employment.models import Employment
from fangfan.posts import services
from fangfan.posts.models import PostAppointment

pytestmark = pytest.mark.django_db


def test_an_appointment_entered_by_mistake_is_removed_with_its_spell(
    client, shanting_operator, make_post, make_person
):
    # Given an appointment with its spell
    post, person = make_post(), make_person(name="误聘")
    appointment = services.appoint(None, post, person, start=dt.date(2026, 3, 1))
    client.force_login(shanting_operator)
    assert "删除误录的聘任" in client.get(f"/posts/appointments/{appointment.pk}/").content.decode()

    # When it is removed on its page
    response = client.post(f"/posts/appointments/{appointment.pk}/remove/")

    # Then the appointment and the spell are gone, both audited
    assert response.status_code == 302
    assert not PostAppointment.objects.exists() and not Employment.objects.filter(person=person).exists()
    event = AuditEvent.objects.get(action="posts.appointment.delete")
    assert event.context == {"post": post.pk}


def test_an_appointment_with_attendance_cannot_be_removed(make_post, make_person):
    appointment = services.appoint(None, make_post(), make_person(), start=dt.date(2026, 3, 1))
    services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(20))

    with pytest.raises(ValidationError) as caught:
        services.remove_appointment(None, appointment)

    assert "已有考勤或补贴发放记录，不能删除；请办理退岗" in caught.value.messages[0]
    assert PostAppointment.objects.filter(pk=appointment.pk).exists()
    assert Employment.objects.filter(person=appointment.person).exists()


def test_another_county_cannot_remove_an_appointment(client, tengzhou_operator, make_post, make_person):
    appointment = services.appoint(None, make_post(), make_person(), start=dt.date(2026, 3, 1))
    events = AuditEvent.objects.count()
    client.force_login(tengzhou_operator)

    assert client.post(f"/posts/appointments/{appointment.pk}/remove/").status_code == 404
    assert PostAppointment.objects.filter(pk=appointment.pk).exists() and AuditEvent.objects.count() == events
