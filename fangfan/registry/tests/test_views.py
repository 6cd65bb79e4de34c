import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, first_village
from fangfan.accounts.roles import Role
from fangfan.audit.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, shanting_operator):
    client.force_login(shanting_operator)
    return client


def test_the_list_masks_id_numbers_and_phones(logged_in, make_person):
    person = make_person(name="王大山", phone="13812345678")

    page = logged_in.get("/registry/").content.decode()

    assert "王大山" in page
    assert person.id_number not in page
    assert f"{person.id_number[:6]}********{person.id_number[-4:]}" in page
    assert "138****5678" in page and "13812345678" not in page


@pytest.mark.parametrize("query", ["王大山", "王", "ID", "ID4", "13812345678", "CARD"])
def test_search_by_name_id_phone_or_disability_card(logged_in, make_person, query):
    person = make_person(name="王大山", phone="13812345678")
    make_person(name="李秀英", phone="13900000000")
    query = {"ID": person.id_number, "ID4": person.id_number[:17], "CARD": person.id_number + "43"}.get(
        query, query
    )

    page = logged_in.get("/registry/", {"q": query})

    assert [p.name for p in page.context["page"].items] == ["王大山"]


def test_filters_by_region_category_and_labour(logged_in, make_person, shanting_operator):
    from fangfan.registry import services

    villages = list(first_village(SHANTING[:6]).parent.children.order_by("code")[:2])
    monitored = services.create_household(
        shanting_operator,
        number="M1",
        village=villages[1],
        household_type="monitored",
        monitoring_category="marginal",
    )
    make_person(villages[0], name="甲")
    make_person(villages[1], name="乙", household=monitored)
    make_person(villages[1], name="丙", labour_capacity="none", household=monitored, relation_to_head="son")

    def names(**params):
        return sorted(p.name for p in logged_in.get("/registry/", params).context["page"].items)

    assert names(region=villages[1].code) == ["丙", "乙"]
    assert names(monitoring_category="marginal", labour="yes") == ["乙"]
    assert names(labour_capacity="none") == ["丙"]
    assert names(region="141000000000") == ["丙", "乙", "甲"]  # outside the scope: the filter is ignored


def test_the_list_pages_by_keyset(logged_in, make_person):
    people = [make_person(with_household=False, name=f"人{i:02d}") for i in range(55)]

    first = logged_in.get("/registry/")
    second = logged_in.get("/registry/", {"after": first.context["page"].next_cursor})

    assert first.context["total"] == 55
    assert len(first.context["page"].items) == 50
    assert len(second.context["page"].items) == 5
    assert not second.context["page"].has_next
    assert {p.pk for p in first.context["page"].items} | {p.pk for p in second.context["page"].items} == {
        p.pk for p in people
    }


def test_unmasking_shows_the_full_values_and_is_logged(logged_in, make_person, shanting_operator):
    person = make_person(phone="13812345678")

    response = logged_in.post(f"/registry/people/{person.pk}/unmask/")

    assert person.id_number in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (shanting_operator, "unmask", str(person.pk))


def test_a_city_user_cannot_unmask_and_nothing_is_logged(client, make_user, make_person):
    person = make_person()
    client.force_login(make_user(Role.CITY, "370400000000"))

    response = client.post(f"/registry/people/{person.pk}/unmask/")

    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_the_history_tab_masks_personal_data(logged_in, make_person, shanting_operator):
    from fangfan.registry import services

    person = make_person(phone="13812345678")
    services.update_person(shanting_operator, person, phone="13987654321")

    page = logged_in.get(f"/registry/people/{person.pk}/history/").content.decode()

    assert "联系电话" in page
    assert "139****4321" in page and "13987654321" not in page
    assert person.id_number not in page


def _read(content):
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_export_is_masked_and_logged(logged_in, make_person):
    person = make_person(name="王大山", phone="13812345678")

    rows = _read(logged_in.get("/registry/export/").content)

    assert rows[0][:6] == ["户编号", "县", "乡镇", "村", "村级区划代码", "姓名"]
    assert rows[1][5] == "王大山"
    assert person.id_number not in rows[1]
    assert "138****5678" in rows[1]
    assert AccessLog.objects.get().detail["unmasked"] is False


def test_a_full_export_needs_the_unmask_capability(client, logged_in, make_person, make_user):
    person = make_person()

    full = _read(logged_in.get("/registry/export/", {"full": "1"}).content)
    client.force_login(make_user(Role.CITY, "370400000000"))
    city = _read(client.get("/registry/export/", {"full": "1"}).content)

    assert person.id_number in full[1]
    assert person.id_number not in city[1]


def test_formula_like_text_is_exported_as_text(logged_in, make_person):
    make_person(notes='=HYPERLINK("http://x","点我")', skills="+1-2")

    rows = _read(logged_in.get("/registry/export/").content)

    assert rows[1][-1] == '=HYPERLINK("http://x","点我")'
    assert rows[1][19] == "+1-2"


def test_creating_a_person_through_the_form(logged_in):
    from conftest import make_id
    from fangfan.registry.models import Person

    village = first_village(SHANTING[:6])
    response = logged_in.post(
        "/registry/people/new/",
        {
            "name": "周七",
            "id_number": make_id(village.code),
            "village": village.code,
            "labour_capacity": "ordinary",
            "health": "healthy",
        },
    )

    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/people/{person.pk}/"


def test_form_errors_are_shown_in_chinese_on_the_field(logged_in):
    village = first_village(SHANTING[:6])

    response = logged_in.post(
        "/registry/people/new/",
        {
            "name": "周七",
            "id_number": "370406199001011230",
            "village": village.code,
            "labour_capacity": "ordinary",
            "health": "healthy",
        },
    )

    assert response.status_code == 200
    assert "校验位不正确" in str(response.context["form"].errors["id_number"])


def test_dates_are_written_the_chinese_way(logged_in, make_person):
    import datetime as dt

    from conftest import make_id

    village = first_village(SHANTING[:6])
    person = make_person(village, id_number=make_id(village.code, dt.date(1985, 6, 1)))

    page = logged_in.get(f"/registry/people/{person.pk}/").content.decode()

    assert "1985年6月1日" in page


def test_a_duplicate_registered_through_the_form_is_refused_in_chinese(logged_in, make_person):
    from fangfan.registry.models import Person

    existing = make_person(name="王大山")

    response = logged_in.post(
        "/registry/people/new/",
        {
            "name": "另一人",
            "id_number": existing.id_number,
            "village": existing.village_id,
            "labour_capacity": "ordinary",
            "health": "healthy",
        },
    )

    assert response.status_code == 200
    assert "已登记为王大山" in str(response.context["form"].errors["id_number"])
    assert Person.objects.count() == 1


def test_the_edit_page_shows_full_values_to_an_unmasking_user_and_logs_it(logged_in, make_person):
    person = make_person(phone="13812345678")

    page = logged_in.get(f"/registry/people/{person.pk}/edit/").content.decode()

    assert person.id_number in page and "13812345678" in page
    log = AccessLog.objects.get()
    assert (log.action, log.object_id, log.detail["page"]) == ("unmask", str(person.pk), "edit")


def _edit_data(person, **changes):
    fields = ["name", "id_number", "relation_to_head", "education", "health", "labour_capacity", "phone"]
    fields += ["disability_category", "disability_grade", "skills", "notes"]
    return {f: getattr(person, f) for f in fields} | {"village": person.village_id} | changes


def test_without_unmask_the_edit_form_masks_and_an_unchanged_mask_keeps_the_stored_values(
    shanting_operator, make_person
):
    from fangfan.core.masking import mask_id_number, mask_phone
    from fangfan.registry.forms import PersonForm

    person = make_person(phone="13812345678")
    shown = PersonForm(user=shanting_operator, instance=person, unmasked=False)
    masked = {"id_number": mask_id_number(person.id_number), "phone": mask_phone(person.phone)}

    submitted = PersonForm(
        _edit_data(person, name="王改名", **masked), user=shanting_operator, instance=person, unmasked=False
    )

    rendered = str(shown)
    assert person.id_number not in rendered and "13812345678" not in rendered
    assert masked["id_number"] in rendered and "138****5678" in rendered
    assert submitted.is_valid(), submitted.errors
    assert submitted.cleaned_data["id_number"] == person.id_number
    assert submitted.cleaned_data["phone"] == "13812345678"


def test_without_unmask_a_new_full_value_replaces_and_an_altered_mask_is_refused(
    shanting_operator, make_person
):
    from fangfan.registry.forms import PersonForm

    person = make_person(phone="13812345678")

    replaced = PersonForm(
        _edit_data(person, id_number=person.id_number, phone="13900000000"),
        user=shanting_operator,
        instance=person,
        unmasked=False,
    )
    altered = PersonForm(
        _edit_data(person, id_number=person.id_number[:6] + "********0000", phone="139****0000"),
        user=shanting_operator,
        instance=person,
        unmasked=False,
    )

    assert replaced.is_valid() and replaced.cleaned_data["phone"] == "13900000000"
    assert not altered.is_valid()
    assert "含有*" in altered.errors["id_number"][0] and "含有*" in altered.errors["phone"][0]


def test_saving_the_edit_form_unchanged_changes_nothing(logged_in, make_person):
    from fangfan.audit.models import AuditEvent

    person = make_person(phone="13812345678")
    events = AuditEvent.objects.count()

    response = logged_in.post(f"/registry/people/{person.pk}/edit/", _edit_data(person))

    assert response.status_code == 302
    assert AuditEvent.objects.count() == events


def test_the_household_page_changes_its_head(logged_in, make_person):
    from fangfan.registry.models import Household

    head = make_person(name="王大山")
    son = make_person(name="王小山", household=head.household, relation_to_head="son")

    form = logged_in.get(f"/registry/households/{head.household_id}/head/")
    response = logged_in.post(
        f"/registry/households/{head.household_id}/head/", {"head": son.pk, "previous_relation": "father"}
    )

    assert "王小山（之子）" in form.content.decode()
    assert response.status_code == 302
    assert Household.objects.get(pk=head.household_id).head_id == son.pk
    head.refresh_from_db()
    assert head.relation_to_head == "father"


def test_the_head_page_offers_only_members_of_the_household(logged_in, make_person):
    from fangfan.registry.models import Household

    head = make_person(name="王大山")
    stranger = make_person(name="外人")

    response = logged_in.post(f"/registry/households/{head.household_id}/head/", {"head": stranger.pk})

    assert response.status_code == 200 and response.context["form"].errors["head"]
    assert Household.objects.get(pk=head.household_id).head_id == head.pk


def test_a_long_list_counts_up_to_a_limit_and_loads_the_exact_count_after_the_page(
    logged_in, make_person, monkeypatch
):
    from fangfan.registry import views

    monkeypatch.setattr(views, "EXACT_COUNT_LIMIT", 3)
    for i in range(5):
        make_person(name=f"王{i}", labour_capacity="none" if i == 0 else "ordinary")

    listing = logged_in.get("/registry/", {"labour": "yes"})
    exact = logged_in.get("/registry/count/", {"labour": "yes"})

    assert (listing.context["total"], listing.context["total_capped"]) == (3, True)
    assert 'hx-get="/registry/count/?labour=yes"' in listing.content.decode()
    assert 'hx-trigger="load"' in listing.content.decode()
    assert '<strong class="stat-inline" id="person-total">4</strong>' in exact.content.decode()


def test_a_short_list_is_counted_exactly_inline(logged_in, make_person):
    make_person(name="王大山")

    listing = logged_in.get("/registry/")

    assert (listing.context["total"], listing.context["total_capped"]) == (1, False)
    assert "/registry/count/" not in listing.content.decode()
