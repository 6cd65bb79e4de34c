from __future__ import annotations

from typing import Any

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.sections import Section

from .models import TrainingEnrolment


def training(request: Any, person: Any) -> Section | None:
    """一人一档: the courses the person enrolled in, completed and certified."""
    if not ScopePolicy.of(request.user).can("training.view"):
        return None
    enrolments = list(
        TrainingEnrolment.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("training")
        .order_by("-training__start")
    )
    if not enrolments:
        return None
    return Section(
        key="training",
        title="职业技能培训",
        template="training/_person_section.html",
        context={"enrolments": enrolments},
        order=45,
        count=len(enrolments),
    )
