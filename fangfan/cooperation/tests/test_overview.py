"""The overview's counts are the lengths of the lists behind them, whoever looks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village
from fangfan.cooperation import services
from fangfan.cooperation.kit.pages import period

pytestmark = pytest.mark.django_db


def test_every_overview_figure_counts_what_its_drill_down_lists(
    make_user, shanting_operator, make_batch, make_person, overview_agrees
):
    # Given a 山亭 batch and brand where a city clerk placed a 山亭 and a 滕州 person
    city, clerk = make_user("city", ZAOZHUANG), make_user("admin", ZAOZHUANG)
    batch = make_batch(actor=clerk)
    brand = services.create_brand(
        clerk,
        name="山亭月嫂",
        region=batch.region,
        skill="家政",
        level="city",
        certified_on=dt.date(2022, 1, 1),
    )
    for village in (first_village(SHANTING[:6]), first_village(TENGZHOU[:6])):
        person = make_person(village)
        services.add_member(clerk, batch, person=person)
        services.add_brand_worker(clerk, brand, person=person, start=dt.date(2024, 3, 1))

    # When 山亭's overview is opened by the city and by 山亭's operator
    url = reverse("cooperation:home") + f"?region={SHANTING}&year=2024"
    by_city = overview_agrees(city, url)
    by_county = overview_agrees(shanting_operator, url)

    # Then both see the same numbers, each the length of its list
    assert by_city == by_county
    assert by_county["cooperation.organised_people"] == by_county["cooperation.brand_employed"] == 2


@pytest.mark.parametrize(
    ("query", "first", "last", "label"),
    [
        ("year=2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年"),
        ("year=2024&quarter=2", dt.date(2024, 4, 1), dt.date(2024, 6, 30), "2024年第2季度"),
        ("year=2024&quarter=2&month=2", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024年2月"),
        ("year=2024&quarter=9&month=x", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年"),
    ],
)
def test_the_period_picker_gives_a_year_a_quarter_or_a_month(rf, query, first, last, label):
    # Given a request for a period; When it is read; Then it spans the year, the quarter or the month
    chosen = period(rf.get(f"/?{query}"))

    assert (chosen.first, chosen.last, chosen.label) == (first, last, label)


def test_a_period_not_yet_begun_falls_back_to_this_year_to_date(rf, monkeypatch):
    # Given today is 15 May 2024
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 5, 15))

    # When June, the second quarter and April are asked for
    june = period(rf.get("/?year=2024&month=6"))
    second = period(rf.get("/?year=2024&quarter=2"))
    april = period(rf.get("/?year=2024&month=4"))

    # Then June has not begun (the year to date instead), a running quarter ends today, April is whole
    assert (june.first, june.last, june.month) == (dt.date(2024, 1, 1), dt.date(2024, 5, 15), None)
    assert (second.first, second.last) == (dt.date(2024, 4, 1), dt.date(2024, 5, 15))
    assert (april.first, april.last) == (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
