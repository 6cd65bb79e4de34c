"""Each column of 附件1 on hand-built cases: which records count, the year-to-date window,
and how the total treats a record counted in two sub-regions.

The report is Zaozhuang's (rows: its districts), computed by the report engine with the
instruments' real figures.
"""

import datetime as dt

import pytest

from conftest import first_village, region
from fangfan.regions.codes import Level
from fangfan.reports import definitions
from fangfan.reports.computing import compute
from fangfan.reports.definitions import Period

from . import instruments as make
from .conftest import townships

pytestmark = pytest.mark.django_db
D = dt.date
Q3, Q4 = Period(2026, 3), Period(2026, 4)


def column(key, period=Q4):
    """(total, Shanting row, Tengzhou row) of ``key`` in Zaozhuang's report for ``period``."""
    zaozhuang = region("370400")
    computed = compute(zaozhuang, period.first, period.last, Level.COUNTY, [definitions.column(key)])
    counts = computed.counts[key]
    return counts.total, counts.by_row["370406000000"], counts.by_row["370481000000"]


def test_an_alliance_counts_in_every_member_district_and_once_in_the_citys_total(shanting, tengzhou):
    make.alliance(shanting, members=[(tengzhou, D(2025, 6, 1))])

    assert column("alliances") == (1, 1, 1)


def test_an_alliance_counts_from_its_founding_and_until_it_dissolves(shanting):
    make.alliance(shanting, formed=D(2026, 10, 15))
    make.alliance(shanting, formed=D(2024, 1, 1), dissolved=D(2025, 12, 31))
    make.alliance(shanting, formed=D(2024, 1, 1), dissolved=D(2026, 1, 1))

    assert column("alliances", Q3) == (1, 1, 0)
    assert column("alliances", Q4) == (2, 2, 0)


def test_a_member_joining_after_the_period_and_a_provincial_alliance_do_not_count(shanting, tengzhou):
    make.alliance(shanting, members=[(tengzhou, D(2026, 11, 1))])
    make.alliance(region("370000"), level="inter_province")

    assert column("alliances", Q3) == (1, 1, 0)
    assert column("alliances", Q4) == (1, 1, 1)


def test_a_brand_counts_once_certified_and_until_revoked(shanting, tengzhou, zaozhuang):
    make.brand(shanting)
    make.brand(shanting, certified=None)
    make.brand(shanting, revoked=D(2025, 12, 31))
    make.brand(tengzhou, revoked=D(2026, 1, 1))
    make.brand(tengzhou, certified=D(2026, 12, 31))
    make.brand(zaozhuang)

    assert column("brands", Q3) == (3, 1, 1)
    assert column("brands", Q4) == (4, 1, 2)


def test_a_labour_base_counts_from_certification_until_it_exits(shanting, tengzhou):
    township = townships(shanting)[0]
    make.base(township)
    make.base(shanting, exited=D(2025, 6, 30))
    make.base(tengzhou, certified=D(2026, 7, 1))

    assert column("bases", Period(2026, 2)) == (1, 1, 0)
    assert column("bases", Q3) == (2, 1, 1)


def test_a_cooperative_counts_from_registration_until_dissolved(shanting, tengzhou):
    make.cooperative(first_village("370406"))
    make.cooperative(tengzhou, dissolved=D(2026, 2, 1))
    make.cooperative(tengzhou, registered=D(2027, 1, 1))

    assert column("cooperatives") == (2, 1, 1)


def test_trainees_count_where_the_course_is_held_once_per_person(shanting, tengzhou, make_person):
    local = make_person(first_village("370406"), name="山亭学员")
    commuter = make_person(first_village("370481"), name="滕州学员")
    make.course(shanting, D(2026, 3, 1), D(2026, 3, 20), people=[local, commuter])
    make.course(shanting, D(2026, 4, 1), D(2026, 4, 10), people=[local])
    make.course(tengzhou, D(2026, 5, 1), D(2026, 5, 10), people=[local])

    total, shanting_row, tengzhou_row = column("trainees")

    assert (total, shanting_row, tengzhou_row) == (2, 2, 1)
    assert shanting_row + tengzhou_row > total


def test_a_trainee_who_withdrew_before_the_course_or_trained_last_year_does_not_count(shanting, make_person):
    person = make_person()
    make.course(shanting, D(2025, 11, 1), D(2025, 12, 31), people=[person])
    make.course(
        shanting,
        D(2026, 3, 1),
        D(2026, 3, 20),
        people=[make_person()],
        enrolled=D(2026, 1, 15),
        withdrawn=D(2026, 2, 1),
    )

    assert column("trainees") == (0, 0, 0)


def test_a_trainee_counts_from_the_quarter_the_course_begins(shanting, make_person):
    make.course(shanting, D(2026, 9, 30), D(2026, 10, 20), people=[make_person()])
    make.course(shanting, D(2026, 10, 1), D(2026, 10, 20), people=[make_person()])

    assert column("trainees", Q3) == (1, 1, 0)
    assert column("trainees", Q4) == (2, 2, 0)


def test_a_resettled_person_counts_when_employed_while_living_at_the_site(shanting, make_person):
    found = make.site(townships(shanting)[0])
    working = make_person(name="在岗居民")
    make.resident(found, working)
    make.spell(working, D(2026, 2, 1))
    idle = make_person(name="未就业居民")
    make.resident(found, idle)
    before = make_person(name="搬来前就业")
    make.resident(found, before, moved_in=D(2026, 6, 1))
    make.spell(before, D(2026, 1, 1), D(2026, 5, 31))
    last_year = make_person(name="去年就业")
    make.resident(found, last_year)
    make.spell(last_year, D(2025, 1, 1), D(2025, 12, 31))

    assert column("relocation_employed") == (1, 1, 0)


def test_job_fairs_count_by_the_day_they_are_held(shanting, tengzhou):
    make.fair(shanting, D(2026, 2, 1))
    make.fair(shanting, D(2025, 12, 31))
    make.fair(tengzhou, D(2026, 9, 30))
    make.fair(tengzhou, D(2026, 10, 1))

    assert column("job_fairs", Q3) == (2, 1, 1)
    assert column("job_fairs", Q4) == (3, 1, 2)
