import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, first_village, make_id
from fangfan.accounts.roles import Role
from fangfan.relief import services

pytestmark = pytest.mark.browser


def test_a_project_page_shows_funds_wage_share_and_hires_on_a_desktop_and_a_phone(
    browser, make_user, make_person
):
    # Given a project with its funds, a registry person and a local labourer hired, and March paid
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    village = first_village(SHANTING[:6])
    project = services.create_project(
        operator,
        name="双山村生产道路以工代赈项目",
        owner="山亭区发展和改革局",
        contractor="枣庄某建设有限公司",
        village=village,
        start=dt.date(2026, 3, 1),
        central_funds=Decimal(1_000_000),
        provincial_funds=Decimal(200_000),
        planned_wages=Decimal(320_000),
        attendance_mode="monthly",
    )
    person = make_person(village, name="王强")
    workers = [
        {"name": "王强", "id_number": person.id_number},
        {"name": "村民乙", "id_number": make_id(village.code, seq=301), "village": village},
    ]
    hires = [
        services.hire_labourer(operator, project, w, start=dt.date(2026, 3, 1), daily_wage=Decimal(150))
        for w in workers
    ]
    sheet = services.sheet_for(operator, project, dt.date(2026, 3, 1))
    for item in hires:
        services.record_attendance(operator, sheet, item, days=Decimal(20))
    services.close_attendance(operator, sheet, dt.date(2026, 3, 31))
    services.start_publicity(operator, sheet, dt.date(2026, 4, 1))
    services.pay_in_full(operator, sheet, dt.date(2026, 4, 10))

    # When the operator opens the project page
    browser.login(operator)
    browser.open(project.get_absolute_url())

    # Then it shows the funds in total, the wage share and both hires, and fits a phone
    page = browser.page
    assert page.locator("#total-funds").inner_text() == "1,200,000.00"
    assert "32.0%" in page.locator("#wage-share").inner_text()
    assert "王强" in page.content() and "村民乙" in page.content()
    browser.screenshot("relief-project")
    page.set_viewport_size({"width": 390, "height": 844})
    browser.open(project.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("relief-project-phone")
