"""Every early-warning rule, both firing and not firing."""

import datetime as dt

import pytest

from conftest import SHANTING, TENGZHOU, first_village, region
from fangfan.employment import ledger
from fangfan.employment import services as employment
from fangfan.employment.rules import add_months
from fangfan.monitoring import detect
from fangfan.monitoring.models import AlertRule, Indicator
from fangfan.monitoring.services import set_target
from fangfan.registry import services as registry

from .test_indicators import spring_festival

pytestmark = pytest.mark.django_db
TODAY = ledger.current_month() + dt.timedelta(days=14)
NOW = ledger.current_month()
LAST = add_months(NOW, -1)


def region_alerts(month, code=SHANTING):
    found = detect.region_findings(None, month, detect.zones(""))
    return {f.rule for f in found if f.region_id == code}


def person_alerts(rule):
    run = {
        AlertRule.WORK_LOST: lambda zone: detect.work_lost(zone, TODAY),
        AlertRule.UNEMPLOYED: lambda zone: detect.unemployed(zone, NOW, TODAY),
        AlertRule.INCOME_DROP: lambda zone: detect.income_drop(zone, LAST),
        AlertRule.HOUSEHOLD_LINE: lambda zone: detect.household_line(zone, LAST),
    }[rule]
    return {f.subject: f for zone in detect.zones("") for f in run(zone)}


# ----- region rules ----------------------------------------------------------------------------


def test_a_year_on_year_fall_beyond_the_line_raises_a_region_alert(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=5, yoy_fall_pct=10)
    for n in range(10):
        make_spell(make_person(), add_months(NOW, -14), add_months(NOW, -6) if n < 2 else None)

    assert AlertRule.REGION_YOY_EMPLOYED in region_alerts(LAST)


def test_a_fall_within_the_line_or_below_the_minimum_size_raises_nothing(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=5, yoy_fall_pct=25)
    for n in range(10):
        make_spell(make_person(), add_months(NOW, -14), add_months(NOW, -6) if n < 2 else None)

    assert AlertRule.REGION_YOY_EMPLOYED not in region_alerts(LAST)
    rule_for_province(region_min_employed=50, yoy_fall_pct=10)
    assert AlertRule.REGION_YOY_EMPLOYED not in region_alerts(LAST)


def test_average_income_falling_year_on_year_raises_an_alert(make_person, make_spell, rule_for_province):
    rule_for_province(region_min_employed=3, yoy_fall_pct=10)
    for _ in range(4):
        person = make_person()
        make_spell(person, add_months(NOW, -14), add_months(NOW, -3) - dt.timedelta(days=1), income=4000)
        make_spell(person, add_months(NOW, -3), income=3000, employer="新单位")

    found = region_alerts(LAST)

    assert AlertRule.REGION_YOY_INCOME in found
    assert AlertRule.REGION_YOY_EMPLOYED not in found


def test_average_income_within_the_line_or_in_a_small_region_raises_no_yoy_alert(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=3, yoy_fall_pct=30)
    for _ in range(4):
        person = make_person()
        make_spell(person, add_months(NOW, -14), add_months(NOW, -3) - dt.timedelta(days=1), income=4000)
        make_spell(person, add_months(NOW, -3), income=3000, employer="新单位")  # −25%

    assert AlertRule.REGION_YOY_INCOME not in region_alerts(LAST)
    rule_for_province(region_min_employed=5, yoy_fall_pct=10)
    assert AlertRule.REGION_YOY_INCOME not in region_alerts(LAST)
    rule_for_province(region_min_employed=3, yoy_fall_pct=10)
    assert AlertRule.REGION_YOY_INCOME in region_alerts(LAST)


def test_the_spring_festival_is_not_an_alarm_when_it_matches_last_year(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=5, mom_fall_pct=5)
    spring_festival(make_person, make_spell, stay=6, every_year=4)

    assert AlertRule.REGION_MOM_EMPLOYED not in region_alerts(dt.date(2026, 2, 1))


def test_a_february_fall_beyond_last_years_raises_the_month_on_month_alert(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=5, mom_fall_pct=5)
    spring_festival(make_person, make_spell, stay=6, every_year=2, only_2026=4)

    assert AlertRule.REGION_MOM_EMPLOYED in region_alerts(dt.date(2026, 2, 1))


def test_average_income_falling_month_on_month_raises_an_alert(make_person, make_spell, rule_for_province):
    rule_for_province(region_min_employed=3, mom_fall_pct=5)
    for _ in range(4):
        person = make_person()
        make_spell(person, add_months(NOW, -16), LAST - dt.timedelta(days=1), income=4000)
        make_spell(person, LAST, income=3000, employer="新单位")

    found = region_alerts(LAST)

    assert AlertRule.REGION_MOM_INCOME in found
    assert AlertRule.REGION_MOM_EMPLOYED not in found


def test_an_income_dip_that_matches_last_years_raises_no_month_on_month_alert(
    make_person, make_spell, rule_for_province
):
    rule_for_province(region_min_employed=3, mom_fall_pct=5)
    february, last_february = dt.date(2026, 2, 1), dt.date(2025, 2, 1)
    for _ in range(4):
        person = make_person()
        for year in (2025, 2026):  # every year, February pays 3000 instead of 4000
            make_spell(
                person, dt.date(year - 1, 3, 1), dt.date(year, 1, 31), income=4000, employer=f"甲{year}"
            )
            make_spell(person, dt.date(year, 2, 1), dt.date(year, 2, 28), income=3000, employer=f"乙{year}")
    found = region_alerts(february)

    assert AlertRule.REGION_MOM_INCOME not in found
    assert AlertRule.REGION_MOM_INCOME in region_alerts(last_february)  # no year before it to compare
    rule_for_province(region_min_employed=5, mom_fall_pct=5)
    assert AlertRule.REGION_MOM_INCOME not in region_alerts(last_february)


def test_a_target_behind_its_pace_raises_an_alert_and_one_on_pace_does_not(make_person, make_spell):
    for _ in range(4):
        make_spell(make_person(), add_months(NOW, -15))
    set_target(None, region=region(SHANTING), year=LAST.year, indicator=Indicator.EMPLOYED, value=4)
    set_target(None, region=region(SHANTING), year=LAST.year, indicator=Indicator.LOCAL, value=400)

    found = detect.region_findings(region(SHANTING), LAST, detect.zones(region(SHANTING).prefix))

    subjects = {f.subject for f in found if f.rule == AlertRule.REGION_PACE}
    assert subjects == {f"region:{SHANTING}:local"}


# ----- person rules ----------------------------------------------------------------------------


def test_work_lost_fires_after_n_days_without_a_new_spell(make_person, make_spell):
    lost = make_person()
    make_spell(lost, add_months(NOW, -6), TODAY - dt.timedelta(days=45))
    recent = make_person()
    make_spell(recent, add_months(NOW, -6), TODAY - dt.timedelta(days=10))
    moved_on = make_person()
    make_spell(moved_on, add_months(NOW, -6), TODAY - dt.timedelta(days=45))
    make_spell(moved_on, TODAY - dt.timedelta(days=20), employer="新工作")

    found = person_alerts(AlertRule.WORK_LOST)

    assert set(found) == {f"person:{lost.pk}"}
    assert found[f"person:{lost.pk}"].basis == (TODAY - dt.timedelta(days=45)).isoformat()


def test_work_lost_leaves_out_inflow_workers_as_the_other_person_rules_do(make_person, make_spell):
    inflow = make_person(with_household=False, origin=region("14"), relation_to_head="")
    make_spell(inflow, add_months(NOW, -6), TODAY - dt.timedelta(days=45))
    local = make_person()
    make_spell(local, add_months(NOW, -6), TODAY - dt.timedelta(days=45))

    found = person_alerts(AlertRule.WORK_LOST)

    assert set(found) == {f"person:{local.pk}"}
    assert f"person:{inflow.pk}" not in person_alerts(AlertRule.UNEMPLOYED)


def test_a_province_may_wait_longer_before_work_lost_fires(make_person, make_spell, rule_for_province):
    lost = make_person()
    make_spell(lost, add_months(NOW, -6), TODAY - dt.timedelta(days=45))

    rule_for_province(lost_work_days=60)

    assert person_alerts(AlertRule.WORK_LOST) == {}


def test_unemployed_for_m_months_fires_for_labourers_only(make_person, make_spell):
    idle = make_person(name="长期未就业")
    never = make_person(name="从未就业")
    working = make_person()
    make_spell(idle, add_months(NOW, -12), add_months(NOW, -4))
    make_spell(working, add_months(NOW, -12), add_months(NOW, -1))
    make_person(labour_capacity="none")
    make_person(with_household=False, origin=region("14"), relation_to_head="")

    found = person_alerts(AlertRule.UNEMPLOYED)

    assert set(found) == {f"person:{idle.pk}", f"person:{never.pk}"}
    assert found[f"person:{never.pk}"].basis == "none"


def test_a_person_who_left_the_ledger_raises_nothing(make_person, make_spell):
    person = make_person()
    registry.mark_left(None, person, TODAY, "deceased")

    assert person_alerts(AlertRule.UNEMPLOYED) == {}


def test_income_down_against_the_persons_own_average_fires(make_person, make_spell, rule_for_province):
    rule_for_province(income_drop_pct=30)
    dropped = make_person()
    spell = make_spell(dropped, add_months(NOW, -8), income=4000)
    employment.update_spell(None, spell, end=LAST - dt.timedelta(days=1))
    make_spell(dropped, LAST, income=2400, employer="临时工")
    slight = make_person()
    spell = make_spell(slight, add_months(NOW, -8), income=4000)
    employment.update_spell(None, spell, end=LAST - dt.timedelta(days=1))
    make_spell(slight, LAST, income=3600, employer="另一份工作")
    newcomer = make_person()
    make_spell(newcomer, add_months(NOW, -2), LAST - dt.timedelta(days=1), income=5000)
    make_spell(newcomer, LAST, income=1000, employer="又一份工作")

    found = person_alerts(AlertRule.INCOME_DROP)

    assert set(found) == {f"person:{dropped.pk}"}
    assert "下降40.0%" in found[f"person:{dropped.pk}"].summary


def test_a_household_projected_below_the_monitoring_line_fires(make_person, make_spell):
    def household(other_income, wage):
        village = first_village(SHANTING[:6])
        home = registry.create_household(
            None,
            number=f"L{other_income}{wage}",
            village=village,
            household_type="exited",
            other_annual_income=other_income,
        )
        head = make_person(village, household=home)
        make_person(village, household=home, relation_to_head="spouse", labour_capacity="none")
        if wage:
            make_spell(head, add_months(NOW, -6), income=wage)
        return home

    poor = household(3000, 800)  # (800 × 3 × 4 + 3000) ÷ 2 = 6,300 < 7,600
    fine = household(3000, 2000)  # (2000 × 3 × 4 + 3000) ÷ 2 = 13,500
    unknown = registry.create_household(
        None, number="L-unknown", village=first_village(SHANTING[:6]), household_type="exited"
    )
    make_person(household=unknown)  # a labourer out of work, 家庭其他年收入 not recorded: projected 0

    found = person_alerts(AlertRule.HOUSEHOLD_LINE)

    assert set(found) == {f"household:{poor.pk}", f"household:{unknown.pk}"}
    assert "6300" in found[f"household:{poor.pk}"].summary
    assert found[f"household:{poor.pk}"].detail["other_income_recorded"] is True
    assert f"household:{fine.pk}" not in found


def test_a_household_without_other_income_is_projected_with_none_and_says_so(make_person, make_spell):
    village = first_village(SHANTING[:6])
    unknown = registry.create_household(None, number="L-unknown", village=village, household_type="exited")
    make_spell(make_person(village, household=unknown), add_months(NOW, -6), income=500)
    earning = registry.create_household(None, number="L-earning", village=village, household_type="exited")
    make_spell(make_person(village, household=earning), add_months(NOW, -6), income=1000)

    found = person_alerts(AlertRule.HOUSEHOLD_LINE)

    assert set(found) == {f"household:{unknown.pk}"}  # 500 × 3 × 4 = 6,000 < 7,600 ≤ 12,000
    alert = found[f"household:{unknown.pk}"]
    assert "6000" in alert.summary and "未填报家庭其他年收入，按0元计" in alert.summary
    assert alert.detail["other_income_recorded"] is False


def test_rules_follow_each_province_and_city_separately(rule_for_province):
    from fangfan.monitoring.services import save_rule

    rule_for_province(unemployed_months=6)
    save_rule(None, region(TENGZHOU[:4]), unemployed_months=4)

    found = detect.zones("")

    by_prefix = {z.prefix: z.rule.unemployed_months for z in found}
    assert by_prefix == {"": 3, "37": 6, "3704": 4}
    assert detect.rule_for(first_village(TENGZHOU[:6]).code, found).unemployed_months == 4
    assert detect.rule_for("140000000000", found).unemployed_months == 3
