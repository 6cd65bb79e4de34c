"""The overview's counts are the lengths of the lists behind them, whoever looks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village
from fangfan.employment import services as employment
from fangfan.relocation import services

pytestmark = pytest.mark.django_db


def test_every_overview_figure_counts_what_its_drill_down_lists(
    make_user, shanting_operator, make_site, make_fair, make_person, overview_agrees
):
    # Given a 山亭 site and fair where a city clerk registered a 山亭 and a 滕州 person, both in work
    city, clerk = make_user("city", ZAOZHUANG), make_user("admin", ZAOZHUANG)
    site, fair = make_site(actor=clerk), make_fair(actor=clerk)
    employer = fair.employers.get()
    for village in (first_village(SHANTING[:6]), first_village(TENGZHOU[:6])):
        person = make_person(village)
        services.add_resident(clerk, site, person=person, moved_in_on=dt.date(2023, 1, 1))
        employment.create_spell(
            clerk,
            person,
            start=dt.date(2024, 1, 1),
            employer="本地企业",
            kind="enterprise",
            work_area="in_county",
            monthly_income=Decimal(3000),
        )
        services.add_hire(
            clerk,
            fair,
            person=person,
            employer=employer,
            start=dt.date(2024, 3, 10),
            monthly_income=Decimal(3200),
        )

    # When 山亭's overview is opened by the city and by 山亭's operator
    url = reverse("relocation:home") + f"?region={SHANTING}&year=2024"
    by_city = overview_agrees(city, url)
    by_county = overview_agrees(shanting_operator, url)

    # Then both see the same numbers, each the length of its list
    assert by_city == by_county
    assert by_county["relocation.employed_residents"] == by_county["relocation.fair_hires"] == 2
