from __future__ import annotations

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import WorkshopWorker


def jobs(request, person):
    """一人一档: the person's jobs in workshops."""
    if not ScopePolicy.of(request.user).can("workshops.view"):
        return None
    items = list(
        WorkshopWorker.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("workshop")
        .order_by("-start")
    )
    if not items:
        return None
    return Section("workshops", "帮扶车间", "workshops/_person_jobs.html", {"jobs": items}, 30, len(items))
