from __future__ import annotations

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import Finding


def findings(request, person):
    """The findings that name this person, on 一人一档."""
    if not ScopePolicy.of(request.user).can("quality.view"):
        return None
    items = list(
        Finding.objects.visible_to(request.user).filter(person=person).order_by("-last_detected_at")[:50]
    )
    if not items:
        return None
    return Section(
        "findings", "核查发现", "quality/_person_findings.html", {"findings": items}, 90, len(items)
    )
