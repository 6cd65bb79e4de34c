import datetime as dt

import pytest
from django.utils import timezone

from conftest import SHANTING, first_township, first_village
from fangfan.accounts.roles import Role
from fangfan.employment import services as employment
from fangfan.relocation import services

pytestmark = pytest.mark.browser


def test_a_site_page_shows_its_employment_rate_and_trend(browser, make_user, make_person):
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    site = services.create_site(
        operator,
        name="幸福家园安置区",
        region=first_township(SHANTING[:6]),
        kind="relocation",
        households_planned=120,
        people_planned=400,
        built_on=dt.date(2020, 6, 1),
    )
    today = timezone.localdate()
    village = first_village(SHANTING[:6])
    for i, name in enumerate(("王大山", "李秀英", "张建国", "刘桂兰")):
        person = make_person(village, name=name)
        services.add_resident(operator, site, person=person, moved_in_on=dt.date(2021, 3, 1))
        if i < 3:
            employment.create_spell(
                operator,
                person,
                start=today - dt.timedelta(days=120 * (i + 1)),
                employer="山亭某食品公司",
                kind="enterprise",
                work_area="in_county",
                monthly_income=3200,
            )

    browser.login(operator)
    browser.open(site.get_absolute_url())

    page = browser.page
    assert page.locator("#site-residents").inner_text() == "4"
    assert page.locator("#site-employed").inner_text() == "3"
    assert page.locator("#site-percent").inner_text() == "75.0%"
    page.wait_for_selector("#site-trend-chart canvas")
    browser.screenshot("relocation-site")

    page.set_viewport_size({"width": 390, "height": 844})
    browser.open(site.get_absolute_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the site page scrolls sideways on a phone ({width}px)"
    browser.screenshot("relocation-site-phone")
