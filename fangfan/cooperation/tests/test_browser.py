import datetime as dt
from decimal import Decimal

import pytest

from conftest import LINFEN, SHANTING, first_township, region
from fangfan.accounts.roles import Role
from fangfan.cooperation import services

pytestmark = pytest.mark.browser


def test_an_operator_adds_a_member_to_a_seasonal_batch(browser, make_user, make_person):
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    cooperative = services.create_cooperative(
        operator,
        name="兴农劳务专业合作社",
        region=first_township(SHANTING[:6]),
        leader="李明",
        registered_on=dt.date(2022, 5, 1),
    )
    batch = services.create_batch(
        operator,
        name="2024年秋季赴临汾采摘输出",
        region=region(SHANTING),
        cooperative=cooperative,
        employer="临汾某果业合作社",
        job="采摘",
        destination=region(LINFEN),
        departure=dt.date(2024, 9, 1),
        seasonal=True,
        return_on=dt.date(2024, 11, 30),
        monthly_wage=Decimal(4200),
    )
    services.add_member(operator, batch, person=make_person(name="王大山"))
    newcomer = make_person(name="李秀英")

    browser.login(operator)
    browser.open(batch.get_absolute_url())
    page = browser.page
    assert "未超过系统默认值的183天上限" in page.locator("#seasonal-check").inner_text()
    page.fill("input[name=person]", newcomer.id_number)
    page.get_by_role("button", name="添加").click()
    page.wait_for_selector("text=已添加输出人员")

    assert page.locator("#member-count").inner_text() == "2"
    assert page.get_by_role("link", name="李秀英").is_visible()
    browser.screenshot("cooperation-batch")
