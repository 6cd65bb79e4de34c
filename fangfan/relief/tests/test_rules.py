import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import ZAOZHUANG, region
from fangfan.quality import rulebook
from fangfan.relief import rules, services
from fangfan.relief.models import ReliefRule, WagePayment

pytestmark = pytest.mark.django_db


def share(project):
    return rules.wage_share(project, ReliefRule.objects.for_region(project.village))


def test_wages_of_thirty_percent_of_central_funds_meet_the_rule(make_project):
    check = share(make_project(central_funds=Decimal(500_000), planned_wages=Decimal(150_000)))

    assert check.ok and check.text == "计划劳务报酬150000元 ÷ 中央资金500000元 = 30.0%，≥30%：达标"


def test_wages_below_thirty_percent_are_flagged(make_project):
    check = share(make_project(central_funds=Decimal(500_000), planned_wages=Decimal(149_000)))

    assert not check.ok and "29.8%，<30%：低于要求" in check.text


def test_a_project_without_central_funds_is_not_held_to_the_share(make_project):
    check = share(make_project(central_funds=Decimal(0), planned_wages=Decimal(1000)))

    assert check.ok and not check.applies


def test_a_province_can_raise_the_share(make_project):
    rulebook.set_rule(None, ReliefRule, region("370000000000"), wage_share_min_pct=Decimal(40))

    check = share(make_project(central_funds=Decimal(500_000), planned_wages=Decimal(150_000)))

    assert not check.ok and "<40%" in check.text


def test_closing_attendance_makes_wages_due_with_their_reckoning(closed_march):
    payments = {p.hire.worker.name: p for p in closed_march.payments.select_related("hire__worker")}

    assert payments["甲"].due == Decimal(3300) and payments["甲"].explanation == "22天 × 150元 = 3300元"
    assert payments["乙"].due == Decimal(1500)


def test_attendance_cannot_be_closed_before_the_month_ends_or_changed_after(
    make_project, local_labourer, hire_in
):
    project = make_project()
    hire = hire_in(project, local_labourer())
    sheet = services.sheet_for(None, project, dt.date(2026, 3, 1))

    with pytest.raises(ValidationError):
        services.close_attendance(None, sheet, dt.date(2026, 3, 30))
    services.close_attendance(None, sheet, dt.date(2026, 3, 31))
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(None, sheet, hire, day_list=[2])
    assert "考勤已于2026年03月31日截止" in caught.value.messages[0]


def test_days_outside_the_hire_are_refused(make_project, local_labourer, hire_in):
    project = make_project()
    hire = hire_in(project, local_labourer("晚进场"), start=dt.date(2026, 3, 10))
    sheet = services.sheet_for(None, project, dt.date(2026, 3, 1))

    with pytest.raises(ValidationError) as caught:
        services.record_attendance(None, sheet, hire, day_list=[8, 9, 10])

    assert "8、9日不在进场至退场期间" in caught.value.messages[0]


def test_monthly_attendance_takes_half_days_within_the_month(make_project, local_labourer, hire_in):
    project = make_project(attendance_mode="monthly")
    hire = hire_in(project, local_labourer())
    sheet = services.sheet_for(None, project, dt.date(2026, 4, 1))

    with pytest.raises(ValidationError):
        services.record_attendance(None, sheet, hire, days=Decimal(31))
    record = services.record_attendance(None, sheet, hire, days=Decimal("20.5"))

    assert record.days == Decimal("20.5")


def test_wages_cannot_be_paid_before_the_publicity_period_has_run(closed_march):
    payment = closed_march.payments.first()

    with pytest.raises(ValidationError) as caught:
        services.pay(None, payment, payment.due, dt.date(2026, 4, 3))
    assert "尚未公示" in caught.value.messages[0]

    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    with pytest.raises(ValidationError) as caught:
        services.pay(None, payment, payment.due, dt.date(2026, 4, 7))
    assert "公示期未满：2026年04月01日开始公示，须满7天，2026年04月08日起方可发放" in caught.value.messages[0]

    services.pay(None, payment, payment.due, dt.date(2026, 4, 8))
    assert payment.paid == payment.due and payment.paid_on == dt.date(2026, 4, 8)


def state(closed_march, name, today, rule=None):
    payment = WagePayment.objects.select_related("sheet").get(sheet=closed_march, hire__worker__name=name)
    return rules.timeliness(
        payment, rule or ReliefRule.objects.for_region(closed_march.project.village), today
    )


def test_wages_paid_in_full_by_the_end_of_the_next_month_are_timely(closed_march):
    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    services.pay_in_full(None, closed_march, dt.date(2026, 4, 30))

    result = state(closed_march, "甲", dt.date(2026, 6, 1))

    assert not result.arrears and result.days_to_pay == 30
    assert result.text == "2026年04月30日足额发放，考勤截止后30天发放"


def test_wages_unpaid_after_the_deadline_are_arrears_with_the_days_late(closed_march):
    before = state(closed_march, "甲", dt.date(2026, 4, 30))
    after = state(closed_march, "甲", dt.date(2026, 5, 11))

    assert not before.arrears and before.state == "pending"
    assert after.arrears and after.days_late == 11 and after.label == "拖欠11天"
    assert after.text == "应发3300元，已发0元，超过发放期限（2026年04月30日）11天未足额发放：拖欠"


def test_a_partial_payment_is_still_arrears(closed_march):
    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    payment = closed_march.payments.get(hire__worker__name="甲")
    services.pay(None, payment, Decimal(3000), dt.date(2026, 4, 20))

    assert state(closed_march, "甲", dt.date(2026, 5, 2)).arrears


def test_wages_paid_late_stay_flagged_with_the_days_late(closed_march):
    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    services.pay_in_full(None, closed_march, dt.date(2026, 5, 20))

    result = state(closed_march, "甲", dt.date(2026, 6, 1))

    assert result.arrears and result.state == "late" and result.days_late == 20
    assert result.days_to_pay == 50


def test_a_city_can_allow_two_months_to_pay(closed_march):
    rulebook.set_rule(None, ReliefRule, region(ZAOZHUANG), wage_deadline_months=2)

    assert not state(closed_march, "甲", dt.date(2026, 5, 11)).arrears
    assert state(closed_march, "甲", dt.date(2026, 6, 1)).arrears
