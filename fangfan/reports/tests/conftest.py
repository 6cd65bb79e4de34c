"""Fixtures of the reports app: regions, users, and Shanting's records of every instrument,
made through the instruments' own services and counted by the real figures of 附件1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, make_id, region
from fangfan.accounts.roles import Role
from fangfan.regions.models import Region
from fangfan.registry.models import Person
from fangfan.reports import definitions
from fangfan.training import services as training

from . import instruments as make


@pytest.fixture
def shanting():
    return region(SHANTING)


@pytest.fixture
def tengzhou():
    return region(TENGZHOU)


@pytest.fixture
def zaozhuang():
    return region(ZAOZHUANG)


def townships(county: Region) -> list[Region]:
    return list(Region.objects.filter(parent=county).order_by("code"))


def village_of(township: Region) -> Region:
    return first_village(township.prefix)


@pytest.fixture
def shanting_reviewer(make_user):
    return make_user(Role.COUNTY_REVIEWER, SHANTING, full_name="山亭审核员", phone="0632-8811223")


@pytest.fixture
def tengzhou_reviewer(make_user):
    return make_user(Role.COUNTY_REVIEWER, TENGZHOU)


@pytest.fixture
def city_user(make_user):
    return make_user(Role.CITY, ZAOZHUANG, full_name="枣庄市审核人")


@pytest.fixture
def province_user(make_user):
    return make_user(Role.PROVINCE, "370000000000")


# 附件1 of Shanting over its townships for 2026, as ``shanting_records`` builds it: (total, first
# township, second township) of every column, in the form's order.
EXPECTED = {
    "alliances": (1, 0, 0),
    "brands": (2, 0, 0),
    "bases": (1, 1, 0),
    "cooperatives": (1, 0, 1),
    "workshops": (1, 1, 0),
    "workshop_poverty_workers": (5, 5, 0),
    "relief_local_workers": (3, 0, 3),
    "relief_poverty_workers": (2, 0, 2),
    "post_holders": (1, 1, 0),
    "trainees": (5, 3, 3),
    "relocation_employed": (2, 0, 2),
    "job_fairs": (1, 1, 0),
}
assert list(EXPECTED) == [c.key for c in definitions.COLUMNS]


def expected(position: int) -> list[int]:
    """One line of ``EXPECTED``: 0 the total, 1 the first township, 2 the second."""
    return [values[position] for values in EXPECTED.values()]


@dataclass
class Records:
    people: list[Person]
    first: Region
    second: Region
    courses: list


@pytest.fixture
def shanting_records(make_person, shanting) -> Records:
    """Records of every instrument in Shanting in 2026 (see ``EXPECTED``): five 脱贫 people, three
    in the first township's village and two in the second's; an alliance and two brands on the
    county itself (they register at county level); a base, a workshop employing all five, a post,
    a course of the first three and a job fair in the first township; a cooperative, a work-relief
    project hiring the other two and a local villager, a course of those two and the first person
    (who thus counts in both townships and once in the total) and a relocation site where the two
    live in the second."""
    first, second = townships(shanting)[:2]
    here, there = village_of(first), village_of(second)
    people = [make_person(here) for _ in range(3)] + [make_person(there) for _ in range(2)]
    make.alliance(shanting)
    make.brand(shanting)
    make.brand(shanting, certified=dt.date(2025, 4, 1))
    make.base(here)
    make.cooperative(there)
    make.workshop(here, staff=[(p, dt.date(2025, 1, 1), None) for p in people])
    project = make.relief_project(there)
    for person in people[3:]:
        make.relief_hire(project, there, person.name, person.id_number, dt.date(2026, 3, 1))
    make.relief_hire(project, there, "本村村民", make_id(there.code, seq=880), dt.date(2026, 3, 1))
    make.hold(make.post(here), people[0], dt.date(2026, 1, 1))
    courses = [
        make.course(first, dt.date(2026, 3, 1), dt.date(2026, 3, 20), people=people[:3]),
        make.course(second, dt.date(2026, 4, 1), dt.date(2026, 4, 10), people=[*people[3:], people[0]]),
    ]
    site = make.site(there)
    for person in people[3:]:
        make.resident(site, person)
    make.fair(here, dt.date(2026, 5, 1))
    return Records(people=people, first=first, second=second, courses=courses)


def withdraw_from_first_course(records: Records) -> None:
    """The second person leaves the first township's course: 5 trainees become 4, and the row's 3 become 2."""
    enrolment = records.courses[0].enrolments.get(person=records.people[1])
    training.remove_enrolment(None, enrolment)
