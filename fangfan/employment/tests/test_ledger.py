"""Monthly records and rollups follow every spell change, by deltas, at every level."""

import datetime as dt

import pytest
from django.core.management import call_command

from conftest import SHANTING, TENGZHOU, first_village, region
from fangfan.employment import checks, ledger, services
from fangfan.employment.models import Horizon, MonthlyRecord, MonthlyRollup
from fangfan.employment.rules import add_months
from fangfan.registry import services as registry
from fangfan.registry.models import Person

pytestmark = pytest.mark.django_db

NOW = ledger.current_month()
LAST = add_months(NOW, -1)


def rollup(code: str, month: dt.date) -> dict[str, int]:
    row = MonthlyRollup.objects.filter(region_id=code.ljust(12, "0"), month=month).first()
    if row is None:
        return {"employed": 0, "local": 0, "migrant": 0, "organised": 0, "income": 0, "inflow": 0}
    return {
        "employed": row.employed,
        "local": row.local,
        "migrant": row.migrant,
        "organised": row.organised,
        "income": row.income,
        "inflow": row.inflow,
    }


def test_a_new_spell_writes_each_month_to_the_horizon_and_every_level(make_person, make_spell):
    person = make_person()
    make_spell(person, add_months(NOW, -2), income=3000)

    months = list(
        MonthlyRecord.objects.filter(person=person).order_by("month").values_list("month", flat=True)
    )
    assert months == [add_months(NOW, -2), LAST, NOW]
    for code in (person.village_id, person.village_id[:9], SHANTING[:6], "3704", "37"):
        assert rollup(code, LAST)["employed"] == 1
        assert rollup(code, LAST)["income"] == 3000
    assert rollup(TENGZHOU[:6], LAST)["employed"] == 0


def test_two_jobs_never_count_a_person_twice(make_person, make_spell):
    person = make_person()
    make_spell(person, add_months(NOW, -3), income=2000)
    make_spell(person, add_months(NOW, -1), income=1000, employer="村扶贫车间")

    assert rollup("37", LAST)["employed"] == 1
    assert rollup("37", LAST)["income"] == 3000
    assert rollup("37", add_months(NOW, -2))["income"] == 2000
    assert MonthlyRecord.objects.get(person=person, month=LAST).jobs == 2


def test_ending_a_spell_removes_the_later_months(make_person, make_spell):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -4), income=3000, area="out_of_province")
    assert rollup("3704", LAST)["migrant"] == 1

    services.end_spell(None, spell, add_months(NOW, -2) + dt.timedelta(days=9))

    assert rollup("3704", add_months(NOW, -2))["migrant"] == 1
    assert rollup("3704", LAST) == rollup("3704", NOW) == rollup("99", NOW)
    assert rollup("3704", LAST)["employed"] == 0


def test_an_edit_moves_the_counts_between_areas_and_incomes(make_person, make_spell):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -2), income=3000)

    services.update_spell(
        None, spell, work_area="in_province", monthly_income=4200, organised=True, employer="济南某建筑公司"
    )

    assert rollup("370406", LAST) == {
        "employed": 1,
        "local": 0,
        "migrant": 1,
        "organised": 1,
        "income": 4200,
        "inflow": 0,
    }


def test_deleting_the_last_spell_brings_every_level_back_to_zero(make_person, make_spell):
    person = make_person()
    spell = make_spell(person, add_months(NOW, -2))

    services.delete_spell(None, spell)

    assert not MonthlyRecord.objects.filter(person=person).exists()
    assert all(rollup(code, LAST)["employed"] == 0 for code in ("37", "3704", "370406", person.village_id))


def test_inflow_workers_count_as_inflow_and_not_as_local_labourers(make_person, make_spell):
    person = make_person(with_household=False, origin=region("14"), relation_to_head="")
    make_spell(person, add_months(NOW, -1), income=3500)

    assert rollup("3704", NOW)["inflow"] == 1
    assert rollup("3704", NOW)["employed"] == 0
    assert rollup("3704", NOW)["income"] == 0


def test_a_new_month_is_written_for_open_spells_when_the_horizon_moves(make_person, make_spell):
    person = make_person()
    make_spell(person, add_months(NOW, -1))
    ended = make_person()
    make_spell(ended, add_months(NOW, -1), NOW)

    added = ledger.roll_forward(add_months(NOW, 1))

    assert added == [add_months(NOW, 1)]
    assert Horizon.objects.get().through == add_months(NOW, 1)
    assert rollup("37", add_months(NOW, 1))["employed"] == 1
    assert MonthlyRecord.objects.filter(person=person, month=add_months(NOW, 1)).exists()


def test_check_rollups_finds_nothing_after_a_mixed_sequence(make_person, make_spell):
    people = [make_person() for _ in range(3)] + [make_person(first_village(TENGZHOU[:6]))]
    a = make_spell(people[0], add_months(NOW, -14), income=2800, area="out_of_province", organised=True)
    make_spell(people[0], add_months(NOW, -3), income=900, employer="村保洁")
    b = make_spell(people[1], add_months(NOW, -6), income=3100)
    c = make_spell(people[2], add_months(NOW, -20), add_months(NOW, -8), income=2500, area="in_province")
    make_spell(people[3], add_months(NOW, -2), income=4000)
    services.update_spell(None, a, monthly_income=3300)
    services.end_spell(None, b, add_months(NOW, -1))
    services.delete_spell(None, c)
    ledger.roll_forward(add_months(NOW, 1))

    report = checks.run()

    assert report.clean, report.samples
    assert report.people == 3  # the one whose only spell was deleted has nothing left to check


def test_check_rollups_reports_a_tampered_rollup_and_exits_non_zero(make_person, make_spell, capsys):
    make_spell(make_person(), add_months(NOW, -1))
    MonthlyRollup.objects.filter(region_id="370400000000", month=NOW).update(employed=5)

    with pytest.raises(SystemExit) as exit_:
        call_command("check_rollups")

    assert exit_.value.code == 1
    assert "370400000000" in capsys.readouterr().out


def test_moving_a_person_moves_their_months_in_the_same_transaction(make_person, make_spell):
    person = make_person(with_household=False, relation_to_head="")
    make_spell(person, add_months(NOW, -2))

    registry.update_person(None, person, village=first_village(TENGZHOU[:6]))

    call_command("check_rollups")  # exits with status 1 on any difference
    assert checks.run().clean
    assert set(MonthlyRecord.objects.filter(person=person).values_list("village_id", flat=True)) == {
        person.village_id
    }
    assert rollup(TENGZHOU[:6], LAST)["employed"] == 1
    assert rollup(SHANTING[:6], LAST)["employed"] == 0
    assert rollup("3704", LAST)["employed"] == 1


def test_a_changed_origin_makes_a_person_inflow_at_once(make_person, make_spell):
    person = make_person(with_household=False, relation_to_head="")
    make_spell(person, add_months(NOW, -2), income=3200)

    registry.update_person(None, person, origin=region("14"))

    assert checks.run().clean
    assert rollup("3704", LAST) == {
        "employed": 0,
        "local": 0,
        "migrant": 0,
        "organised": 0,
        "income": 0,
        "inflow": 1,
    }


def test_a_move_made_outside_the_services_is_found_and_repaired(make_person, make_spell):
    person = make_person(with_household=False, relation_to_head="")
    make_spell(person, add_months(NOW, -2))
    Person.objects.filter(pk=person.pk).update(village=first_village(TENGZHOU[:6]))  # e.g. a bulk fix in SQL

    assert not checks.run().clean
    call_command("check_rollups", "--repair")

    assert checks.run().clean
    assert rollup(TENGZHOU[:6], LAST)["employed"] == 1
    assert rollup(SHANTING[:6], LAST)["employed"] == 0


def test_the_next_spell_change_of_a_moved_person_moves_all_their_months(make_person, make_spell):
    person = make_person(with_household=False, relation_to_head="")
    make_spell(person, add_months(NOW, -5), add_months(NOW, -3))
    Person.objects.filter(pk=person.pk).update(village=first_village(TENGZHOU[:6]))
    person.refresh_from_db()

    make_spell(person, LAST)

    assert checks.run().clean
    assert rollup(TENGZHOU[:6], add_months(NOW, -4))["employed"] == 1


def test_a_changed_spell_recomputes_only_the_months_it_can_alter():
    d = dt.date
    spell = {
        "start": d(2025, 1, 5),
        "end": None,
        "monthly_income": 3000,
        "work_area": "in_county",
        "organised": False,
    }

    assert ledger.change_span(spell, spell) is None
    assert ledger.change_span(spell, spell | {"end": d(2026, 3, 31)}) == (d(2026, 3, 31), None)
    assert ledger.change_span(spell | {"end": d(2026, 3, 31)}, spell | {"end": d(2026, 6, 30)}) == (
        d(2026, 3, 31),
        d(2026, 6, 30),
    )
    assert ledger.change_span(spell, spell | {"start": d(2024, 11, 1)}) == (d(2024, 11, 1), d(2025, 1, 5))
    assert ledger.change_span(spell, spell | {"monthly_income": 3500}) == (d(2025, 1, 5), None)


def test_a_large_change_finds_moved_people_among_the_months_it_reads(make_person, make_spell, monkeypatch):
    person = make_person(with_household=False, relation_to_head="")
    spell = make_spell(person, add_months(NOW, -5))
    Person.objects.filter(pk=person.pk).update(village=first_village(TENGZHOU[:6]))
    spell.person.refresh_from_db()
    monkeypatch.setattr(ledger, "STALE_QUERY_LIMIT", 0)

    services.update_spell(None, spell, monthly_income=3600)

    assert checks.run().clean
    assert rollup(TENGZHOU[:6], add_months(NOW, -5))["employed"] == 1
