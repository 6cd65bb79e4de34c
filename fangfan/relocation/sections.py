from __future__ import annotations

from typing import Any

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import FairAttendee, FairHire, SiteResident


def relocation(request: Any, person: Any) -> Section | None:
    """一人一档: where the person was resettled, and the job fairs they went to and were hired at."""
    if not ScopePolicy.of(request.user).can("relocation.view"):
        return None
    user = request.user
    residences = list(
        SiteResident.objects.visible_to(user)
        .filter(person=person)
        .select_related("site")
        .order_by("-moved_in_on")
    )
    hires = list(
        FairHire.objects.visible_to(user)
        .filter(person=person)
        .select_related("fair", "employer")
        .order_by("-start")
    )
    hired_fairs = {h.fair_id for h in hires}
    visits = [
        v
        for v in FairAttendee.objects.visible_to(user).filter(person=person).select_related("fair")
        if v.fair_id not in hired_fairs
    ]
    if not residences and not hires and not visits:
        return None
    return Section(
        key="relocation",
        title="搬迁安置",
        template="relocation/_person_section.html",
        context={"residences": residences, "hires": hires, "visits": visits},
        order=50,
        count=len(residences) + len(hires) + len(visits),
    )
