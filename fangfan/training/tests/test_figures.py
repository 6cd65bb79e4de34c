import datetime as dt

import pytest

from conftest import SHANTING, TENGZHOU, first_village, region
from fangfan.core import figures
from fangfan.employment import services as employment
from fangfan.training import services

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def names(key, where=None, first=FIRST, last=LAST):
    return {str(p) for p in figures.get(key).queryset(where or region(SHANTING), first, last)}


def test_poverty_trainees_count_each_participant_once(shanting_operator, make_course, make_person, make_user):
    spring, autumn = (
        make_course(),
        make_course(name="秋季班", start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 20)),
    )
    last_year = make_course(name="上年班", start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 20))
    twice, dropped_early, dropped_late, old = (
        make_person(name="两个班"),
        make_person(name="开班前退出"),
        make_person(name="中途退出"),
        make_person(name="上年学员"),
    )
    services.enrol(shanting_operator, spring, person=twice, completed=True)
    services.enrol(shanting_operator, autumn, person=twice)
    services.enrol(shanting_operator, spring, person=dropped_early, withdrawn_on=dt.date(2024, 2, 28))
    services.enrol(shanting_operator, spring, person=dropped_late, withdrawn_on=dt.date(2024, 3, 5))
    services.enrol(shanting_operator, last_year, person=old, completed=True)
    city = make_user("city", "370400000000")
    tengzhou_course = make_course(actor=city, name="滕州班", region=region(TENGZHOU))
    services.enrol(city, tengzhou_course, person=make_person(first_village(TENGZHOU[:6]), name="滕州学员"))

    assert names("training.poverty_trainees") == {"两个班", "中途退出"}
    assert figures.get("training.poverty_trainees").value(region(SHANTING), FIRST, LAST) == 2
    assert names("training.poverty_trainees", region("370400000000")) == {"两个班", "中途退出", "滕州学员"}
    assert names("training.courses") == {"2024年第一期电工订单班", "秋季班"}


def test_completed_and_certified_count_by_completion_date(shanting_operator, make_course, make_person):
    course = make_course()
    services.enrol(
        shanting_operator, course, person=make_person(name="有证"), completed=True, certificate="special"
    )
    services.enrol(shanting_operator, course, person=make_person(name="无证"), completed=True)
    services.enrol(shanting_operator, course, person=make_person(name="在训"))

    assert names("training.completed") == {"有证", "无证"}
    assert names("training.certified") == {"有证"}
    assert names("training.completed", first=dt.date(2024, 4, 1)) == set()


def test_employed_trainees_need_a_spell_from_the_course_start(shanting_operator, make_course, make_person):
    course = make_course()
    after, before = make_person(name="培训后就业"), make_person(name="培训前就业")
    for person, start in ((after, dt.date(2024, 4, 1)), (before, dt.date(2023, 1, 1))):
        services.enrol(shanting_operator, course, person=person, completed=True)
        employment.create_spell(
            shanting_operator,
            person,
            start=start,
            employer="电气公司",
            kind="enterprise",
            work_area="in_county",
            monthly_income=3800,
        )

    assert names("training.employed_trainees") == {"培训后就业"}
