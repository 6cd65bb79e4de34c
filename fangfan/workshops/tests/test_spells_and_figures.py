import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, region
from fangfan.core import figures
from fangfan.employment.models import Employment, EmploymentKind, Source, WorkArea
from fangfan.workshops import services
from fangfan.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_a_job_in_a_workshop_is_one_employment_spell_kept_in_step(make_workshop, make_person, hire):
    workshop = make_workshop()
    person = make_person()

    worker = hire(workshop, person, start=dt.date(2026, 2, 1), monthly_wage=Decimal(2100))
    services.update_worker(None, worker, monthly_wage=Decimal(2300), job="缝纫工")
    services.end_worker(None, worker, dt.date(2026, 9, 30))

    spells = Employment.objects.filter(person=person)
    assert spells.count() == 1
    spell = spells.get()
    assert (spell.source, spell.source_ref) == (Source.WORKSHOP, f"workshops.workshopworker:{worker.pk}")
    assert (spell.kind, spell.work_area) == (EmploymentKind.WORKSHOP, WorkArea.IN_COUNTY)
    assert (spell.start, spell.end, spell.monthly_income) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 9, 30),
        Decimal(2300),
    )
    assert spell.employer == workshop.name
    worker.refresh_from_db()
    assert worker.spell_id == spell.pk


def test_a_person_from_another_county_works_in_the_province_outside_their_county(
    make_workshop, make_person, hire
):
    workshop = make_workshop()
    person = make_person(first_village(TENGZHOU[:6]))

    hire(workshop, person)

    spell = Employment.objects.get(person=person)
    assert spell.work_area == WorkArea.IN_PROVINCE
    assert spell.destination_city_id == ZAOZHUANG


def dated(workshop, **dates):
    """Set the dates directly: the figures read dates, whichever way they were set."""
    Workshop.objects.filter(pk=workshop.pk).update(**dates)
    return workshop


def test_the_workshop_figures_count_workshops_and_distinct_people(make_workshop, make_person, hire):
    first, last = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    shanting = region(SHANTING)
    one, two = make_workshop(), make_workshop()
    both = make_person(name="两处务工")
    hire(one, both)
    hire(two, both)
    hire(one, make_person(name="只在一处"))
    hire(one, make_person(name="年前离职"), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    dated(one, certified_on=dt.date(2025, 12, 1))
    dated(two, certified_on=dt.date(2025, 12, 1))
    later = dated(make_workshop(), certified_on=dt.date(2026, 7, 1))
    dated(make_workshop(), certified_on=dt.date(2024, 1, 1), exited_on=dt.date(2025, 12, 31))
    still = dated(make_workshop(), certified_on=dt.date(2024, 1, 1), exited_on=dt.date(2026, 2, 1))
    hire(later, make_person(name="未认定车间"))

    workshops = figures.get("workshops.workshops").queryset(shanting, first, last)
    people = figures.get("workshops.poverty_workers").queryset(shanting, first, last)

    assert set(workshops) == {one, two, still}
    assert sorted(p.name for p in people) == ["两处务工", "只在一处"]
    assert figures.get("workshops.poverty_workers").value(region(TENGZHOU), first, last) == 0


def test_a_job_counts_only_on_days_its_workshop_was_certified_and_not_exited(
    make_workshop, make_person, hire
):
    # Given a workshop certified on 1 March 2026 and exited on 31 May 2026, and a workshop
    # certified on 1 March 2026 still running, with jobs before, during and after those dates
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    closed, running = make_workshop(), make_workshop()
    hire(closed, make_person(name="认定前离职"), start=dt.date(2026, 1, 5), end=dt.date(2026, 2, 28))
    hire(closed, make_person(name="认定当天在岗"), start=dt.date(2026, 1, 5), end=dt.date(2026, 3, 1))
    hire(closed, make_person(name="退出当天入职"), start=dt.date(2026, 5, 31))
    hire(closed, make_person(name="退出后入职"), start=dt.date(2026, 6, 1))
    hire(running, make_person(name="认定后在岗"), start=dt.date(2026, 2, 1))
    dated(closed, certified_on=dt.date(2026, 3, 1), exited_on=dt.date(2026, 5, 31))
    dated(running, certified_on=dt.date(2026, 3, 1))

    # When the year's 吸纳脱贫人口数 is counted
    people = figures.get("workshops.poverty_workers").queryset(region(SHANTING), first, last)

    # Then only those on the job while their workshop was certified and not exited count
    assert sorted(p.name for p in people) == ["认定后在岗", "认定当天在岗", "退出当天入职"]
