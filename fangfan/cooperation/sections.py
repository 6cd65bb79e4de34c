from __future__ import annotations

from typing import Any

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import BatchMember, BrandWorker


def cooperation(request: Any, person: Any) -> Section | None:
    """一人一档: the organised batches the person went with and the brands they work under."""
    if not ScopePolicy.of(request.user).can("cooperation.view"):
        return None
    members = list(
        BatchMember.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("batch", "batch__destination")
        .order_by("-batch__departure")
    )
    brand_jobs = list(
        BrandWorker.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("brand")
        .order_by("-start")
    )
    if not members and not brand_jobs:
        return None
    return Section(
        key="cooperation",
        title="劳务协作",
        template="cooperation/_person_section.html",
        context={"members": members, "brand_jobs": brand_jobs},
        order=40,
        count=len(members) + len(brand_jobs),
    )
