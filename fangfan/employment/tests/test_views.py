"""Spells entered on the person page: forms, scope, and the person's months."""

import datetime as dt

import pytest

from conftest import TENGZHOU, first_village
from fangfan.audit.models import AuditEvent
from fangfan.employment import ledger
from fangfan.employment.models import Employment, MonthlyRecord, Source
from fangfan.employment.rules import add_months

pytestmark = pytest.mark.django_db
NOW = ledger.current_month()


def spell_post(**overrides):
    data = {
        "start": add_months(NOW, -2).isoformat(),
        "end": "",
        "employer": "山亭某食品厂",
        "kind": "enterprise",
        "work_area": "in_county",
        "destination": "",
        "monthly_income": "2800",
        "notes": "",
    }
    return data | overrides


def test_the_person_page_has_the_employment_tab_with_months(
    client, shanting_operator, make_person, make_spell
):
    person = make_person(name="孙丽")
    make_spell(person, add_months(NOW, -1), income=3100, employer="村就业帮扶车间")

    client.force_login(shanting_operator)
    page = client.get(f"/registry/people/{person.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="tab-employment"' in html
    assert "村就业帮扶车间" in html
    assert "新增务工记录" in html
    assert page.context["sections"][0].context["history"][0][1].income == 3100


def test_a_spell_added_on_the_person_page_counts_at_once(client, shanting_operator, make_person):
    person = make_person()
    client.force_login(shanting_operator)

    response = client.post(f"/employment/people/{person.pk}/spells/new/", spell_post())

    assert response.status_code == 302
    assert response["Location"].endswith(f"/registry/people/{person.pk}/#tab-employment")
    assert MonthlyRecord.objects.filter(person=person, month=NOW, income=2800).exists()


def test_a_bad_spell_shows_chinese_errors_and_saves_nothing(client, shanting_operator, make_person):
    person = make_person()
    client.force_login(shanting_operator)

    page = client.post(
        f"/employment/people/{person.pk}/spells/new/",
        spell_post(end=add_months(NOW, -3).isoformat(), work_area="out_of_province"),
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "结束日期不能早于开始日期" in html
    assert "省外务工须填写务工所在省" in html
    assert not Employment.objects.exists()


@pytest.mark.parametrize(
    "typed, province, city",
    [
        ("苏州", "320000000000", "320500000000"),
        ("江苏省苏州市", "320000000000", "320500000000"),
        ("江苏省", "320000000000", None),
        ("320500", "320000000000", "320500000000"),
    ],
)
def test_the_destination_is_any_province_or_city_typed_by_name_or_code(
    client, shanting_operator, make_person, typed, province, city
):
    person = make_person()
    client.force_login(shanting_operator)

    response = client.post(
        f"/employment/people/{person.pk}/spells/new/",
        spell_post(work_area="out_of_province", destination=typed),
    )

    assert response.status_code == 302
    spell = Employment.objects.get(person=person)
    assert (spell.destination_province_id, spell.destination_city_id) == (province, city)
    edit = client.get(f"/employment/spells/{spell.pk}/edit/").content.decode()
    assert f'value="江苏省{"苏州市" if city else ""}"' in edit and 'list="destination-options"' in edit


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "省外务工须填写务工所在省"),
        ("火星", "找不到名为“火星”"),
        ("山东省", "务工所在省是本省"),
        ("朝阳区", "级区划"),
    ],
)
def test_a_wrong_destination_is_named_on_its_field_and_saves_nothing(
    client, shanting_operator, make_person, typed, message
):
    person = make_person()
    client.force_login(shanting_operator)

    page = client.post(
        f"/employment/people/{person.pk}/spells/new/",
        spell_post(work_area="out_of_province", destination=typed),
    )

    assert page.status_code == 200
    errors = page.context["form"].errors
    assert any(message in e for e in errors.get("destination", []) + errors.get("work_area", [])), errors
    assert not Employment.objects.exists()


def test_a_spell_is_edited_ended_and_deleted_from_the_page(
    client, shanting_operator, make_person, make_spell
):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -3))
    client.force_login(shanting_operator)

    client.post(
        f"/employment/spells/{spell.pk}/edit/",
        spell_post(start=spell.start.isoformat(), monthly_income="3300"),
    )
    assert MonthlyRecord.objects.get(person=person, month=NOW).income == 3300
    client.post(
        f"/employment/spells/{spell.pk}/end/",
        {"end": (add_months(NOW, -1) - dt.timedelta(days=1)).isoformat()},
    )
    assert not MonthlyRecord.objects.filter(person=person, month__gte=add_months(NOW, -1)).exists()
    client.post(f"/employment/spells/{spell.pk}/delete/")

    assert not Employment.objects.exists()
    assert not MonthlyRecord.objects.exists()


def test_another_county_cannot_read_or_write_the_spells(client, tengzhou_operator, make_person, make_spell):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -3))
    before = (list(Employment.objects.values()), AuditEvent.objects.count(), MonthlyRecord.objects.count())
    client.force_login(tengzhou_operator)

    responses = [
        client.get(f"/employment/people/{person.pk}/spells/new/"),
        client.post(f"/employment/people/{person.pk}/spells/new/", spell_post()),
        client.post(f"/employment/spells/{spell.pk}/edit/", spell_post(monthly_income="9999")),
        client.post(f"/employment/spells/{spell.pk}/end/", {"end": NOW.isoformat()}),
        client.post(f"/employment/spells/{spell.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert (
        list(Employment.objects.values()),
        AuditEvent.objects.count(),
        MonthlyRecord.objects.count(),
    ) == before


def test_a_spell_an_instrument_owns_cannot_be_changed_from_the_page(
    client, tengzhou_operator, make_person, make_spell
):
    person = make_person(first_village(TENGZHOU[:6]))
    spell = make_spell(person, add_months(NOW, -3), source=Source.WORKSHOP, source_ref="workshops.worker:9")
    client.force_login(tengzhou_operator)

    response = client.post(f"/employment/spells/{spell.pk}/delete/", follow=True)

    assert "请在就业帮扶车间中修改" in response.content.decode()
    assert Employment.objects.filter(pk=spell.pk).exists()


def test_those_who_may_import_find_the_monthly_report_in_the_menu_dashboard_and_ledger(
    client, shanting_operator
):
    client.force_login(shanting_operator)
    address = 'href="/imports/new/employment/"'

    home, dashboard, ledger_page = (
        client.get(p).content.decode() for p in ("/", "/monitoring/", "/registry/")
    )

    assert f"{address}>务工月报</a>" in home
    assert address in dashboard and "导入务工月报" in dashboard
    assert address in ledger_page and "导入务工月报" in ledger_page
    assert client.get("/imports/new/employment/").status_code == 200


def test_those_who_may_not_import_see_no_entry(client, make_user):
    from conftest import ZAOZHUANG
    from fangfan.accounts.roles import Role

    client.force_login(make_user(Role.CITY, ZAOZHUANG))

    pages = [client.get(p).content.decode() for p in ("/", f"/monitoring/?region={ZAOZHUANG}", "/registry/")]

    assert all("/imports/new/employment/" not in html for html in pages)
