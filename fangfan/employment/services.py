"""Every change to employment spells. Instruments (workshops, work relief,
posts, organised batches, job fairs) create and end their spells through these
functions with ``owner=<their Source>``; a spell an instrument owns cannot be
changed from anywhere else.

Each change recomputes the person's monthly records for the months it touched
and applies the deltas to the rollups (``ledger.refresh``), in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from fangfan.audit import services as audit
from fangfan.regions.codes import Level
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from . import ledger
from .models import Employment, Source, WorkArea

USER_SOURCES = (Source.MANUAL, Source.IMPORT)
SPELL_FIELDS = (
    "start",
    "end",
    "employer",
    "kind",
    "work_area",
    "destination_province",
    "destination_city",
    "monthly_income",
    "organised",
    "notes",
)


def check(person: Any, data: dict[str, Any]) -> None:
    """Validate one spell's fields against each other and the person's home province."""
    errors: dict[str, str] = {}
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        errors["end"] = "结束日期不能早于开始日期"
    income = data.get("monthly_income")
    if income is None:
        errors["monthly_income"] = "请填写月收入"
    elif Decimal(income) < 0:
        errors["monthly_income"] = "月收入不能为负数"
    if not (data.get("employer") or "").strip():
        errors["employer"] = "请填写务工单位或地点"
    area = data.get("work_area")
    province = data.get("destination_province")
    city = data.get("destination_city")
    home = person.village_id[:2]
    if province is not None and province.level != Level.PROVINCE:
        errors["destination_province"] = "务工所在省应为省级区划"
    if city is not None and (
        city.level != Level.CITY or (province and not city.code.startswith(province.prefix))
    ):
        errors["destination_city"] = "务工所在市应为所选省下的市级区划"
    if area == WorkArea.OUT_OF_PROVINCE:
        if province is None:
            errors["destination_province"] = "省外务工须填写务工所在省"
        elif province.code[:2] == home:
            errors["work_area"] = "务工所在省是本省，务工地域不应为省外"
    elif area == WorkArea.IN_PROVINCE and province is not None and province.code[:2] != home:
        errors["work_area"] = "务工所在省不是本省，务工地域应为省外"
    if errors:
        raise ValidationError(errors)


def _check_left(person: Person, start: dt.date | None) -> None:
    """No new job begins after the person left (死亡、迁出…)."""
    if start and person.left_on and start > person.left_on:
        raise ValidationError(
            {"start": f"该人员已于{person.left_on:%Y年%-m月%-d日}减少，不能登记此后开始的务工"}
        )


def _lock(person_id: int) -> None:
    """Serialise changes to one person's spells, so that their months are recomputed one at a time.

    ``FOR NO KEY UPDATE``: it excludes another change of the person but not the key-share lock that
    inserting a MonthlyRecord takes on its person, so a roll forward (``ledger.horizon``) writing the
    new month of every person never waits behind, or deadlocks with, a person being edited."""
    list(Person.objects.select_for_update(no_key=True).filter(pk=person_id).values_list("pk", flat=True))


def _guard(spell: Employment, owner: str | None) -> None:
    if spell.source not in USER_SOURCES and owner != spell.source:
        raise ValidationError(
            f"该务工记录由{spell.get_source_display()}生成，请在{spell.get_source_display()}中修改"
        )


@transaction.atomic
def create_spell(
    actor: Any, person: Any, *, source: str = Source.MANUAL, source_ref: str = "", **data: Any
) -> Employment:
    authorise(actor, "employment.edit", person.village_id)
    check(person, data)
    _check_left(person, data.get("start"))
    _lock(person.pk)
    spell = Employment.objects.create(
        person=person,
        source=source,
        source_ref=source_ref,
        **{k: v for k, v in data.items() if k in SPELL_FIELDS},
    )
    audit.record(
        actor, "employment.spell.create", spell, after=audit.snapshot(spell), region_id=person.village_id
    )
    ledger.refresh({person.pk: (spell.start, spell.end)})
    return spell


@transaction.atomic
def update_spell(actor: Any, spell: Employment, *, owner: str | None = None, **changes: Any) -> Employment:
    authorise(actor, "employment.edit", spell.person.village_id)
    _guard(spell, owner)
    _lock(spell.person_id)
    merged = {f: getattr(spell, f) for f in SPELL_FIELDS} | changes
    check(spell.person, merged)
    if merged["start"] != spell.start:
        _check_left(spell.person, merged["start"])
    before = audit.snapshot(spell)
    facts_before = {f: getattr(spell, f) for f in ledger.SPAN_FIELDS}
    for key, value in changes.items():
        if key in SPELL_FIELDS:
            setattr(spell, key, value)
    old, new = audit.diff(before, audit.snapshot(spell))
    if new:
        spell.save(update_fields=audit.update_fields(spell, new))
        audit.record(
            actor, "employment.spell.update", spell, before=old, after=new, region_id=spell.person.village_id
        )
        span = ledger.change_span(facts_before, {f: getattr(spell, f) for f in ledger.SPAN_FIELDS})
        if span is not None:
            ledger.refresh({spell.person_id: span})
    return spell


def end_spell(actor: Any, spell: Employment, end: dt.date, *, owner: str | None = None) -> Employment:
    return update_spell(actor, spell, owner=owner, end=end)


@transaction.atomic
def end_on_leaving(actor: Any, person_ids: Collection[int]) -> list[Employment]:
    """People marked left (死亡、迁出…): their spells running after the day they left end on that day.

    Spells an instrument owns stay as the instrument keeps them (the person is not counted after the
    month they left either way, ``rules.month_facts``); those starting after that day are left as
    entered, for the history, and are not counted.
    """
    left_on = F("person__left_on")
    spells = (
        Employment.objects.filter(person_id__in=person_ids, person__left_on__isnull=False)
        .filter(source__in=USER_SOURCES, start__lte=left_on)
        .filter(Q(end__isnull=True) | Q(end__gt=left_on))
        .select_related("person")
        .order_by("person_id", "id")
    )
    return [update_spell(actor, spell, end=spell.person.left_on) for spell in spells]


@transaction.atomic
def delete_spell(actor: Any, spell: Employment, *, owner: str | None = None) -> None:
    authorise(actor, "employment.edit", spell.person.village_id)
    _guard(spell, owner)
    _lock(spell.person_id)
    before = audit.snapshot(spell)
    audit.record(actor, "employment.spell.delete", spell, before=before, region_id=spell.person.village_id)
    person_id, start, end = spell.person_id, spell.start, spell.end
    spell.delete()
    ledger.refresh({person_id: (start, end)})
