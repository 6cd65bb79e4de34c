import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import ZAOZHUANG, make_id, region
from fangfan.employment.models import Employment, EmploymentKind, Source
from fangfan.posts import services
from fangfan.posts.models import ExitReason, PostRule
from fangfan.quality import rulebook

pytestmark = pytest.mark.django_db


def test_a_full_time_post_pays_at_least_the_monthly_minimum_wage(make_post):
    with pytest.raises(ValidationError) as caught:
        make_post(work_time="full", subsidy=Decimal(1700))
    assert (
        "全日制岗位：补贴标准1700元/月 < 当地月最低工资标准1800元：低于最低工资标准"
        in caught.value.messages[0]
    )

    post = make_post(work_time="full", subsidy=Decimal(1800))
    assert post.hours_per_month is None


def test_a_part_time_post_pays_at_least_the_hourly_minimum_for_its_hours(make_post):
    with pytest.raises(ValidationError) as caught:
        make_post(subsidy=Decimal(700), hours_per_month=40)
    assert "每月40小时 × 小时最低工资18元 = 720元，补贴标准700元 < 720元" in caught.value.messages[0]

    with pytest.raises(ValidationError):
        make_post(subsidy=Decimal(700), hours_per_month=None)
    assert make_post(subsidy=Decimal(720), hours_per_month=40).pk


def test_the_minimum_wage_is_the_city_s_data(make_post):
    rulebook.set_rule(None, PostRule, region(ZAOZHUANG), min_wage_monthly=Decimal(2000))

    with pytest.raises(ValidationError):
        make_post(work_time="full", subsidy=Decimal(1800))


def test_an_agreement_runs_a_year_at_most_and_is_renewed_a_year_at_a_time(make_post, make_person, appoint):
    post, person = make_post(), make_person()

    with pytest.raises(ValidationError) as caught:
        appoint(post, person, contract_end=dt.date(2027, 1, 1))
    assert "聘用协议期限不超过12个月（最迟到2026年12月31日）" in caught.value.messages[0]

    appointment = appoint(post, person)
    assert appointment.contract_end == dt.date(2026, 12, 31)
    with pytest.raises(ValidationError):
        services.renew(None, appointment, dt.date(2028, 1, 1))
    services.renew(None, appointment, dt.date(2027, 12, 31))
    assert appointment.contract_end == dt.date(2027, 12, 31) and appointment.renewals == 1


def test_age_and_disability_are_no_bar(make_post, make_person, appoint, village):
    elder = make_person(
        name="老人",
        id_number=make_id(village.code, birth=dt.date(1953, 3, 1), seq=60) + "42",
        labour_capacity="weak",
    )

    appointment = appoint(make_post(), elder)

    assert elder.disability_category == "4" and appointment.pk


def test_a_post_has_one_holder_at_a_time(make_post, make_person, appoint):
    post, first, second = make_post(), make_person(), make_person()
    appointment = appoint(post, first)

    with pytest.raises(ValidationError) as caught:
        appoint(post, second, start=dt.date(2026, 3, 1))
    assert f"该岗位目前由{first.name}在岗" in caught.value.messages[0]

    services.exit_post(None, appointment, dt.date(2026, 2, 28), ExitReason.OTHER_JOB)
    assert appoint(post, second, start=dt.date(2026, 3, 1)).pk


def test_an_exit_records_its_reason_and_ends_the_spell(make_post, make_person, appoint):
    appointment = appoint(make_post(), make_person())

    with pytest.raises(ValidationError):
        services.exit_post(None, appointment, dt.date(2026, 5, 31), ExitReason.OTHER)
    services.exit_post(None, appointment, dt.date(2026, 5, 31), ExitReason.OTHER, "外出务工")

    spell = Employment.objects.get(person=appointment.person)
    assert appointment.exit_reason == ExitReason.OTHER and appointment.exit_note == "外出务工"
    assert spell.end == dt.date(2026, 5, 31)


def test_an_appointment_is_one_spell_of_the_holder(make_post, make_person, appoint):
    post, person = make_post(), make_person()

    appointment = appoint(post, person)
    services.renew(None, appointment, dt.date(2027, 6, 30))
    services.update_post(None, post, subsidy=Decimal(900))

    spell = Employment.objects.get(person=person)
    assert (spell.source, spell.kind, spell.source_ref) == (
        Source.PUBLIC_POST,
        EmploymentKind.PUBLIC_POST,
        f"posts.postappointment:{appointment.pk}",
    )
    assert spell.end is None and spell.monthly_income == Decimal(900) and spell.work_area == "in_county"


def test_monthly_pay_is_the_standard_over_required_days_times_days_worked(make_post, make_person, appoint):
    appointment = appoint(make_post(work_time="full", subsidy=Decimal(1800)), make_person())

    record = services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(20), Decimal(22))

    assert record.due == Decimal("1636.36")
    assert record.explanation == "1800元 ÷ 22天 × 20天 = 1636.36元"


def test_a_full_month_pays_the_standard(make_post, make_person, appoint):
    appointment = appoint(make_post(), make_person())

    record = services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(20))

    assert record.due == Decimal(800) and record.explanation == "800元 ÷ 20天 × 20天 = 800元"


def test_attendance_outside_the_appointment_or_beyond_the_required_days_is_refused(
    make_post, make_person, appoint
):
    appointment = appoint(make_post(), make_person(), start=dt.date(2026, 3, 1))

    with pytest.raises(ValidationError):
        services.record_attendance(None, appointment, dt.date(2026, 2, 1), Decimal(10))
    with pytest.raises(ValidationError):
        services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(21))
    assert services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal("10.5")).due == Decimal(
        420
    )


def test_pay_never_exceeds_what_is_due_and_paid_months_are_settled(make_post, make_person, appoint):
    appointment = appoint(make_post(), make_person())
    record = services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(20))

    with pytest.raises(ValidationError):
        services.pay(None, record, Decimal(801), dt.date(2026, 4, 10))
    services.pay(None, record, Decimal(500), dt.date(2026, 4, 10))
    services.pay(None, record, Decimal(300), dt.date(2026, 4, 20))
    with pytest.raises(ValidationError):
        services.pay(None, record, Decimal(1), dt.date(2026, 4, 21))
    with pytest.raises(ValidationError):
        services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(18))
    assert services.paid_total(record) == Decimal(800)


def test_a_post_with_a_holder_cannot_be_closed(make_post, make_person, appoint):
    post = make_post()
    appointment = appoint(post, make_person())

    with pytest.raises(ValidationError):
        services.close_post(None, post, dt.date(2026, 6, 30), "合并岗位")
    services.exit_post(None, appointment, dt.date(2026, 6, 30), ExitReason.POST_CLOSED)
    services.close_post(None, post, dt.date(2026, 6, 30), "合并岗位")
    assert post.closed_on == dt.date(2026, 6, 30)
