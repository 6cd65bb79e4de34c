"""A person marked left (死亡、迁出…) is counted up to the month they left, and never after."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fangfan.audit.models import AuditEvent
from fangfan.employment import checks, ledger, services
from fangfan.employment.models import Employment, MonthlyRecord, Source
from fangfan.employment.rules import SpellFacts, add_months, month_facts
from fangfan.registry import services as registry
from fangfan.registry.models import Person

from .test_import import row as report_row
from .test_import import run, sheet
from .test_ledger import rollup

pytestmark = pytest.mark.django_db

NOW = ledger.current_month()
LAST = add_months(NOW, -1)


def test_the_counting_rule_stops_after_the_month_a_person_left():
    spell = SpellFacts(1, dt.date(2025, 1, 1), None, "in_county", 3000, False)

    assert month_facts([spell], dt.date(2025, 3, 1), left_on=dt.date(2025, 3, 10)) is not None
    assert month_facts([spell], dt.date(2025, 4, 1), left_on=dt.date(2025, 3, 10)) is None
    assert month_facts([spell], dt.date(2025, 4, 1)) is not None


def test_marking_a_person_left_ends_their_jobs_and_their_later_months(
    make_person, make_spell, shanting_operator
):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -5), income=3000)
    left_on = add_months(NOW, -2) + dt.timedelta(days=14)

    registry.mark_left(shanting_operator, person, left_on, "deceased")

    spell.refresh_from_db()
    assert spell.end == left_on
    event = AuditEvent.objects.get(action="employment.spell.update", object_id=str(spell.pk))
    assert event.actor == shanting_operator
    assert event.after == {"end": left_on.isoformat()}
    months = set(MonthlyRecord.objects.filter(person=person).values_list("month", flat=True))
    assert max(months) == add_months(NOW, -2)
    assert rollup("3704", add_months(NOW, -2))["employed"] == 1
    assert rollup("3704", LAST)["employed"] == rollup("3704", NOW)["employed"] == 0
    assert checks.run().clean


def test_an_instruments_job_stays_open_but_is_not_counted_after_the_person_left(make_person, make_spell):
    person = make_person()
    owned = make_spell(person, add_months(NOW, -4), source=Source.WORKSHOP, source_ref="workshops.worker:9")

    registry.mark_left(None, person, add_months(NOW, -3), "moved")

    owned.refresh_from_db()
    assert owned.end is None  # the workshop ends it when it records the departure
    assert rollup("3704", add_months(NOW, -3))["employed"] == 1
    assert rollup("3704", add_months(NOW, -2))["employed"] == 0
    assert checks.run().clean


def test_a_new_month_is_not_written_for_a_person_who_left(make_person, make_spell):
    person = make_person()
    make_spell(person, add_months(NOW, -3))
    Person.objects.filter(pk=person.pk).update(left_on=LAST, left_reason="moved")  # spells left open
    ledger.refresh_people([person.pk])

    ledger.roll_forward(add_months(NOW, 1))

    assert not MonthlyRecord.objects.filter(person=person, month__gt=LAST).exists()
    assert checks.run().clean


def test_no_job_can_begin_after_the_person_left(make_person):
    person = make_person()
    registry.mark_left(None, person, add_months(NOW, -2), "deceased")

    with pytest.raises(ValidationError) as error:
        services.create_spell(
            None,
            person,
            start=LAST,
            end=None,
            employer="某厂",
            kind="enterprise",
            work_area="in_county",
            monthly_income=3000,
        )

    assert "已于" in str(error.value)
    assert not Employment.objects.exists()


def test_the_monthly_report_refuses_months_after_the_person_left(tmp_path, make_person):
    person = make_person()
    registry.mark_left(None, person, add_months(NOW, -2), "moved")

    code, data = run(sheet(tmp_path, [report_row(person, LAST)]), "--commit")

    assert code == 1
    assert "已于" in data["errors"][0]["message"] and data["errors"][0]["column"] == "统计月份"
    assert not Employment.objects.exists()


def test_the_person_page_still_shows_the_history_of_a_person_who_left(
    client, shanting_operator, tengzhou_operator, make_person, make_spell
):
    person = make_person(name="钱八")
    make_spell(person, add_months(NOW, -30), employer="山亭某建材厂", income=2600)
    left_on = add_months(NOW, -27) + dt.timedelta(days=3)
    registry.mark_left(None, person, left_on, "deceased")
    client.force_login(shanting_operator)

    page = client.get(f"/registry/people/{person.pk}/")

    html = page.content.decode()
    section = next(s for s in page.context["sections"] if s.key == "employment")
    assert "山亭某建材厂" in html and 'id="left-note"' in html
    assert "新增务工记录" not in html
    assert section.context["history"][0] == (
        add_months(NOW, -27),
        MonthlyRecord.objects.get(person=person, month=add_months(NOW, -27)),
    )
    client.force_login(tengzhou_operator)
    assert client.get(f"/registry/people/{person.pk}/").status_code == 404
