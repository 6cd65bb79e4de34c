"""Courses, enrolments and the course subsidy: each rule firing and not firing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import region
from fangfan.audit.models import AuditEvent
from fangfan.training import services
from fangfan.training.models import TrainingRule

pytestmark = pytest.mark.django_db


def test_an_order_course_must_name_its_employer(make_course):
    with pytest.raises(ValidationError) as exc:
        make_course(employer="")

    assert "订单式培训须填写合作用工单位" in str(exc.value)


def test_a_general_course_needs_no_employer(make_course):
    assert make_course(kind="general", employer="").employer == ""


def test_a_course_cannot_end_before_it_starts(make_course):
    with pytest.raises(ValidationError) as exc:
        make_course(end=dt.date(2024, 2, 1))

    assert "结业日期不能早于开班日期" in str(exc.value)


def test_a_completed_trainee_without_a_date_completed_when_the_course_ended(
    shanting_operator, make_course, make_person
):
    course = make_course()

    enrolment = services.enrol(shanting_operator, course, person=make_person(), completed=True)

    assert enrolment.completed_on == dt.date(2024, 3, 20)
    assert AuditEvent.objects.filter(
        action="training.trainingenrolment.create", context__parent=f"training.training:{course.pk}"
    ).exists()


def test_a_trainee_cannot_both_complete_and_withdraw(shanting_operator, make_course, make_person):
    with pytest.raises(ValidationError) as exc:
        services.enrol(
            shanting_operator,
            make_course(),
            person=make_person(),
            completed=True,
            withdrawn_on=dt.date(2024, 3, 5),
        )

    assert "不能同时填写退出日期" in str(exc.value)


def test_a_certificate_needs_completion(shanting_operator, make_course, make_person):
    with pytest.raises(ValidationError) as exc:
        services.enrol(shanting_operator, make_course(), person=make_person(), certificate="completion")

    assert "取得证书的学员须为结业学员" in str(exc.value)


def test_a_person_enrols_once_per_course(shanting_operator, make_course, make_person):
    course, person = make_course(), make_person(name="重复")
    services.enrol(shanting_operator, course, person=person)

    with pytest.raises(ValidationError) as exc:
        services.enrol(shanting_operator, course, person=person)

    assert "重复已在本培训班中" in str(exc.value)


def test_moving_a_course_start_after_a_completion_is_refused(shanting_operator, make_course, make_person):
    course = make_course()
    services.enrol(
        shanting_operator,
        course,
        person=make_person(name="已结业"),
        completed=True,
        completed_on=dt.date(2024, 3, 2),
    )

    with pytest.raises(ValidationError) as exc:
        services.update_training(shanting_operator, course, start=dt.date(2024, 3, 10))

    assert "学员已结业" in str(exc.value)
    course.refresh_from_db()
    assert course.start == dt.date(2024, 3, 1)


@pytest.fixture
def trained(shanting_operator, make_course, make_person):
    course = make_course()
    for certificate in ("completion", "skill_level", ""):
        services.enrol(
            shanting_operator, course, person=make_person(), completed=True, certificate=certificate
        )
    services.enrol(shanting_operator, course, person=make_person(), withdrawn_on=dt.date(2024, 3, 5))
    return course


def test_by_default_the_subsidy_pays_trainees_who_completed_with_a_certificate(trained):
    result = services.subsidy(trained)

    assert (result.eligible, result.amount) == (2, Decimal("3000.00"))
    assert result.text == (
        "2人结业并取得证书（系统默认值：须取得证书） × 1,500.00元/人（系统默认值的订单式培训补贴标准）= 3,000.00元"
    )


def test_a_province_may_pay_every_completer_at_its_own_standard(trained):
    TrainingRule.objects.create(
        region=region("370000000000"), subsidy_order=Decimal(1800), certificate_required=False
    )

    result = services.subsidy(trained)

    assert (result.eligible, result.amount) == (3, Decimal("5400.00"))
    assert "山东省设定的订单式培训补贴标准" in result.text


def test_a_course_standard_overrides_the_rule(shanting_operator, trained):
    services.update_training(shanting_operator, trained, subsidy_standard=Decimal(1200))

    result = services.subsidy(trained)

    assert result.amount == Decimal("2400.00")
    assert "本班核定的标准" in result.text


def test_a_city_rule_wins_over_the_province(trained):
    TrainingRule.objects.create(region=region("370000000000"), subsidy_order=Decimal(1800))
    TrainingRule.objects.create(region=region("370400000000"), subsidy_order=Decimal(2000))

    assert services.subsidy(trained).amount == Decimal("4000.00")
