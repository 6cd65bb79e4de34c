import pytest

from fangfan.reports import services
from fangfan.reports.definitions import Period

from .conftest import townships, withdraw_from_first_course
from .generated import generate

pytestmark = pytest.mark.browser
PERIOD = Period(2026, 4)


def test_the_city_sees_an_approved_report_with_adjustment_drift_and_drill_down(
    browser, shanting, shanting_records, shanting_operator, shanting_reviewer, city_user
):
    report = services.start_report(
        shanting_operator, shanting, PERIOD, unit_name="山亭区人力资源和社会保障局"
    )
    first = townships(shanting)[0]
    services.adjust(
        shanting_operator,
        report,
        row_code=first.code,
        column_key="trainees",
        value=4,
        reason="培训签到表一人未录入",
    )
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    services.approve(city_user, report, "同意")
    withdraw_from_first_course(shanting_records)

    browser.login(city_user)
    browser.open(f"/reports/progress/{shanting.code}/2026/4/")

    page = browser.page
    assert page.locator("#report-status").inner_text() == "已审核通过"
    total = page.locator(f'tr[data-row="{shanting.code}"] td[data-column="trainees"]')
    assert "已报 5 / 台账现为 4" in total.inner_text()
    adjusted = page.locator(f'tr[data-row="{first.code}"] td[data-column="trainees"]')
    assert "计算值 3" in adjusted.inner_text()
    assert page.get_by_text("口径", exact=True).is_visible()
    browser.screenshot("reports-progress")

    # A frozen figure opens what it counted when submitted; today's list is one link away.
    page.locator(f'tr[data-row="{shanting.code}"] td[data-column="trainees"] a.figure-link').click()
    page.wait_for_url(f"**/v1/{shanting.code}/trainees/")
    assert page.locator("#figure-total").inner_text() == "5"
    assert page.locator('#frozen-list tr[data-state="left"]').count() == 1
    page.locator("#live-list").click()
    page.wait_for_url("**/figures/training.poverty_trainees/**")
    assert page.locator("#figure-total").inner_text() == "4"


def test_the_report_page_fits_a_phone_screen(browser, shanting, shanting_records, shanting_operator):
    browser.page.set_viewport_size({"width": 390, "height": 844})
    browser.login(shanting_operator)
    browser.open(f"/reports/progress/{shanting.code}/2026/4/")

    width = browser.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert browser.page.locator("#progress-table").is_visible()
    browser.screenshot("reports-progress-phone")


def test_a_city_report_over_every_instrument(browser, make_person, city_user):
    generate(make_person)

    browser.login(city_user)
    browser.open("/reports/progress/370400000000/2026/4/")

    page = browser.page
    cells = page.locator("#progress-table a.figure-link")
    assert cells.count() == 12 * (1 + page.locator("#progress-table tbody tr").count() - 1)
    assert page.locator('tr[data-row="370400000000"] td').first.inner_text().startswith("枣庄市")
    browser.screenshot("reports-progress-city")

    # A district's figure opens a list of as many records as the figure says.
    cell = page.locator('tr[data-row="370406000000"] td[data-column="relief_local_workers"] a.figure-link')
    shown = cell.inner_text()
    assert int(shown) > 0
    cell.click()
    page.wait_for_url("**/figures/relief.local_workers/**")
    assert page.locator("#figure-total").inner_text() == shown
