import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import SHANTING, TENGZHOU, first_village, make_id
from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent
from fangfan.registry import services
from fangfan.registry.models import Household, Person

pytestmark = pytest.mark.django_db


def test_a_person_gets_birth_date_and_sex_from_the_id_and_an_audit_event(shanting_operator):
    village = first_village(SHANTING[:6])
    number = make_id(village.code, dt.date(1979, 3, 8), seq=7, male=False)

    person = services.create_person(
        shanting_operator, name="李秀英", id_number=number, village=village, labour_capacity="ordinary"
    )

    assert (person.birth_date, person.sex) == (dt.date(1979, 3, 8), "F")
    person.refresh_from_db()
    assert person.is_labourer is True
    event = AuditEvent.objects.get(action="registry.person.create", object_id=str(person.pk))
    assert event.actor == shanting_operator
    assert event.after["id_number"] == number
    assert event.region_id == village.code


def test_a_given_birth_date_that_contradicts_the_id_is_refused(shanting_operator):
    village = first_village(SHANTING[:6])

    with pytest.raises(ValidationError) as error:
        services.create_person(
            shanting_operator,
            name="张三",
            id_number=make_id(village.code),
            village=village,
            labour_capacity="ordinary",
            birth_date=dt.date(1990, 1, 1),
        )

    assert "出生日期与身份证号不符" in error.value.message_dict["birth_date"][0]
    assert not Person.objects.exists()


def test_a_disability_card_number_fills_the_disability(shanting_operator):
    village = first_village(SHANTING[:6])

    person = services.create_person(
        shanting_operator,
        name="赵四",
        id_number=make_id(village.code) + "43",
        village=village,
        labour_capacity="weak",
    )

    assert len(person.id_number) == 18
    assert (person.disability_category, person.disability_grade, person.health) == ("4", "3", "disabled")


def test_a_duplicate_id_names_the_existing_person_to_someone_who_may_see_them(shanting_operator, make_person):
    existing = make_person(name="王大山")

    with pytest.raises(ValidationError) as error:
        services.create_person(
            shanting_operator,
            name="另一人",
            id_number=existing.id_number,
            village=existing.village,
            labour_capacity="ordinary",
        )

    message = error.value.message_dict["id_number"][0]
    assert "王大山" in message
    assert existing.household.number in message


def test_a_duplicate_id_from_another_county_is_refused_without_naming_the_person(
    tengzhou_operator, make_person
):
    existing = make_person(name="王大山")
    village = first_village(TENGZHOU[:6])

    with pytest.raises(ValidationError) as error:
        services.create_person(
            tengzhou_operator,
            name="另一人",
            id_number=existing.id_number,
            village=village,
            labour_capacity="ordinary",
        )

    message = error.value.message_dict["id_number"][0]
    assert "其他地区" in message
    assert "王大山" not in message
    assert Person.objects.count() == 1


def test_an_update_writes_only_the_changed_fields_and_audits_the_difference(shanting_operator, make_person):
    person = make_person(phone="13800000001", skills="电工")

    with CaptureQueriesContext(connection) as queries:
        services.update_person(shanting_operator, person, phone="13900000002", skills="电工")

    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert '"phone"' in update and '"skills"' not in update and '"name"' not in update
    event = AuditEvent.objects.get(action="registry.person.update")
    assert event.before == {"phone": "13800000001"}
    assert event.after == {"phone": "13900000002"}


def test_an_update_that_changes_nothing_writes_nothing(shanting_operator, make_person):
    person = make_person(phone="13800000001")
    events = AuditEvent.objects.count()

    services.update_person(shanting_operator, person, phone="13800000001")

    assert AuditEvent.objects.count() == events


def test_a_person_cannot_be_registered_outside_the_users_county(tengzhou_operator):
    village = first_village(SHANTING[:6])

    with pytest.raises(PermissionDenied):
        services.create_person(
            tengzhou_operator,
            name="张三",
            id_number=make_id(village.code),
            village=village,
            labour_capacity="ordinary",
        )

    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_city_user_may_read_but_not_write(make_user, make_person):
    person = make_person()
    city = make_user(Role.CITY, "370400000000")

    with pytest.raises(PermissionDenied):
        services.update_person(city, person, phone="13900000002")

    assert Person.objects.get(pk=person.pk).phone == ""


def test_a_village_worker_writes_only_in_their_village(make_user):
    other = None
    villages = list(first_village(SHANTING[:6]).parent.children.order_by("code")[:2])
    worker = make_user(Role.VILLAGE_WORKER, villages[0].code)

    own = services.create_household(worker, number="H1", village=villages[0], household_type="exited")
    with pytest.raises(PermissionDenied):
        other = services.create_household(worker, number="H2", village=villages[1], household_type="exited")

    assert own.pk and other is None
    assert list(Household.objects.values_list("number", flat=True)) == ["H1"]


def test_a_monitored_household_needs_a_category(shanting_operator):
    with pytest.raises(ValidationError) as error:
        services.create_household(
            shanting_operator, number="H1", village=first_village(SHANTING[:6]), household_type="monitored"
        )

    assert "监测对象类别" in str(error.value)


def test_the_village_must_be_a_village(shanting_operator):
    township = first_village(SHANTING[:6]).parent

    with pytest.raises(ValidationError, match="村"):
        services.create_household(shanting_operator, number="H1", village=township, household_type="exited")


def test_a_person_who_left_stays_in_the_ledger_with_history(shanting_operator, make_person):
    person = make_person()

    services.mark_left(shanting_operator, person, dt.date(2026, 5, 1), "moved")

    person.refresh_from_db()
    assert (person.left_on, person.left_reason) == (dt.date(2026, 5, 1), "moved")
    assert Person.objects.current().count() == 0
    assert AuditEvent.objects.filter(action="registry.person.update", object_id=str(person.pk)).exists()


def test_the_head_of_a_new_household_is_set_from_the_relation(shanting_operator, make_person):
    head = make_person(relation_to_head="head")

    assert Household.objects.get(pk=head.household_id).head_id == head.pk


def test_a_contradicting_birth_date_is_named_in_the_chinese_date_form(shanting_operator):
    village = first_village(SHANTING[:6])

    with pytest.raises(ValidationError) as error:
        services.create_person(
            shanting_operator,
            name="张三",
            id_number=make_id(village.code, dt.date(1985, 6, 1)),
            village=village,
            labour_capacity="ordinary",
            birth_date=dt.date(1990, 1, 1),
        )

    assert "身份证号为1985年6月1日" in error.value.message_dict["birth_date"][0]


def test_changing_an_id_number_to_one_already_registered_is_refused(shanting_operator, make_person):
    existing = make_person(name="王大山")
    other = make_person(name="李秀英")

    with pytest.raises(ValidationError) as error:
        services.update_person(shanting_operator, other, id_number=existing.id_number)

    assert "已登记为王大山" in error.value.message_dict["id_number"][0]
    other.refresh_from_db()
    assert other.id_number != existing.id_number


def _family(make_person):
    head = make_person(name="王大山")
    wife = make_person(name="李秀英", household=head.household, relation_to_head="spouse")
    return Household.objects.get(pk=head.household_id), head, wife


def test_changing_the_head_moves_the_relation_and_audits_every_step(shanting_operator, make_person):
    household, head, wife = _family(make_person)

    services.set_head(shanting_operator, household, wife, previous_relation="spouse")

    household.refresh_from_db()
    head.refresh_from_db()
    wife.refresh_from_db()
    assert household.head_id == wife.pk
    assert (wife.relation_to_head, head.relation_to_head) == ("head", "spouse")
    event = AuditEvent.objects.filter(action="registry.household.set_head").latest("id")
    assert (event.before, event.after) == ({"head_id": head.pk}, {"head_id": wife.pk})
    assert AuditEvent.objects.filter(action="registry.person.update", object_id=str(head.pk)).exists()


def test_a_person_whose_relation_stops_being_head_leaves_the_household_headless(
    shanting_operator, make_person
):
    household, head, _ = _family(make_person)

    services.update_person(shanting_operator, head, relation_to_head="son")

    household.refresh_from_db()
    assert household.head_id is None
    assert AuditEvent.objects.filter(
        action="registry.household.set_head", object_id=str(household.pk)
    ).exists()


def test_a_member_whose_relation_becomes_head_heads_a_headless_household(shanting_operator, make_person):
    household, head, wife = _family(make_person)
    services.update_person(shanting_operator, head, relation_to_head="son")

    services.update_person(shanting_operator, wife, relation_to_head="head")

    household.refresh_from_db()
    assert household.head_id == wife.pk


def test_a_second_head_is_refused_and_points_to_the_change_of_head(shanting_operator, make_person):
    household, head, wife = _family(make_person)

    with pytest.raises(ValidationError) as edit:
        services.update_person(shanting_operator, wife, relation_to_head="head")
    with pytest.raises(ValidationError) as new:
        make_person(name="新人", household=household, relation_to_head="head")

    for error in (edit, new):
        assert "本户户主为王大山" in error.value.message_dict["relation_to_head"][0]
    wife.refresh_from_db()
    household.refresh_from_db()
    assert wife.relation_to_head == "spouse" and household.head_id == head.pk
