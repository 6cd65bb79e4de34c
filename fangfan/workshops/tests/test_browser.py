import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, first_village
from fangfan.accounts.roles import Role
from fangfan.workshops import services

pytestmark = pytest.mark.browser


def test_a_workshop_page_shows_its_standard_workers_tracks_and_award(browser, make_user, make_person):
    village = first_village(SHANTING[:6])
    operator = make_user(Role.COUNTY_OPERATOR, SHANTING)
    workshop = services.create_workshop(
        None, name="山亭区巧手编织车间", category="home", operator="山亭区巧手编织专业合作社", village=village
    )
    for i in range(6):
        worker = services.add_worker(
            None,
            workshop,
            make_person(village, name=f"编织工{i + 1}"),
            start=dt.date(2025, 1, 1),
            monthly_wage=Decimal(1800),
            insured=True,
            insurance_premium=Decimal(20),
            job="编织",
        )
        for month in range(1, 11):
            services.record_wage(
                None,
                worker,
                month=dt.date(2026, month, 1),
                amount=Decimal(1800),
                paid_on=dt.date(2026, month, 28),
            )
    services.certify(None, workshop, dt.date(2025, 1, 1))
    services.evaluate_month(None, workshop.__class__.objects.filter(pk=workshop.pk), 2026, 10)
    services.compute_award(None, workshop, dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    browser.login(operator)
    browser.open(f"/workshops/{workshop.pk}/")

    page = browser.page
    assert page.locator("#standard").inner_text().startswith("达标")
    assert page.locator("#workers tbody tr").count() == 6
    assert "扶持一批" in page.locator("#evaluations").inner_text()
    assert "6 人满6个月且工资≥6000元 × 1000元 = 6000元" in page.content()
    browser.screenshot("workshop-detail")

    page.set_viewport_size({"width": 390, "height": 844})
    browser.open(f"/workshops/{workshop.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("workshop-detail-phone")
