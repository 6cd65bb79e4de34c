"""Indicators of a region and month: sizes, income, year-on-year and month-on-month, seasonally."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import SHANTING, region
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.monitoring.indicators import change, indicators, seasonal
from fangfan.monitoring.models import Indicator
from fangfan.monitoring.services import set_target
from fangfan.monitoring.targets import expected, progress_of

pytestmark = pytest.mark.django_db
NOW = ledger.current_month()


def spring_festival(make_person, make_spell, stay: int, every_year: int, only_2026: int = 0):
    """``stay`` people work all along out of the province; ``every_year`` go home for 春节 (away
    in February) in 2025 and in 2026; ``only_2026`` go home in 2026 only."""
    start = dt.date(2024, 6, 1)
    for _ in range(stay):
        make_spell(make_person(), start, area="out_of_province", income=5000)
    for _ in range(every_year):
        person = make_person()
        make_spell(person, start, dt.date(2025, 1, 31), area="out_of_province", income=5000)
        make_spell(person, dt.date(2025, 3, 1), dt.date(2026, 1, 31), area="out_of_province", income=5000)
        make_spell(person, dt.date(2026, 3, 1), area="out_of_province", income=5000)
    for _ in range(only_2026):
        person = make_person()
        make_spell(person, start, dt.date(2026, 1, 31), area="out_of_province", income=5000)
        make_spell(person, dt.date(2026, 3, 1), area="out_of_province", income=5000)


def test_changes_are_percentages_with_one_decimal_and_none_without_a_base():
    assert change(90, 100) == Decimal("-10.0")
    assert change(Decimal("3333"), 3000) == Decimal("11.1")
    assert change(5, 0) is None
    assert seasonal(Decimal("-20.0"), Decimal("-18.5")) == Decimal("-1.5")
    assert seasonal(Decimal("-20.0"), None) == Decimal("-20.0")


def test_the_spring_festival_dip_is_measured_against_last_february(make_person, make_spell):
    spring_festival(make_person, make_spell, stay=6, every_year=4)

    feb = indicators(region(SHANTING), dt.date(2026, 2, 1))

    assert feb.mom("employed") == Decimal("-40.0")
    assert feb.mom_last_year("employed") == Decimal("-40.0")
    assert feb.mom_seasonal("employed") == Decimal("0.0")


def test_a_february_worse_than_last_years_shows_in_the_seasonal_change(make_person, make_spell):
    spring_festival(make_person, make_spell, stay=6, every_year=2, only_2026=4)

    feb = indicators(region(SHANTING), dt.date(2026, 2, 1))

    # January 12 in both years; February 2025: 10 (−16.7%), February 2026: 6 (−50%).
    assert feb.mom("employed") == Decimal("-50.0")
    assert feb.mom_last_year("employed") == Decimal("-16.7")
    assert feb.mom_seasonal("employed") == Decimal("-33.3")


def test_year_on_year_compares_the_same_month_and_average_income(make_person, make_spell):
    last_year = add_months(NOW, -13)
    for income in (3000, 3000, 3000, 3000):
        make_spell(make_person(), last_year, add_months(NOW, -10), income=income)
    for income in (3300, 3300, 3300):
        make_spell(make_person(), last_year, income=income)
    month = add_months(NOW, -1)

    found = indicators(region("3704"), month)

    # a year ago: 7 people, 21,900 yuan; now 3 people, 9,900 yuan.
    assert (found.last_year.employed, found.now.employed) == (7, 3)
    assert found.yoy("employed") == Decimal("-57.1")
    assert found.now.avg_income == Decimal("3300.00")
    assert found.last_year.avg_income == Decimal("3128.57")
    assert found.yoy("avg_income") == Decimal("5.5")


def test_the_indicators_command_prints_json_for_scripts(make_person, make_spell):
    make_spell(make_person(), add_months(NOW, -3), area="in_province", income=4000, organised=True)
    out = StringIO()

    call_command(
        "indicators",
        "--region",
        "3704",
        "--month",
        add_months(NOW, -1).strftime("%Y-%m"),
        "--json",
        stdout=out,
    )

    data = json.loads(out.getvalue())
    assert data["employed"] == data["migrant"] == data["in_province"] == data["organised"] == 1
    assert data["income"] == 4000 and data["avg_income"] == "4000.00"
    assert data["mom"]["employed"] == "0.0"
    assert data["region"]["code"] == "370400000000"


def test_a_target_shows_progress_and_the_expected_pace(make_person, make_spell):
    zaozhuang = region("3704")
    for _ in range(3):
        make_spell(make_person(), dt.date(2025, 6, 1), area="in_province")
    make_spell(make_person(), dt.date(2026, 4, 1), area="in_province")
    set_target(None, region=zaozhuang, year=2026, indicator=Indicator.MIGRANT, value=10, notes="测试")

    (june,) = progress_of(zaozhuang, dt.date(2026, 6, 1))

    # base: December 2025 had 3; halfway through the year the expected value is 3 + (10 - 3) × 6/12.
    assert june.value == 4
    assert june.expected == Decimal("6.5")
    assert june.percent == Decimal("40.0")
    assert june.behind
    assert expected(Decimal(12), Decimal(10), 3) == Decimal(10)


def test_the_json_changes_cover_every_area_and_organised_work(make_person, make_spell):
    last, month = add_months(NOW, -2), add_months(NOW, -1)
    for _ in range(2):
        make_spell(make_person(), last, area="out_of_province", organised=True)
    make_spell(make_person(), last, area="in_province")
    make_spell(make_person(), month, area="out_of_province", organised=True)
    make_spell(make_person(), month, area="in_province")
    make_spell(make_person(), month, area="in_province")
    out = StringIO()

    call_command("indicators", "--region", "3704", "--month", month.strftime("%Y-%m"), "--json", stdout=out)

    data = json.loads(out.getvalue())
    assert (data["out_of_province"], data["in_province"], data["organised"]) == (3, 3, 3)
    assert data["mom"]["out_of_province"] == "50.0"
    assert data["mom"]["in_province"] == "200.0"
    assert data["mom"]["organised"] == "50.0"
    assert data["yoy"]["out_of_province"] is None  # nobody a year before: no base
    assert set(data["mom_seasonal"]) >= {"out_of_province", "in_province", "organised", "employed"}
