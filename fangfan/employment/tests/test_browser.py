import pytest

from conftest import first_village
from fangfan.accounts.roles import Role
from fangfan.employment import ledger
from fangfan.employment.models import Employment, MonthlyRecord

pytestmark = pytest.mark.browser
NOW = ledger.current_month()


def test_a_village_worker_adds_a_job_on_the_person_page_from_a_phone(browser, make_user, make_person):
    village = first_village("370406")
    person = make_person(village, name="赵春花")
    browser.page.set_viewport_size({"width": 390, "height": 844})
    browser.login(make_user(Role.VILLAGE_WORKER, village.code))
    page = browser.page

    browser.open(f"/registry/people/{person.pk}/")
    page.get_by_role("tab", name="务工").click()
    page.get_by_role("link", name="新增务工记录").click()
    page.wait_for_url("**/spells/new/")
    page.fill("#id_start", NOW.isoformat())
    page.fill("#id_employer", "苏州某电子厂")
    page.select_option("#id_kind", "enterprise")
    page.select_option("#id_work_area", "out_of_province")
    page.fill("#id_destination", "苏州")
    page.fill("#id_monthly_income", "4800")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, (
        "the form scrolls sideways on a phone"
    )
    browser.screenshot("employment-spell-form-phone")
    page.get_by_role("button", name="保存").click()

    page.wait_for_url(f"**/registry/people/{person.pk}/#tab-employment")
    assert page.locator("#spells").get_by_text("苏州某电子厂").is_visible()
    assert "江苏省苏州市" in page.locator("#spells").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("employment-person-phone")
    spell = Employment.objects.get(person=person)
    assert (spell.destination_city_id, spell.monthly_income) == ("320500000000", 4800)
    assert MonthlyRecord.objects.filter(person=person, month=NOW, work_area="out_of_province").exists()
