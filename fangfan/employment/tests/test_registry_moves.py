"""The ledger follows people the registry moves, however they are moved: the ledger import and a
household changing village reach the employment hooks as the person edit does."""

import pytest

from conftest import SHANTING
from fangfan.audit.models import AuditEvent
from fangfan.employment import checks
from fangfan.employment import hooks as employment_hooks
from fangfan.employment.models import MonthlyRecord
from fangfan.employment.rules import add_months
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.regions.models import Region
from fangfan.registry.importing import PeopleSpec
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
