"""ScopePolicy: the one object that decides what a user may see and do.

Like wagtail's permission policies, it answers for a user and a region subtree,
descendants included. Querysets call it through ``visible_to(user)``; views call
``can()`` before a write. Nothing else reads ``user.region`` or ``user.role``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from fangfan.regions.models import Region

from .roles import ROLE_RANK, Role, capabilities_of


class ScopePolicy:
    def __init__(self, user: Any) -> None:
        self.user = user

    @classmethod
    def of(cls, user: Any) -> ScopePolicy:
        cached = getattr(user, "_scope_policy", None)
        if cached is None:
            cached = cls(user)
            if getattr(user, "is_authenticated", False):
                user._scope_policy = cached
        return cached

    @property
    def active(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False) and self.user.is_active)

    @property
    def nationwide(self) -> bool:
        return self.active and self.user.role == Role.ADMIN and self.user.region_id is None

    @property
    def prefix(self) -> str | None:
        """The code prefix of the user's subtree: "" for the whole country, None for nothing."""
        if not self.active:
            return None
        if self.nationwide:
            return ""
        region = self.region
        return region.prefix if region is not None else None

    @property
    def region(self) -> Region | None:
        return self.user.region if self.active else None

    def covers(self, code: str | None) -> bool:
        prefix = self.prefix
        return prefix is not None and code is not None and code.startswith(prefix)

    def can(self, capability: str) -> bool:
        return self.active and capability in capabilities_of(self.user.role)

    def require(self, capability: str) -> None:
        if not self.can(capability):
            raise PermissionDenied("您没有执行此操作的权限。")

    def require_region(self, code: str | None) -> None:
        if not self.covers(code):
            raise PermissionDenied("该区域不在您的管辖范围内。")

    def may_manage(self, role: str, region_code: str | None) -> bool:
        """Whether this user may give, or manage, an account of ``role`` over ``region_code``: the role
        at or below their own rank, the region inside their scope (no region: nationwide users only)."""
        if not self.can("accounts.manage") or ROLE_RANK[role] < ROLE_RANK[self.user.role]:
            return False
        return self.nationwide if region_code is None else self.covers(region_code)

    def assignable_roles(self) -> list[Role]:
        if not self.can("accounts.manage"):
            return []
        return [r for r in Role if ROLE_RANK[r] >= ROLE_RANK[self.user.role]]


def require(request: Any, capability: str) -> ScopePolicy:
    """The request user's policy, after checking that they hold ``capability`` (else 403)."""
    policy = ScopePolicy.of(request.user)
    policy.require(capability)
    return policy
