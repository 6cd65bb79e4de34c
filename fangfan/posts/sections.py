from __future__ import annotations

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import PostAppointment


def appointments(request, person):
    """一人一档: the person's public-welfare posts."""
    if not ScopePolicy.of(request.user).can("posts.view"):
        return None
    items = list(
        PostAppointment.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("post")
        .order_by("-start")
    )
    if not items:
        return None
    return Section(
        "posts", "公益性岗位", "posts/_person_appointments.html", {"appointments": items}, 34, len(items)
    )
