"""The employment spell behind an instrument's job: a workshop job, a relief hire, a post appointment,
an organised batch member, a job-fair hire.

Each such record owns at most one spell, named by ``source`` and ``source_ref`` ("<app>.<model>:<pk>").
:func:`sync_spell` creates it the first time and updates it afterwards, and :func:`remove_spell` deletes
it with its record, always through the employment services with ``owner=source``, so that a job is
counted once. The spell is found by its name, not by the record's link to it, so a record whose link
was lost still finds its own spell instead of making a second one.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from fangfan.employment import services as employment
from fangfan.employment.models import Employment, WorkArea
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region

from .records import ref


def place_of_work(destination: Region, home_village: str) -> dict[str, Any]:
    """务工地域 of a person living in ``home_village`` who works at ``destination`` (a province, city,
    county or anything below): 省外 when the province differs, 县内 when it is their own county, else
    省内县外."""
    province = Region.objects.get(code=destination.code[:2].ljust(CODE_LENGTH, "0"))
    city = (
        Region.objects.get(code=destination.code[:4].ljust(CODE_LENGTH, "0"))
        if destination.level >= Level.CITY
        else None
    )
    if destination.code[:2] != home_village[:2]:
        area = WorkArea.OUT_OF_PROVINCE
    elif destination.level >= Level.COUNTY and destination.code[:6] == home_village[:6]:
        area = WorkArea.IN_COUNTY
    else:
        area = WorkArea.IN_PROVINCE
    return {"work_area": area, "destination_province": province, "destination_city": city}


def owned_spell(record: models.Model, source: str) -> Employment | None:
    return Employment.objects.filter(source=source, source_ref=ref(record)).select_related("person").first()


def sync_spell(actor: Any, record: Any, *, person: Any, source: str, **data: Any) -> Employment:
    """Create the record's spell once, or bring it up to date, and keep the record's link to it."""
    spell = owned_spell(record, source)
    if spell is None:
        spell = employment.create_spell(actor, person, source=source, source_ref=ref(record), **data)
    else:
        spell = employment.update_spell(actor, spell, owner=source, **data)
    if record.spell_id != spell.pk:
        record.spell = spell
        fields = ["spell"] + (["updated_at"] if hasattr(record, "updated_at") else [])
        record.save(update_fields=fields)
    return spell


def remove_spell(actor: Any, record: models.Model, source: str) -> None:
    """Delete the record's spell (audited, its months recomputed), before the record itself goes."""
    spell = owned_spell(record, source)
    if spell is not None:
        employment.delete_spell(actor, spell, owner=source)
