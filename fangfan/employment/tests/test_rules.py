"""The counting rule and how a person's month is classified (no database)."""

import datetime as dt
from decimal import Decimal

from fangfan.employment.rules import (
    SpellFacts,
    add_months,
    is_active_in_month,
    month_facts,
    months_between,
    spell_months,
)

OCT = dt.date(2026, 10, 1)
SEP = dt.date(2026, 9, 1)


def spell(n, start, end=None, area="in_county", income="3000", organised=False):
    return SpellFacts(n, start, end, area, Decimal(income), organised)


def test_a_spell_active_on_any_day_of_a_month_counts_for_that_month():
    assert is_active_in_month(dt.date(2026, 1, 20), dt.date(2026, 2, 10), 2026, 1)
    assert is_active_in_month(dt.date(2026, 1, 20), dt.date(2026, 2, 10), 2026, 2)
    assert not is_active_in_month(dt.date(2026, 1, 20), dt.date(2026, 2, 10), 2026, 3)


def test_a_spell_ending_on_the_first_counts_and_one_ending_the_day_before_does_not():
    assert is_active_in_month(dt.date(2026, 1, 1), dt.date(2026, 10, 1), 2026, 10)
    assert not is_active_in_month(dt.date(2026, 1, 1), dt.date(2026, 9, 30), 2026, 10)
    assert is_active_in_month(dt.date(2026, 10, 31), None, 2026, 10)
    assert not is_active_in_month(dt.date(2026, 11, 1), None, 2026, 10)


def test_a_whole_month_counts_the_full_monthly_income():
    facts = month_facts([spell(1, dt.date(2026, 1, 1))], OCT)

    assert facts is not None
    assert (facts.income, facts.work_area, facts.jobs) == (3000, "in_county", 1)


def test_no_active_spell_means_not_employed():
    assert month_facts([spell(1, dt.date(2026, 1, 1), dt.date(2026, 9, 30))], OCT) is None


def test_a_spell_starting_mid_month_counts_its_days_only():
    # September has 30 days: 16th to 30th is 15 days, half of 3000.
    facts = month_facts([spell(1, dt.date(2026, 9, 16))], SEP)

    assert facts is not None and facts.income == 1500


def test_two_jobs_in_one_month_make_one_employed_person_with_both_incomes():
    facts = month_facts(
        [spell(1, dt.date(2026, 1, 1), income="2000"), spell(2, dt.date(2026, 3, 1), income="1200")], OCT
    )

    assert facts is not None
    assert (facts.jobs, facts.income) == (2, 3200)


def test_a_change_of_job_mid_month_is_not_paid_twice_and_the_bigger_earner_sets_the_area():
    # 1–15 September at 3000 in the county, 16–30 September at 4000 out of the province.
    facts = month_facts(
        [
            spell(1, dt.date(2026, 1, 1), dt.date(2026, 9, 15), "in_county", "3000"),
            spell(2, dt.date(2026, 9, 16), None, "out_of_province", "4000"),
        ],
        SEP,
    )

    assert facts is not None
    assert facts.income == 1500 + 2000
    assert facts.work_area == "out_of_province"


def test_equal_earnings_go_to_the_farther_work_area():
    facts = month_facts(
        [
            spell(1, dt.date(2026, 1, 1), area="in_county", income="2500"),
            spell(2, dt.date(2026, 1, 1), area="in_province", income="2500", organised=True),
        ],
        OCT,
    )

    assert facts is not None
    assert (facts.work_area, facts.organised) == ("in_province", True)


def test_income_rounds_half_up_to_whole_yuan():
    # 1001 yuan for 1 day of 31 = 32.29… → 32; 1015 for 1 day = 32.74… → 33.
    assert month_facts([spell(1, dt.date(2026, 10, 31), income="1001")], OCT).income == 32
    assert month_facts([spell(1, dt.date(2026, 10, 31), income="1015")], OCT).income == 33


def test_month_arithmetic_crosses_years():
    assert add_months(dt.date(2025, 12, 1), 1) == dt.date(2026, 1, 1)
    assert add_months(dt.date(2026, 1, 1), -13) == dt.date(2024, 12, 1)
    assert list(months_between(dt.date(2025, 11, 20), dt.date(2026, 1, 5))) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
    ]


def test_spell_months_stop_at_the_horizon():
    assert spell_months(dt.date(2026, 3, 5), None, OCT) == (dt.date(2026, 3, 1), OCT)
    assert spell_months(dt.date(2026, 3, 5), dt.date(2026, 4, 2), OCT) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
    )
    assert spell_months(dt.date(2026, 12, 1), None, OCT) is None
