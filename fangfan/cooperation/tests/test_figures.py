"""The named figures of labour cooperation count what their definitions say, and open the same records."""

import datetime as dt

import pytest

from conftest import SHANTING, TENGZHOU, first_township, region
from fangfan.cooperation import services
from fangfan.cooperation.models import AllianceLevel
from fangfan.core import figures
from fangfan.employment import services as employment

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def value(key, where, first=FIRST, last=LAST):
    return figures.get(key).value(where, first, last)


def names(key, where, first=FIRST, last=LAST):
    return {str(o) for o in figures.get(key).queryset(where, first, last)}


def test_the_figures_the_quarterly_report_uses_exist_with_their_units():
    expected = {
        "cooperation.alliances": "个",
        "cooperation.brands": "个",
        "cooperation.bases": "个",
        "cooperation.cooperatives": "个",
    }
    for key, unit in expected.items():
        assert figures.get(key).unit == unit
        assert figures.get(key).definition


def test_alliances_count_where_the_region_or_a_region_within_it_is_a_member(make_user, shanting_operator):
    city = make_user("city", "370400000000")
    lead = {"level": AllianceLevel.INTER_PROVINCE, "lead_organisation": "牵头单位"}
    inside = services.create_alliance(
        city, name="市牵头含山亭", region=region("370400000000"), formed_on=dt.date(2023, 5, 1), **lead
    )
    services.add_alliance_member(city, inside, region=region(SHANTING), organisation="山亭区人社局")
    services.create_alliance(
        city, name="市牵头不含山亭", region=region("370400000000"), formed_on=dt.date(2023, 5, 1), **lead
    )
    services.create_alliance(
        shanting_operator,
        name="山亭牵头已解散",
        region=region(SHANTING),
        formed_on=dt.date(2022, 1, 1),
        dissolved_on=dt.date(2023, 12, 31),
        **lead,
    )
    services.create_alliance(
        shanting_operator,
        name="山亭牵头年末成立",
        region=region(SHANTING),
        formed_on=dt.date(2024, 12, 31),
        **lead,
    )
    late = services.create_alliance(
        city, name="山亭次年加入", region=region("370400000000"), formed_on=dt.date(2023, 1, 1), **lead
    )
    services.add_alliance_member(
        city, late, region=region(SHANTING), organisation="山亭区人社局", joined_on=dt.date(2025, 2, 1)
    )

    assert names("cooperation.alliances", region(SHANTING)) == {"市牵头含山亭", "山亭牵头年末成立"}
    assert value("cooperation.alliances", region("370400000000")) == 4
    assert value("cooperation.alliances", region(TENGZHOU)) == 0


def test_an_alliance_with_two_members_in_the_region_counts_once(make_user):
    city = make_user("city", "370400000000")
    alliance = services.create_alliance(
        city,
        name="联盟",
        level=AllianceLevel.INTER_COUNTY,
        region=region("370400000000"),
        lead_organisation="市人社局",
        formed_on=dt.date(2023, 1, 1),
    )
    services.add_alliance_member(city, alliance, region=region(SHANTING), organisation="山亭")
    services.add_alliance_member(city, alliance, region=region(TENGZHOU), organisation="滕州")

    assert value("cooperation.alliances", region("370400000000")) == 1


def test_brands_count_when_certified_by_the_period_end_and_not_revoked_before_it(shanting_operator, shanting):
    base = {"region": shanting, "skill": "家政", "level": "municipal"}
    services.create_brand(shanting_operator, name="已认定", certified_on=dt.date(2023, 6, 1), **base)
    services.create_brand(shanting_operator, name="培育中", **base)
    services.create_brand(shanting_operator, name="次年认定", certified_on=dt.date(2025, 1, 1), **base)
    services.create_brand(
        shanting_operator,
        name="上年撤销",
        certified_on=dt.date(2021, 1, 1),
        revoked_on=dt.date(2023, 12, 1),
        **base,
    )
    services.create_brand(
        shanting_operator,
        name="年中撤销",
        certified_on=dt.date(2021, 1, 1),
        revoked_on=dt.date(2024, 7, 1),
        **base,
    )

    assert names("cooperation.brands", shanting) == {"已认定", "年中撤销"}


def test_bases_and_cooperatives_count_those_alive_in_the_period(shanting_operator, shanting):
    town = first_township(SHANTING[:6])
    services.create_base(
        shanting_operator,
        name="在册基地",
        region=town,
        operator="运营",
        level="provincial",
        certified_on=dt.date(2024, 3, 1),
    )
    services.create_base(
        shanting_operator,
        name="已退出基地",
        region=town,
        operator="运营",
        level="provincial",
        certified_on=dt.date(2020, 3, 1),
        exited_on=dt.date(2023, 3, 1),
    )
    services.create_cooperative(
        shanting_operator, name="在册社", region=town, leader="甲", registered_on=dt.date(2020, 1, 1)
    )
    services.create_cooperative(
        shanting_operator, name="次年成立社", region=town, leader="乙", registered_on=dt.date(2025, 1, 1)
    )

    assert names("cooperation.bases", shanting) == {"在册基地"}
    assert names("cooperation.cooperatives", shanting) == {"在册社"}
    assert value("cooperation.bases", region(TENGZHOU)) == 0


def test_organised_people_count_each_person_once_while_their_spell_runs(
    shanting_operator, make_batch, make_person
):
    twice, once, earlier = make_person(name="两批"), make_person(name="一批"), make_person(name="上年")
    spring = make_batch(return_on=dt.date(2024, 5, 31))
    autumn = make_batch(
        name="秋季", departure=dt.date(2024, 9, 1), seasonal=True, return_on=dt.date(2024, 11, 30)
    )
    old = make_batch(name="上年批次", departure=dt.date(2023, 3, 1), return_on=dt.date(2023, 10, 31))
    services.add_member(shanting_operator, spring, person=twice)
    services.add_member(shanting_operator, autumn, person=twice)
    services.add_member(shanting_operator, autumn, person=once)
    services.add_member(shanting_operator, old, person=earlier)

    assert names("cooperation.organised_people", region(SHANTING)) == {"两批", "一批"}
    assert names("cooperation.seasonal_people", region(SHANTING)) == {"两批", "一批"}
    assert (
        names("cooperation.organised_people", region(SHANTING), dt.date(2024, 6, 1), dt.date(2024, 8, 31))
        == set()
    )
    assert value("cooperation.batches", region(SHANTING)) == 2


def test_brand_employment_counts_only_people_with_a_spell_in_the_ledger(
    shanting_operator, shanting, make_person
):
    brand = services.create_brand(
        shanting_operator,
        name="山亭焊工",
        region=shanting,
        skill="焊工",
        level="municipal",
        certified_on=dt.date(2023, 1, 1),
    )
    working, idle = make_person(name="在岗"), make_person(name="无记录")
    for person in (working, idle):
        services.add_brand_worker(shanting_operator, brand, person=person, start=dt.date(2024, 2, 1))
    employment.create_spell(
        shanting_operator,
        working,
        start=dt.date(2024, 2, 1),
        employer="焊接厂",
        kind="enterprise",
        work_area="in_county",
        monthly_income=4000,
    )

    assert names("cooperation.brand_employed", shanting) == {"在岗"}


def test_a_figure_page_lists_the_records_it_counts(client, shanting_operator, shanting, cooperative):
    client.force_login(shanting_operator)

    page = client.get(figures.get("cooperation.cooperatives").url(shanting, FIRST, LAST))

    assert page.status_code == 200
    assert page.context["total"] == 1
    assert cooperative.name in page.content.decode()


def test_a_county_cannot_open_the_figures_of_another(client, tengzhou_operator, shanting, cooperative):
    client.force_login(tengzhou_operator)

    page = client.get(figures.get("cooperation.cooperatives").url(shanting, FIRST, LAST))

    assert page.status_code == 404


def test_brokers_count_those_registered_and_not_stopped(shanting_operator):
    town = first_township(SHANTING[:6])
    services.create_broker(
        shanting_operator, name="在册", phone="13800000001", region=town, registered_on=dt.date(2023, 1, 1)
    )
    services.create_broker(
        shanting_operator,
        name="停止",
        phone="13800000002",
        region=town,
        registered_on=dt.date(2022, 1, 1),
        ended_on=dt.date(2023, 6, 1),
    )

    assert names("cooperation.brokers", region(SHANTING)) == {"在册"}
