"""The employment spell behind an instrument's job (workshop job, relief hire, post appointment).

Each instrument record owns at most one spell, found by ``source_ref``
("<app>.<model>:<pk>"); :func:`sync_spell` creates it the first time and
updates it afterwards, always through the employment services, so that a job
is counted once. Relief and posts use it too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from fangfan.employment import services as employment
from fangfan.employment.models import Employment, WorkArea
from fangfan.regions.codes import CODE_LENGTH
from fangfan.regions.models import Region


def source_ref(record: models.Model) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def place_of_work(person: Any, village_code: str) -> dict[str, Any]:
    """务工地域 of a job in ``village_code`` for a person living in ``person.village``."""
    home = person.village_id
    if home[:6] == village_code[:6]:
        return {"work_area": WorkArea.IN_COUNTY, "destination_province": None, "destination_city": None}
    codes = [village_code[:2].ljust(CODE_LENGTH, "0"), village_code[:4].ljust(CODE_LENGTH, "0")]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return {
        "work_area": WorkArea.IN_PROVINCE if home[:2] == village_code[:2] else WorkArea.OUT_OF_PROVINCE,
        "destination_province": found.get(codes[0]),
        "destination_city": found.get(codes[1]),
    }


def sync_spell(
    actor: Any,
    record: models.Model,
    *,
    person: Any,
    source: str,
    kind: str,
    village_code: str,
    employer: str,
    start: dt.date,
    end: dt.date | None,
    monthly_income: Decimal,
    notes: str = "",
) -> Employment:
    """Create the record's spell once, or bring it up to date."""
    ref = source_ref(record)
    data = {
        "start": start,
        "end": end,
        "employer": employer[:200],
        "kind": kind,
        "monthly_income": monthly_income,
        "notes": notes[:500],
        **place_of_work(person, village_code),
    }
    spell = Employment.objects.filter(source=source, source_ref=ref).select_related("person").first()
    if spell is None:
        return employment.create_spell(actor, person, source=source, source_ref=ref, **data)
    return employment.update_spell(actor, spell, owner=source, **data)
