import pytest

from conftest import SHANTING, first_village
from fangfan.accounts.roles import Role

pytestmark = pytest.mark.browser


def test_a_county_operator_logs_in_and_opens_the_ledger(browser, make_user, make_person):
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    make_person(first_village(SHANTING[:6]), name="王大山", phone="13800000001")

    browser.login(operator)
    browser.open("/registry/")

    assert browser.page.locator("#person-total").inner_text() == "1"
    assert browser.page.get_by_role("link", name="王大山").is_visible()
    assert "138****0001" in browser.page.content()
    browser.screenshot("registry-list")

    browser.page.get_by_role("link", name="王大山").click()
    browser.page.wait_for_url("**/registry/people/**")
    assert browser.page.get_by_text("一人一档").is_visible()
    browser.screenshot("registry-person")


def test_the_ledger_fits_a_phone_screen(browser, make_user, make_person):
    worker = make_user(Role.VILLAGE_WORKER, first_village(SHANTING[:6]).code)
    make_person(first_village(SHANTING[:6]), name="李秀英")
    browser.page.set_viewport_size({"width": 390, "height": 844})

    browser.login(worker)
    browser.open("/registry/")

    assert browser.page.get_by_role("link", name="李秀英").is_visible()
    width = browser.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    browser.screenshot("registry-list-phone")
