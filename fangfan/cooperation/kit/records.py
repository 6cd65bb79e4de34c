"""Audited writes shared by the instrument services.

Every function checks the actor's capability and scope for the record's
region (``fangfan.registry.services.authorise``), writes with
``save(update_fields=…)`` and records an audit event. Child records (members,
trainees, residents) carry ``context["parent"]`` so that their parent's history
still shows them after they are removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fangfan.audit import services as audit
from fangfan.audit.models import AuditEvent
from fangfan.audit.presentation import present
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.registry.services import authorise

LEVEL_NAMES = {lvl.value: lvl.label for lvl in Level}


def cn_date(day: dt.date | None) -> str:
    """2024年3月1日, for explanations written in Python."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def ref(instance: models.Model) -> str:
    """``"<app>.<model>:<pk>"``: how spells and audit events name the record that made them."""
    return f"{instance._meta.label_lower}:{instance.pk}"


def require_level(region: Region | None, levels: Iterable[int], field: str = "region") -> None:
    allowed = sorted(levels)
    if region is None or region.level not in allowed:
        names = "、".join(LEVEL_NAMES[lvl] for lvl in allowed)
        raise ValidationError({field: f"请选到{names}一级"})


def pick(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def create(
    actor: Any,
    model: type[models.Model],
    data: dict[str, Any],
    *,
    capability: str,
    action: str,
    region_code: str,
    context: dict[str, Any] | None = None,
) -> Any:
    authorise(actor, capability, region_code)
    instance = model._default_manager.create(**data)
    audit.record(
        actor, action, instance, after=audit.snapshot(instance), region_id=region_code, context=context
    )
    return instance


def update(
    actor: Any,
    instance: models.Model,
    changes: dict[str, Any],
    *,
    capability: str,
    action: str,
    region_code: str,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply ``changes``; save and audit only what really changed. Returns the changed values."""
    authorise(actor, capability, region_code)
    before = audit.snapshot(instance)
    for key, value in changes.items():
        setattr(instance, key, value)
    old, new = audit.diff(before, audit.snapshot(instance))
    if new:
        instance.save(update_fields=audit.update_fields(instance, new))
        audit.record(actor, action, instance, before=old, after=new, region_id=region_code, context=context)
    return new


def delete(
    actor: Any,
    instance: models.Model,
    *,
    capability: str,
    action: str,
    region_code: str,
    context: dict[str, Any] | None = None,
) -> None:
    authorise(actor, capability, region_code)
    audit.record(
        actor, action, instance, before=audit.snapshot(instance), region_id=region_code, context=context
    )
    instance.delete()


def others(qs: Any, instance: models.Model | None) -> Any:
    """``qs`` without ``instance`` (when there is one): the rows a uniqueness check compares against."""
    return qs if instance is None else qs.exclude(pk=instance.pk)


def child_context(parent: models.Model, context: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"parent": ref(parent), **(context or {})}


def history(instance: models.Model, limit: int = 200) -> list[Any]:
    """The audit trail of a record and of the people attached to it, newest first."""
    events = AuditEvent.objects.filter(
        Q(object_type=instance._meta.label_lower, object_id=str(instance.pk))
        | Q(context__parent=ref(instance))
    )
    return present(events.order_by("-at", "-id")[:limit])


# 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def clean_credit_code(value: str) -> str:
    """Blank stays blank; otherwise 18 characters with a correct check character."""
    code = "".join((value or "").split()).upper()
    if not code:
        return ""
    if len(code) != 18 or any(ch not in _CREDIT_CHARS for ch in code):
        raise ValidationError({"credit_code": "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）"})
    if credit_code_check(code[:17]) != code[17]:
        raise ValidationError({"credit_code": f"统一社会信用代码“{code}”校验位不正确，请核对"})
    return code
