"""The ledger follows people the registry moves, however they are moved: the ledger import and a
household changing village reach the employment hooks as the person edit does."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import SHANTING
from fangfan.audit.models import AuditEvent
from fangfan.employment import checks
from fangfan.employment import hooks as employment_hooks
from fangfan.employment.models import MonthlyRecord
from fangfan.employment.rules import add_months
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.regions.models import Region
from fangfan.registry import services as registry
from fangfan.registry.importing import PeopleSpec
from fangfan.registry.models import Person
from fangfan.registry.tests.sheets import csv_file

from .test_ledger import LAST, NOW, rollup

pytestmark = pytest.mark.django_db

HEADER = ["户编号", "村级区划代码", "姓名", "身份证号", "户类型", "劳动技能", "联系电话"]


def villages(n: int) -> list[Region]:
    return list(Region.objects.filter(code__startswith=SHANTING[:6], level=5).order_by("code")[:n])


@pytest.fixture
def hook_calls(monkeypatch):
    """The employment hook, still doing its work, with each call it receives."""
    calls: list[tuple[list[int], frozenset[str]]] = []
    real = employment_hooks.person_changed

    def spy(actor, person_ids, changed):
        calls.append((sorted(person_ids), frozenset(changed)))
        real(actor, person_ids, changed)

    monkeypatch.setattr(employment_hooks, "person_changed", spy)
    return calls


def row(person, village: Region, phone: str = "") -> list[str]:
    return [
        person.household.number,
        village.code,
        person.name,
        person.id_number,
        "脱贫户",
        "普通劳动力",
        phone,
    ]


def test_an_import_moving_people_moves_their_months_and_rollups(
    tmp_path, make_person, make_spell, shanting_operator, hook_calls
):
    # given two workers in village A and a third whose phone alone changes
    a, b = villages(2)
    first = make_person(a, name="王大山")
    second = make_person(a, name="李秀英")
    third = make_person(a, name="张三")
    for person in (first, second, third):
        make_spell(person, add_months(NOW, -2), income=3000)
    assert rollup(a.code, LAST)["employed"] == 3
    sheet = csv_file(
        tmp_path / "move.csv",
        [HEADER, row(first, b), row(second, b), row(third, a, phone="13800000003")],
    )

    # when the county imports the ledger that places the first two in village B
    outcome = engine.run(PeopleSpec(shanting_operator), read_table(sheet), commit=True)

    # then their months and rollups follow at once, village A down and B up, with nothing to repair
    assert outcome.committed and outcome.counts.updated == 3
    assert set(
        MonthlyRecord.objects.filter(person__in=[first, second]).values_list("village_id", flat=True)
    ) == {b.code}
    assert rollup(a.code, LAST)["employed"] == 1
    assert rollup(b.code, LAST)["employed"] == 2
    assert rollup(b.code, LAST)["income"] == 6000
    assert rollup(SHANTING[:6], LAST)["employed"] == 3
    assert checks.run().clean
    # the hook heard each set of changed fields once, with all its people
    assert sorted(hook_calls) == sorted(
        [(sorted([first.pk, second.pk]), frozenset({"village_id"})), ([third.pk], frozenset({"phone"}))]
    )
    # and the audit holds the move
    event = AuditEvent.objects.get(
        action="registry.import", object_type="registry.person", object_id=first.pk
    )
    assert event.before == {"village_id": a.code} and event.after == {"village_id": b.code}
    assert event.actor_id == shanting_operator.pk


def test_a_household_moving_village_takes_its_members_and_their_months(
    make_person, make_spell, shanting_operator, hook_calls
):
    # given a household of village A with two workers and a member who died last month
    a, b = villages(2)
    head = make_person(a, name="王大山")
    household = head.household
    spouse = make_person(a, household=household, name="李秀英", relation_to_head="spouse")
    late = make_person(a, household=household, name="王老汉", relation_to_head="father")
    for person in (head, spouse, late):
        make_spell(person, add_months(NOW, -3), income=2000)
    registry.mark_left(shanting_operator, late, add_months(LAST, 1) - dt.timedelta(days=1), "deceased")
    hook_calls.clear()

    # when the county moves the household to village B
    registry.update_household(shanting_operator, household, village=b)

    # then the members still in the household live in B, and their months and rollups moved with them
    assert dict(Person.objects.filter(household=household).values_list("name", "village_id")) == {
        "王大山": b.code,
        "李秀英": b.code,
        "王老汉": a.code,
    }
    assert hook_calls == [(sorted([head.pk, spouse.pk]), frozenset({"village_id"}))]
    assert rollup(b.code, LAST)["employed"] == 2
    assert rollup(a.code, LAST)["employed"] == 1  # the late father, counted up to the month he died
    assert rollup(a.code, NOW)["employed"] == 0
    assert rollup(SHANTING[:6], LAST)["employed"] == 3
    assert checks.run().clean
    # and each member's move is in the audit trail, by the clerk, naming the household
    events = [
        e
        for e in AuditEvent.objects.filter(action="registry.person.update", object_type="registry.person")
        if e.after == {"village_id": b.code}
    ]
    assert sorted(int(e.object_id) for e in events) == sorted([head.pk, spouse.pk])
    assert {(e.actor_id, e.context["household"], e.before["village_id"]) for e in events} == {
        (shanting_operator.pk, household.pk, a.code)
    }


def test_a_clerk_of_another_county_cannot_move_a_household_and_nothing_changes(
    make_person, make_spell, tengzhou_operator
):
    # given a household of 山亭 with a worker
    a, b = villages(2)
    head = make_person(a)
    make_spell(head, add_months(NOW, -2))
    events = AuditEvent.objects.count()

    # when a clerk of 滕州 tries to move it
    with pytest.raises(PermissionDenied):
        registry.update_household(tengzhou_operator, head.household, village=b)

    # then nothing changed
    head.refresh_from_db()
    assert head.village_id == a.code
    assert head.household.village_id == a.code
    assert rollup(a.code, LAST)["employed"] == 1
    assert AuditEvent.objects.count() == events


def test_an_import_moving_a_household_takes_the_members_it_does_not_list(
    tmp_path, make_person, make_spell, shanting_operator
):
    # given a household of village A whose spouse works, and whose head alone the file lists, now in B
    a, b = villages(2)
    head = make_person(a, name="王大山")
    spouse = make_person(a, household=head.household, name="李秀英", relation_to_head="spouse")
    make_spell(spouse, add_months(NOW, -2), income=2500)
    sheet = csv_file(tmp_path / "household.csv", [HEADER, row(head, b)])

    # when the county imports it
    outcome = engine.run(PeopleSpec(shanting_operator), read_table(sheet), commit=True)

    # then the household, its head and the spouse live in B, and the spouse's months moved too
    assert outcome.committed
    head.household.refresh_from_db()
    assert head.household.village_id == b.code
    assert set(Person.objects.filter(household=head.household).values_list("village_id", flat=True)) == {
        b.code
    }
    assert rollup(a.code, LAST)["employed"] == 0
    assert rollup(b.code, LAST)["income"] == 2500
    assert checks.run().clean
    event = AuditEvent.objects.get(
        action="registry.import", object_type="registry.person", object_id=spouse.pk
    )
    assert event.before == {"village_id": a.code} and event.after == {"village_id": b.code}
