"""seed_demo: valid, plausible and deterministic demo data."""

import datetime as dt

import pytest
from django.core.management import call_command

from conftest import SHANTING
from fangfan.accounts.models import User
from fangfan.accounts.roles import ROLE_LEVEL
from fangfan.audit.models import AuditEvent
from fangfan.registry import idnumber
from fangfan.registry.demo import TODAY
from fangfan.registry.models import Household, Person

pytestmark = pytest.mark.django_db


def seed(seed=5, *extra):
    call_command("seed_demo", "--city", SHANTING[:6], "--persons", "300", "--seed", str(seed), *extra)


def people():
    return list(
        Person.objects.order_by("id_number").values_list(
            "name",
            "id_number",
            "birth_date",
            "relation_to_head",
            "labour_capacity",
            "phone",
            "household__number",
        )
    )


def wipe():
    Household.objects.update(head=None)
    Person.objects.all().delete()
    Household.objects.all().delete()


def test_every_id_is_valid_and_names_the_persons_county_birth_and_sex():
    seed(5, "--no-users")

    found = list(Person.objects.values_list("id_number", "village_id", "birth_date", "sex"))

    assert len(found) >= 300
    for number, village, birth, sex in found:
        parsed = idnumber.parse(number, TODAY)
        assert number[:6] == village[:6] == SHANTING[:6]
        assert (parsed.birth_date, parsed.sex) == (birth, sex)
    assert AuditEvent.objects.get(action="registry.seed_demo").after["persons"] == len(found)


def test_the_same_seed_gives_the_same_people_and_another_seed_others():
    seed(5, "--no-users")
    first = people()
    wipe()

    seed(5, "--no-users")
    again = people()
    wipe()
    seed(6, "--no-users")

    assert again == first
    assert people() != first


def test_every_household_has_a_head_who_is_its_member_and_is_called_head():
    seed(5, "--no-users")

    households = Household.objects.select_related("head")

    assert households.exists()
    for household in households:
        assert household.head is not None
        assert household.head.household_id == household.pk
        assert household.head.relation_to_head == "head"


def test_monitored_households_are_identified_since_2021_and_some_have_their_risk_eliminated():
    seed(5, "--no-users")
    monitored = Household.objects.filter(household_type="monitored")
    exited = Household.objects.filter(household_type="exited")

    assert monitored.exists() and not monitored.filter(monitoring_category="").exists()
    for identified, eliminated in monitored.values_list("identified_on", "exited_on"):
        assert dt.date(2021, 1, 1) <= identified <= TODAY
        assert eliminated is None or identified < eliminated <= TODAY
    assert monitored.filter(exited_on__isnull=False).exists()
    assert not exited.exclude(monitoring_category="").exists()
    assert not exited.filter(exited_on__isnull=False).exists()


def test_demo_users_get_one_account_per_role_anchored_at_the_roles_level(capsys):
    seed(5)

    users = User.objects.all()

    assert {u.role for u in users} == set(ROLE_LEVEL)
    for user in users:
        assert (user.region.level if user.region else None) == ROLE_LEVEL[user.role]
        assert user.region is None or SHANTING[:6].startswith(user.region.prefix[:6])  # on the county's path
    assert "演示账号" in capsys.readouterr().out
