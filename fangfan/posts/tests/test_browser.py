import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, first_village
from fangfan.accounts.roles import Role
from fangfan.posts import services

pytestmark = pytest.mark.browser


def test_the_posts_ledger_lists_holders_and_opens_the_count(browser, make_user, make_person):
    village = first_village(SHANTING[:6])
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    today = dt.date.today()
    for i, (name, work_time) in enumerate(
        [("村庄保洁员", "part"), ("护林员", "full"), ("村级护路员", "part")]
    ):
        post = services.create_post(
            None,
            name=name,
            work_time=work_time,
            village=village,
            employer="村民委员会",
            duties="按岗位职责履职",
            subsidy=Decimal(1800 if work_time == "full" else 800),
            hours_per_month=None if work_time == "full" else 40,
            created_on=dt.date(2024, 1, 1),
        )
        appointment = services.appoint(
            None, post, make_person(village, name=f"岗位人员{i + 1}"), start=today.replace(month=1, day=1)
        )
        services.record_attendance(None, appointment, today.replace(month=1, day=1), Decimal(20), Decimal(22))

    browser.login(operator)
    browser.open("/posts/")

    page = browser.page
    assert page.locator("#ledger-total").inner_text() == "3"
    assert page.get_by_role("link", name="岗位人员2").is_visible()
    browser.screenshot("posts-ledger")

    page.locator("a.figure-link").first.click()
    page.wait_for_url("**/figures/posts.poverty_holders/**")
    assert page.locator("#figure-total").inner_text() == "3"

    page.set_viewport_size({"width": 390, "height": 844})
    browser.open("/posts/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("posts-ledger-phone")
