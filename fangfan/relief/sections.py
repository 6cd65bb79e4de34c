from __future__ import annotations

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import ReliefHire


def hires(request, person):
    """一人一档: the person's work on work-relief projects."""
    if not ScopePolicy.of(request.user).can("relief.view"):
        return None
    items = list(
        ReliefHire.objects.visible_to(request.user)
        .filter(worker__person=person)
        .select_related("project", "worker")
        .order_by("-start")
    )
    if not items:
        return None
    return Section("relief", "以工代赈", "relief/_person_hires.html", {"hires": items}, 32, len(items))
