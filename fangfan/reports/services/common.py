"""Who may act on a region's reports: its own level prepares and submits, the level above approves."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from fangfan.accounts.policy import ScopePolicy
from fangfan.regions.models import Region
from fangfan.registry.services import authorise

PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")
MIN_REASON = 5


def require_own(actor: Any, capability: str, region: Region) -> None:
    """The actor holds ``capability`` and works at ``region`` itself (not above it, not below it)."""
    authorise(actor, capability, region.code)
    if actor is None:
        return
    policy = ScopePolicy.of(actor)
    if not policy.nationwide and (policy.region is None or policy.region.code != region.code):
        raise PermissionDenied("只能编制、报送本级的报表。")


def require_parent(actor: Any, capability: str, region: Region) -> None:
    """The actor holds ``capability`` and works at the level directly above ``region``."""
    authorise(actor, capability, region.code)
    if actor is None:
        return
    policy = ScopePolicy.of(actor)
    if not policy.nationwide and (policy.region is None or policy.region.code != region.parent_id):
        raise PermissionDenied("只能由上一级审核。")


def is_own(actor: Any, region: Region) -> bool:
    policy = ScopePolicy.of(actor)
    return policy.nationwide or (policy.region is not None and policy.region.code == region.code)


def clean_contact(filled_by: str, phone: str) -> tuple[str, str]:
    filled_by, phone = (filled_by or "").strip(), (phone or "").strip()
    errors = {}
    if not filled_by:
        errors["filled_by"] = "请填写填表人"
    if not phone:
        errors["phone"] = "请填写电话"
    elif not PHONE.match(phone):
        errors["phone"] = f"电话“{phone}”格式不正确（7至20位数字，可含区号连字符）"
    if errors:
        raise ValidationError(errors)
    return filled_by, phone


def clean_text(value: str, field: str, label: str, minimum: int = MIN_REASON) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationError({field: f"请写明{label}（至少{minimum}个字）"})
    return value
