import datetime as dt

import pytest

from conftest import SHANTING, first_village, region
from fangfan.accounts.roles import Role
from fangfan.training import services

pytestmark = pytest.mark.browser


def test_a_course_page_shows_its_trainees_and_subsidy_on_a_desktop_and_a_phone(
    browser, make_user, make_person
):
    # Given a finished 订单 course with three trainees, two of them certified
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    course = services.create_training(
        operator,
        name="2024年第一期电工订单班",
        region=region(SHANTING),
        kind="order",
        provider="山亭区职业培训学校",
        occupation="电工",
        employer="枣庄某电气公司",
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 20),
    )
    village = first_village(SHANTING[:6])
    for i, certificate in enumerate(["电工五级", "电工五级", ""]):
        services.enrol(
            operator,
            course,
            person=make_person(village, name=f"学员{i + 1}"),
            completed=True,
            certificate=certificate,
        )

    # When the operator opens the course page
    browser.login(operator)
    browser.open(course.get_absolute_url())

    # Then it lists the trainees and explains the subsidy, and fits a phone
    page = browser.page
    assert page.locator("#enrolment-count").inner_text() == "3"
    assert page.locator("#subsidy").inner_text().endswith("= 3,000.00元")
    assert "2人结业并取得证书" in page.locator("#subsidy").inner_text()
    browser.screenshot("training-course")
    page.set_viewport_size({"width": 390, "height": 844})
    browser.open(course.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("training-course-phone")
