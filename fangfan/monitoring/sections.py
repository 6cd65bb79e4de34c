"""The 预警 tab of 一人一档: the person's alerts (and their household's) with their state."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import Alert


def alerts(request: Any, person: Any) -> Section | None:
    if not ScopePolicy.of(request.user).can("monitoring.view"):
        return None
    q = Q(person=person)
    if person.household_id:
        q |= Q(household_id=person.household_id)
    found = list(Alert.objects.visible_to(request.user).filter(q).order_by("-detected_on", "-id")[:50])
    today = timezone.localdate()
    return Section(
        key="alerts",
        title="预警",
        template="monitoring/_person_alerts.html",
        context={"alerts": [(a, a.overdue_on(today)) for a in found]},
        order=30,
        count=sum(1 for a in found if a.is_open) or None,
    )
