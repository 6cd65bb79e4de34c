"""Creating and changing users, with an audit event for each change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from fangfan.audit import services as audit
from fangfan.regions.models import Region

from .models import User
from .roles import Role


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
    user.save()
    audit.record(
        actor,
        "accounts.user.create",
        user,
        after={"username": username, "role": role, "region_id": region.code if region else None},
        region_id=region.code if region else None,
    )
    return user


@transaction.atomic
def set_password(actor: Any, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "accounts.user.set_password", user, region_id=user.region_id)
    return user
