"""Writing the audit trail. Every service that changes state calls :func:`record`."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import models

from .models import AccessLog, AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal)):
        return str(value) if isinstance(value, decimal.Decimal) else value.isoformat()
    return value


def snapshot(instance: models.Model, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, JSON-ready, keyed by attname."""
    out = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        if field.primary_key:
            continue
        out[field.attname] = _plain(field.value_from_object(instance))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def update_fields(instance: models.Model, changed: dict[str, Any]) -> list[str]:
    """The field names for ``save(update_fields=…)`` from a diff keyed by attname."""
    by_attname = {f.attname: f.name for f in instance._meta.concrete_fields}
    names = [by_attname[k] for k in changed]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        names.append("updated_at")
    return names


def label(instance: models.Model) -> str:
    return instance._meta.label_lower


def _actor_name(actor: Any) -> str:
    return str(actor) if actor is not None else "系统"


@dataclass(frozen=True)
class Change:
    """One object's change, for :func:`record_many`."""

    object_type: str
    object_id: str
    object_repr: str
    region_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def record(
    actor: Any,
    action: str,
    instance: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    region_id: str | None = None,
    context: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        action=action,
        object_type=label(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        region_id=region_id,
        before=before,
        after=after,
        context=context or {},
    )


def record_many(
    actor: Any, action: str, changes: Iterable[Change], context: dict[str, Any] | None = None
) -> int:
    """Bulk form of :func:`record` for imports: one COPY (or batched INSERT) for all events."""
    from fangfan.core import bulk

    actor_id = getattr(actor, "pk", None)
    name = _actor_name(actor)
    shared = _dumps(context or {})
    attrs = [
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "region_id",
        "before",
        "after",
        "context",
    ]
    rows = (
        (
            actor_id,
            name,
            action,
            c.object_type,
            c.object_id,
            c.object_repr[:200],
            c.region_id,
            _dumps(c.before),
            _dumps(c.after),
            shared,
        )
        for c in changes
    )
    return bulk.insert_rows(AuditEvent, attrs, rows)


def _dumps(values: dict[str, Any] | None) -> str | None:
    """JSON text for a JSON column; dates and Decimals become their ISO and decimal strings."""
    return None if values is None else orjson.dumps(values, default=str).decode()


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def log_access(
    user: Any,
    action: str,
    *,
    object_type: str,
    object_id: str = "",
    region_id: str | None = None,
    detail: dict[str, Any] | None = None,
    request: Any = None,
) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        region_id=region_id,
        detail=detail or {},
        ip=client_ip(request),
    )
