"""seed_province: a deterministic province whose ledger is what the counting rule says, and a
clerk's workbook of its people that the registry import reads back row for row."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from conftest import region
from fangfan.audit.models import AuditEvent
from fangfan.demo import province
from fangfan.employment import checks
from fangfan.employment.models import Employment, MonthlyRecord
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.registry.importing import PeopleSpec
from fangfan.registry.models import Person

SHANXI = "140000000000"


def digest() -> str:
    rows = Person.objects.order_by("id").values_list("id_number", "village_id", "labour_capacity")
    spells = Employment.objects.order_by("id").values_list(
        "person__id_number", "start", "end", "monthly_income"
    )
    records = MonthlyRecord.objects.order_by("person_id", "month").values_list("month", "income", "work_area")
    return hashlib.sha256(repr((list(rows), list(spells), list(records))).encode()).hexdigest()


@pytest.mark.django_db
def test_seed_province_builds_labourers_spells_and_a_ledger_that_checks_clean(tmp_path):
    # Given Shanxi's villages
    # When the province is seeded with 300 labourers, 12 months back, and a 120-row clerk sheet
    call_command(
        "seed_province", "--province", "14", "--labourers", "300", "--months", "12",
        "--xlsx-dir", str(tmp_path), "--xlsx-rows", "120",
    )  # fmt: skip
    # Then about 300 labourers live in Shanxi's villages, a share of them work
    held = province.counts(region(SHANXI))
    assert 270 <= held["labourers"] <= 330
    assert held["people"] > held["labourers"]
    assert held["spells"] > 0
    assert held["monthly_records"] > 0
    assert not Person.objects.exclude(village__code__startswith="14").exists()
    # And the records and rollups are exactly what the counting rule makes of the spells
    assert checks.run().clean
    # And the run is in the audit
    assert AuditEvent.objects.filter(action="demo.seed_province").count() == 1
    # And the clerk's sheet holds 120 people the registry import finds unchanged, without errors
    outcome = engine.run(PeopleSpec(None), read_table(tmp_path / "14-people-120.xlsx"), commit=False)
    assert outcome.rows == 120
    assert outcome.errors == []
    assert outcome.counts.unchanged == 120


class Undo(Exception):
    pass


def seed_and_digest(*args: str) -> str:
    """Seed, take the digest, and roll the seeding back."""
    try:
        with transaction.atomic():
            call_command("seed_province", *args)
            found = digest()
            raise Undo
    except Undo:
        return found


@pytest.mark.django_db
def test_seed_province_is_deterministic_and_skips_what_is_done():
    args = ("--province", "14", "--labourers", "120", "--months", "6", "--seed", "7")
    # Given a province seeded with seed 7, and rolled back
    first = seed_and_digest(*args)
    # When it is seeded again from nothing with the same seed, the same data comes back
    assert seed_and_digest(*args) == first
    assert not Person.objects.exists()
    # And seeding a seeded province adds nothing
    call_command("seed_province", *args)
    people, spells = Person.objects.count(), Employment.objects.count()
    call_command("seed_province", *args)
    assert (Person.objects.count(), Employment.objects.count()) == (people, spells)
    assert digest() == first


@pytest.mark.django_db
def test_seed_province_refuses_a_city_and_a_sheet_without_a_directory():
    with pytest.raises(CommandError, match="不是省级区划"):
        call_command("seed_province", "--province", "1410", "--labourers", "10")
    with pytest.raises(CommandError, match="--xlsx-dir"):
        call_command("seed_province", "--province", "14", "--labourers", "10", "--xlsx-rows", "5")
    assert not Person.objects.exists()
