"""The 务工 tab of 一人一档: the person's spells, with entry and editing, and their months.

A person marked left keeps the tab, read-only: their spells and the 24 months up to the one they left.
"""

from __future__ import annotations

from typing import Any

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .ledger import horizon
from .models import MonthlyRecord
from .monthly import USER_SOURCES
from .rules import add_months, month_start


def employment(request: Any, person: Any) -> Section | None:
    policy = ScopePolicy.of(request.user)
    if not policy.can("employment.view"):
        return None
    spells = list(person.spells.select_related("destination_province", "destination_city").order_by("-start"))
    through = horizon()
    if person.left_on is not None:  # the 24 months up to the one they left: their history stays in view
        through = min(through, month_start(person.left_on))
    months = {
        r.month: r for r in MonthlyRecord.objects.filter(person=person, month__gt=add_months(through, -24))
    }
    history = [(m, months.get(m)) for m in (add_months(through, -i) for i in range(24))]
    return Section(
        key="employment",
        title="务工",
        template="employment/_person_section.html",
        context={
            "spells": spells,
            "history": history,
            "can_edit": policy.can("employment.edit") and person.left_on is None,
            "user_sources": USER_SOURCES,
        },
        order=20,
        count=sum(1 for s in spells if s.end is None),
    )
