"""Each column of 附件1 on hand-built cases: which records count, the year-to-date window,
and how the total treats a record counted in two sub-regions.

The report is Zaozhuang's (rows: its districts), computed by the report engine with the
instruments' real figures.
"""

import datetime as dt

import pytest

from conftest import first_village, make_id, region
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


def five(make_person, village):
    return [(make_person(village), D(2025, 1, 1), None) for _ in range(5)]


def test_a_workshop_counts_once_certified_until_it_exits(make_person):
    shanting_village, tengzhou_village = first_village("370406"), first_village("370481")
    make.workshop(shanting_village, staff=five(make_person, shanting_village), certified=D(2025, 3, 1))
    make.workshop(tengzhou_village, staff=five(make_person, tengzhou_village), certified=D(2026, 10, 1))
    make.workshop(
        shanting_village,
        staff=five(make_person, shanting_village),
        certified=D(2025, 3, 1),
        exited=D(2025, 12, 31),
    )
    make.workshop(shanting_village, certified=None)

    assert column("workshops", Q3) == (1, 1, 0)
    assert column("workshops", Q4) == (2, 1, 1)


def test_workshop_workers_count_where_the_workshop_is_once_per_person(make_person):
    shanting_village, tengzhou_village = first_village("370406"), first_village("370481")
    crew = five(make_person, shanting_village)
    first = make.workshop(shanting_village, staff=crew)
    second = make.workshop(tengzhou_village, staff=five(make_person, tengzhou_village))
    mover = crew[0][0]
    make.work(second, mover, D(2026, 4, 1))
    make.work(first, mover, D(2026, 8, 1))
    make.work(first, make_person(tengzhou_village, name="滕州人在山亭务工"), D(2026, 2, 1))
    make.work(first, make_person(shanting_village, name="去年离职"), D(2025, 1, 1), D(2025, 12, 31))
    make.work(first, make_person(shanting_village, name="明年入职"), D(2027, 1, 1))

    total, shanting_row, tengzhou_row = column("workshop_poverty_workers")

    assert (total, shanting_row, tengzhou_row) == (11, 6, 6)


def test_workers_of_a_workshop_not_certified_in_the_period_do_not_count(make_person):
    village = first_village("370406")
    make.workshop(village, staff=five(make_person, village), certified=D(2026, 10, 1))

    assert column("workshop_poverty_workers", Q3) == (0, 0, 0)
    assert column("workshop_poverty_workers", Q4) == (5, 5, 0)


def test_work_relief_counts_local_labourers_and_the_poor_among_them_where_the_project_is(make_person):
    shanting_village, tengzhou_village = first_village("370406"), first_village("370481")
    road = make.relief_project(shanting_village)
    canal = make.relief_project(tengzhou_village, start=D(2026, 5, 1))
    poor = make_person(shanting_village, name="脱贫劳动力")
    local_poor = make_person(tengzhou_village, name="滕州脱贫劳动力")
    make.relief_hire(road, shanting_village, poor.name, poor.id_number, D(2026, 3, 1))
    make.relief_hire(canal, tengzhou_village, local_poor.name, local_poor.id_number, D(2026, 5, 1))
    make.relief_hire(
        road, shanting_village, "普通村民", make_id("370406", seq=801), D(2026, 3, 1), D(2026, 4, 30)
    )
    make.relief_hire(canal, tengzhou_village, "滕州村民", make_id("370481", seq=802), D(2026, 10, 8))

    assert column("relief_local_workers", Q3) == (3, 2, 1)
    assert column("relief_local_workers", Q4) == (4, 2, 2)
    assert column("relief_poverty_workers", Q4) == (2, 1, 1)


def test_public_welfare_post_holders_count_where_the_post_is_while_on_post(make_person):
    shanting_village, tengzhou_village = first_village("370406"), first_village("370481")
    make.hold(make.post(shanting_village), make_person(shanting_village), D(2026, 1, 1))
    make.hold(
        make.post(shanting_village), make_person(shanting_village), D(2025, 1, 1), exited=D(2025, 12, 31)
    )
    make.hold(make.post(tengzhou_village), make_person(tengzhou_village), D(2025, 1, 1), exited=D(2026, 1, 1))
    mover = make_person(shanting_village, name="换岗者")
    make.hold(make.post(shanting_village), mover, D(2025, 6, 1), exited=D(2026, 3, 31))
    make.hold(make.post(tengzhou_village), mover, D(2026, 10, 1))

    assert column("post_holders", Q3) == (3, 2, 1)
    assert column("post_holders", Q4) == (3, 2, 2)
