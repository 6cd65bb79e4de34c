"""Showing audit events to people: Chinese field names, choice labels, and
personal data masked (the trail must not become a way around masking)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from fangfan.core.masking import FIELD_MASKS

from .models import AuditEvent

VERBS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "set_head": "设置户主",
    "upload": "上传",
    "commit": "确认导入",
    "cancel": "取消",
    "change_password": "修改密码",
    "reset_password": "重置密码",
    "unlock": "解除登录锁定",
}


@dataclass
class Line:
    label: str
    before: Any
    after: Any


def _field(model: Any, attname: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(attname.removesuffix("_id") if attname.endswith("_id") else attname)
    except FieldDoesNotExist:
        return None


def _show(field: Any, key: str, value: Any) -> Any:
    if value in (None, ""):
        return "—"
    if key in FIELD_MASKS:
        return FIELD_MASKS[key](str(value))
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def lines(event: AuditEvent) -> list[Line]:
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    out = []
    for key, before, after in event.changes:
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else key
        out.append(Line(label, _show(field, key, before), _show(field, key, after)))
    return out


def verb(event: AuditEvent) -> str:
    return VERBS.get(event.action.rsplit(".", 1)[-1], event.action)


def present(events: Any) -> list[tuple[AuditEvent, str, list[Line]]]:
    return [(e, verb(e), lines(e)) for e in events]
