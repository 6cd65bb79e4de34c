"""Creating and changing accounts, each change with an audit event.

An actor (``None`` is the system: seeding, commands) manages accounts with the
``accounts.manage`` capability, and only accounts whose role is at or below
their own rank and whose region lies in their scope; the same holds for the role
and region they give (``ScopePolicy.may_manage``). Nobody changes their own role,
region or active flag. A password is never written into the trail.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.regions.models import Region

from .models import User
from .roles import Role

EDITABLE = ("full_name", "role", "region", "organisation", "phone", "is_active")
SELF_LOCKED = ("role", "region", "is_active")


def _authorise(actor: Any, user: User | None, role: str, region: Region | None) -> None:
    if actor is None:
        return
    policy = ScopePolicy.of(actor)
    policy.require("accounts.manage")
    if user is not None and not policy.may_manage(user.role, user.region_id):
        raise PermissionDenied("该账户不在您的管理范围内。")
    if not policy.may_manage(role, region.code if region else None):
        raise PermissionDenied("只能设置不高于您本人级别的角色，管辖区域须在您的管辖范围内。")


def _state(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "region_id": user.region_id,
        "organisation": user.organisation,
        "phone": user.phone,
        "is_active": user.is_active,
    }


@transaction.atomic
def create_user(
    actor: Any,
    *,
    username: str,
    password: str,
    role: str,
    region: Region | None,
    full_name: str = "",
    organisation: str = "",
    phone: str = "",
) -> User:
    _authorise(actor, None, role, region)
    user = User(
        username=username,
        role=role,
        region=region,
        full_name=full_name,
        organisation=organisation,
        phone=phone,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": f"用户名“{username}”已被使用"}) from None
    after = _state(user)
    audit.record(actor, "accounts.user.create", user, after=after, region_id=user.region_id)
    return user


@transaction.atomic
def update_user(actor: Any, user: User, **changes: Any) -> User:
    """Change the name, role, region, organisation, phone or active flag of an account."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"不能修改：{', '.join(sorted(unknown))}")
    role, region = changes.get("role", user.role), changes.get("region", user.region)
    _authorise(actor, user, role, region)
    changed = {k for k, v in changes.items() if getattr(user, k) != v}
    if actor is not None and actor.pk == user.pk and changed & set(SELF_LOCKED):
        raise ValidationError("不能修改自己的角色、管辖区域或停用自己的账户，请联系上级管理员。")
    if not changed:
        return user
    before = _state(user)
    for key in changed:
        setattr(user, key, changes[key])
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    user.full_clean(exclude=["password"])
    old, new = audit.diff(before, _state(user))
    user.save(update_fields=[*changed, "is_staff", "is_superuser"])
    audit.record(actor, "accounts.user.update", user, before=old, after=new, region_id=user.region_id)
    return user


@transaction.atomic
def set_password(actor: Any, user: User, password: str) -> User:
    """The user changing their own password, or a manager (or the system) resetting it."""
    own = actor is not None and actor.pk == user.pk
    if not own:
        _authorise(actor, user, user.role, user.region)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    action = "accounts.user.change_password" if own else "accounts.user.reset_password"
    audit.record(actor, action, user, region_id=user.region_id)
    return user


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts django-axes currently locks out (failures within the cool-off time)."""
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    if cool_off := get_cool_off():
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    totals = attempts.values("username").annotate(failures=Sum("failures_since_start"))
    return {t["username"] for t in totals if t["failures"] >= settings.AXES_FAILURE_LIMIT}


@transaction.atomic
def unlock(actor: Any, user: User) -> int:
    """Lift a login lockout before its cool-off time ends; returns the failed attempts cleared."""
    _authorise(actor, user, user.role, user.region)
    cleared = reset_attempts(username=user.username)
    audit.record(actor, "accounts.user.unlock", user, after={"cleared": cleared}, region_id=user.region_id)
    return cleared
