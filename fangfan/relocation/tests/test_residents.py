"""Sites and residents, and the employment of resettled people counted with the ledger's rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import SHANTING, TENGZHOU, first_village, region
from fangfan.core import figures
from fangfan.employment import services as employment
from fangfan.relocation import rates, services

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def spell(actor, person, start, end=None):
    return employment.create_spell(
        actor,
        person,
        start=start,
        end=end,
        employer="某厂",
        kind="enterprise",
        work_area="in_county",
        monthly_income=3000,
    )


def test_a_site_cannot_plan_fewer_people_than_households(make_site):
    with pytest.raises(ValidationError) as exc:
        make_site(households_planned=100, people_planned=80)

    assert "安置人数不能少于安置户数" in str(exc.value)


def test_a_resident_cannot_move_in_before_the_site_was_built(shanting_operator, make_site, make_person):
    with pytest.raises(ValidationError) as exc:
        services.add_resident(
            shanting_operator, make_site(), person=make_person(), moved_in_on=dt.date(2019, 1, 1)
        )

    assert "不能早于安置区建成入住日期（2020年6月1日）" in str(exc.value)


def test_a_person_lives_at_one_site_at_a_time(shanting_operator, make_site, make_person):
    person = make_person(name="搬迁户")
    services.add_resident(shanting_operator, make_site(), person=person, moved_in_on=dt.date(2021, 1, 1))

    with pytest.raises(ValidationError) as exc:
        services.add_resident(
            shanting_operator, make_site(name="第二安置区"), person=person, moved_in_on=dt.date(2022, 1, 1)
        )

    assert "搬迁户已登记在安置区“幸福家园安置区”" in str(exc.value)


def test_a_person_may_move_on_to_a_second_site(shanting_operator, make_site, make_person):
    person = make_person()
    services.add_resident(
        shanting_operator,
        make_site(),
        person=person,
        moved_in_on=dt.date(2021, 1, 1),
        moved_out_on=dt.date(2021, 12, 31),
    )

    second = services.add_resident(
        shanting_operator, make_site(name="第二安置区"), person=person, moved_in_on=dt.date(2022, 1, 1)
    )

    assert second.site.name == "第二安置区"


def test_employed_residents_count_work_while_resident_in_the_period(
    shanting_operator, make_site, make_person
):
    site = make_site()
    people = {
        name: make_person(name=name)
        for name in ("在岗", "两份工作", "入住前务工", "迁出后务工", "上年务工", "未务工")
    }
    moved_in = dt.date(2024, 3, 1)
    for name, person in people.items():
        out = dt.date(2024, 6, 30) if name == "迁出后务工" else None
        services.add_resident(shanting_operator, site, person=person, moved_in_on=moved_in, moved_out_on=out)
    spell(shanting_operator, people["在岗"], dt.date(2024, 5, 1))
    spell(shanting_operator, people["两份工作"], dt.date(2024, 4, 1))
    spell(shanting_operator, people["两份工作"], dt.date(2024, 8, 1))
    spell(shanting_operator, people["入住前务工"], dt.date(2023, 1, 1), dt.date(2024, 2, 15))
    spell(shanting_operator, people["迁出后务工"], dt.date(2024, 8, 1))
    spell(shanting_operator, people["上年务工"], dt.date(2023, 1, 1), dt.date(2023, 12, 31))

    counted = {
        p.name for p in figures.get("relocation.employed_residents").queryset(region(SHANTING), FIRST, LAST)
    }

    assert counted == {"在岗", "两份工作"}
    assert figures.get("relocation.employed_residents").value(region(SHANTING), FIRST, LAST) == 2
    assert figures.get("relocation.employed_residents").value(region(TENGZHOU), FIRST, LAST) == 0


def test_the_employment_rate_explains_itself(shanting_operator, make_site, make_person):
    site = make_site()
    working, idle, child = (
        make_person(name="务工"),
        make_person(name="待业"),
        make_person(labour_capacity="none"),
    )
    for person in (working, idle, child):
        services.add_resident(shanting_operator, site, person=person, moved_in_on=dt.date(2023, 1, 1))
    spell(shanting_operator, working, dt.date(2024, 6, 20))

    june, may = rates.month_rate(site, 2024, 6), rates.month_rate(site, 2024, 5)

    assert (june.residents, june.employed, str(june.percent)) == (2, 1, "50.0")
    assert "在住搬迁劳动力2人，其中当月有在岗务工记录1人" in june.text and "1÷2=50.0%" in june.text
    assert (may.employed, str(may.percent)) == (0, "0.0")
    assert rates.month_rate(make_site(name="空安置区"), 2024, 6).percent is None


def test_rate_figures_match_the_numerator_and_denominator(shanting_operator, make_site, make_person):
    site = make_site()
    working, idle = make_person(name="务工"), make_person(name="待业")
    for person in (working, idle):
        services.add_resident(shanting_operator, site, person=person, moved_in_on=dt.date(2023, 1, 1))
    spell(shanting_operator, working, dt.date(2024, 6, 20))

    shanting = region(SHANTING)
    assert figures.get("relocation.resident_labourers").value(shanting, FIRST, LAST) == 2
    assert figures.get("relocation.employed_labourers").value(shanting, FIRST, LAST) == 1


def test_a_household_with_labourers_but_no_work_is_a_zero_employment_household(
    shanting_operator, make_site, make_person
):
    from fangfan.registry import services as registry

    site = make_site()
    village = first_village(SHANTING[:6])
    idle_home = registry.create_household(
        shanting_operator, number="ZERO-1", village=village, household_type="exited"
    )
    busy_home = registry.create_household(
        shanting_operator, number="BUSY-1", village=village, household_type="exited"
    )
    idle = [make_person(household=idle_home, name=n) for n in ("甲", "乙")]
    busy = [make_person(household=busy_home, name=n) for n in ("丙", "丁")]
    for person in (*idle, *busy):
        services.add_resident(shanting_operator, site, person=person, moved_in_on=dt.date(2023, 1, 1))
    spell(shanting_operator, busy[0], dt.date(2024, 1, 1))

    zero = rates.zero_employment_households(site, 2024, 6)

    assert [(h.number, {p.name for p in h.labourers}) for h in zero] == [("ZERO-1", {"甲", "乙"})]


def test_sites_count_once_built(make_site):
    make_site()
    make_site(name="在建", built_on=dt.date(2025, 6, 1))

    counted = {s.name for s in figures.get("relocation.sites").queryset(region(SHANTING), FIRST, LAST)}

    assert counted == {"幸福家园安置区"}
