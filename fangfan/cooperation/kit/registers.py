"""A register is a list of records in regions (alliances, bases, courses, sites…)
with people attached to some of them. One description per register drives its
list, detail, create/edit and export pages; attached people ("children") get
add, edit and remove pages. The views are plain functions taking the
description, so each page stays thin and every query goes through
``visible_to``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.core import xlsx
from fangfan.core.masking import mask_id_number, mask_phone
from fangfan.core.pagination import keyset_page
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region

from .fields import RecordForm
from .records import history

MASKED = {"id_number": mask_id_number, "phone": mask_phone}


@dataclass(frozen=True)
class Col:
    """A column of a list page and of its export."""

    label: str
    value: Callable[[Any], Any]
    hide_sm: bool = False


@dataclass(frozen=True)
class Register:
    namespace: str
    key: str
    prefix: str
    model: type[models.Model]
    title: str
    unit: str
    form: type[RecordForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    view: str
    edit: str
    export: str
    columns: tuple[Col, ...]
    fields: tuple[str, ...]
    search: tuple[str, ...] = ("name__contains",)
    related: tuple[str, ...] = ("region",)
    list_extra: str = ""
    detail_extra: str = ""
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None
    import_kind: str = ""
    import_capability: str = ""

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.key}_{action}"

    def url(self, action: str, *args: Any) -> str:
        return reverse(self.url_name(action), args=args)


@dataclass(frozen=True)
class Child:
    """People (or rows) attached to a register's record: batch members, trainees, residents…"""

    namespace: str
    key: str
    prefix: str
    model: type[models.Model]
    parent: Register
    parent_attr: str
    title: str
    add_form: type[RecordForm]
    edit_form: type[RecordForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    capability: str

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.key}_{action}"


def place_names(codes: Iterable[str]) -> dict[str, str]:
    """The place of each region as clerks say it, from the county down ('滕州市 龙阳镇'), in one query."""
    codes = set(codes)
    wanted = {code[:n].ljust(CODE_LENGTH, "0") for code in codes for n in (6, 9, 12)}
    names = {
        c: (n, lvl)
        for c, n, lvl in Region.objects.filter(code__in=wanted).values_list("code", "name", "level")
    }
    out = {}
    for code in codes:
        name, level = names.get(code, (code, Level.VILLAGE))
        if level <= Level.COUNTY:
            out[code] = name
            continue
        parts = [names.get(code[:n].ljust(CODE_LENGTH, "0"), ("", 0))[0] for n in (6, 9, 12)[: level - 2]]
        out[code] = " ".join(p for p in parts if p)
    return out


def display(instance: models.Model, name: str) -> Any:
    """A field's value as people read it: labels for choices, masked personal data, 是/否."""
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value in (None, ""):
        return "—"
    if getattr(model_field, "choices", None):
        return getattr(instance, f"get_{name}_display")()
    if name in MASKED:
        return MASKED[name](value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Region):
        return value.full_name
    return value


def describe(instance: models.Model, names: Iterable[str]) -> list[tuple[str, Any]]:
    return [
        (str(getattr(instance._meta.get_field(n), "verbose_name", n)), display(instance, n)) for n in names
    ]


def xlsx_download(
    request: Any,
    *,
    headers: list[str],
    rows: list[list[Any]],
    filename: str,
    object_type: str,
    region_id: str | None,
    title: str | None = None,
    detail: dict[str, Any] | None = None,
) -> HttpResponse:
    """An export, logged in the access log with what was asked for and how many rows."""
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type=object_type,
        region_id=region_id,
        detail={"rows": len(rows), **(detail or {})},
        request=request,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        xlsx.table(headers, rows, sheet_name=filename, title=title), content_type=xlsx.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.xlsx')}"
    return response


def export_value(value: Any) -> Any:
    return "" if value == "—" else value


# ----- register views ------------------------------------------------------------------------


def _filtered(register: Register, request: Any) -> tuple[Any, Region | None, str]:
    region = visible_region(request.user, request.GET.get("region"))
    q = request.GET.get("q", "").strip()[:50]
    qs = register.model.objects.visible_to(request.user).in_region(region)  # type: ignore[attr-defined]
    if q:
        condition = models.Q()
        for lookup in register.search:
            condition |= models.Q(**{lookup: q})
        qs = qs.filter(condition)
    return qs, region, q


def record_list(request: Any, register: Register) -> HttpResponse:
    policy = ScopePolicy.of(request.user)
    policy.require(register.view)
    qs, region, q = _filtered(register, request)
    page = keyset_page(qs.select_related(*register.related), request.GET.get("after"))
    rows = [(obj, [(c, c.value(obj)) for c in register.columns]) for obj in page.items]
    context = {
        "register": register,
        "page": page,
        "rows": rows,
        "total": qs.count(),
        "region": region,
        "q": q,
        "can_edit": policy.can(register.edit),
        "can_export": policy.can(register.export),
        "can_import": bool(register.import_kind) and policy.can(register.import_capability),
        "places": place_names(obj.region_id for obj in page.items),
        "create_url": register.url("create"),
        "export_url": register.url("export"),
        "import_url": reverse("imports:upload", args=[register.import_kind]) if register.import_kind else "",
    }
    return render(request, "cooperation/register_list.html", context)


def record_export(request: Any, register: Register) -> HttpResponse:
    policy = ScopePolicy.of(request.user)
    policy.require(register.export)
    qs, region, q = _filtered(register, request)
    items = list(qs.select_related(*register.related).order_by("pk"))
    places = place_names(obj.region_id for obj in items)
    rows = [
        [obj.pk, places.get(obj.region_id, ""), *(export_value(c.value(obj)) for c in register.columns)]
        for obj in items
    ]
    return xlsx_download(
        request,
        headers=["编号", "所在区域", *(c.label for c in register.columns)],
        rows=rows,
        filename=register.title,
        object_type=register.model._meta.label_lower,
        region_id=shown.code if (shown := region or policy.region) else None,
        detail={"q": q},
    )


def record_detail(request: Any, register: Register, pk: int) -> HttpResponse:
    policy = ScopePolicy.of(request.user)
    policy.require(register.view)
    obj = get_object_or_404(
        register.model.objects.visible_to(request.user).select_related(*register.related),  # type: ignore[attr-defined]
        pk=pk,
    )
    owner = policy.covers(obj.region_id)
    context = {
        "register": register,
        "obj": obj,
        "list_url": register.url("list"),
        "edit_url": register.url("edit", obj.pk),
        "fields": describe(obj, register.fields),
        "can_edit": owner and policy.can(register.edit),
        "can_export": policy.can(register.export),
        "can_unmask": policy.can("registry.unmask"),
        "history": history(obj),
    }
    if register.detail_context:
        context |= register.detail_context(request, obj)
    return render(request, "cooperation/register_detail.html", context)


def record_form(request: Any, register: Register, pk: int | None = None) -> HttpResponse:
    policy = ScopePolicy.of(request.user)
    policy.require(register.edit)
    obj = None
    if pk is not None:
        obj = get_object_or_404(register.model.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
        if not policy.covers(obj.region_id):
            raise PermissionDenied("该记录由其他地区登记，您只能查看")
    form = register.form(request.POST or None, user=request.user, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            if obj is not None:
                register.update(request.user, obj, **form.cleaned_data)
            else:
                obj = register.create(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存。")
            assert obj is not None
            return redirect(register.url("detail", obj.pk))
    return render(
        request,
        "cooperation/register_form.html",
        {"register": register, "form": form, "obj": obj, "list_url": register.url("list")},
    )


def register_urls(register: Register) -> list[Any]:
    kwargs = {"register": register}
    p = register.prefix
    return [
        path(f"{p}/", record_list, kwargs, name=f"{register.key}_list"),
        path(f"{p}/new/", record_form, kwargs, name=f"{register.key}_create"),
        path(f"{p}/export/", record_export, kwargs, name=f"{register.key}_export"),
        path(f"{p}/<int:pk>/", record_detail, kwargs, name=f"{register.key}_detail"),
        path(f"{p}/<int:pk>/edit/", record_form, kwargs, name=f"{register.key}_edit"),
    ]


# ----- child views ---------------------------------------------------------------------------


def _writable_parent(request: Any, child: Child, parent_pk: int) -> Any:
    policy = ScopePolicy.of(request.user)
    policy.require(child.capability)
    parent = get_object_or_404(child.parent.model.objects.visible_to(request.user), pk=parent_pk)  # type: ignore[attr-defined]
    if not policy.covers(parent.region_id):
        raise PermissionDenied("该记录由其他地区登记，您只能查看")
    return parent


def _writable_child(request: Any, child: Child, pk: int) -> Any:
    policy = ScopePolicy.of(request.user)
    policy.require(child.capability)
    obj = get_object_or_404(child.model.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
    if not policy.covers(getattr(obj, child.parent_attr).region_id):
        raise PermissionDenied("该记录由其他地区登记，您只能查看")
    return obj


def _render_child_form(request: Any, child: Child, form: Any, parent: Any, obj: Any) -> HttpResponse:
    return render(
        request,
        "cooperation/child_form.html",
        {
            "child": child,
            "form": form,
            "parent": parent,
            "obj": obj,
            "register": child.parent,
            "list_url": child.parent.url("list"),
            "action": reverse(child.url_name("edit"), args=[obj.pk])
            if obj is not None
            else reverse(child.url_name("add"), args=[parent.pk]),
        },
    )


def child_add(request: Any, child: Child, parent_pk: int) -> HttpResponse:
    parent = _writable_parent(request, child, parent_pk)
    form = child.add_form(request.POST or None, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            child.create(request.user, parent, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"已添加{child.title}。")
            return redirect(child.parent.url("detail", parent.pk))
    return _render_child_form(request, child, form, parent, None)


def child_edit(request: Any, child: Child, pk: int) -> HttpResponse:
    obj = _writable_child(request, child, pk)
    parent = getattr(obj, child.parent_attr)
    form = child.edit_form(request.POST or None, user=request.user, instance=obj, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            child.update(request.user, obj, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存。")
            return redirect(child.parent.url("detail", parent.pk))
    return _render_child_form(request, child, form, parent, obj)


@require_POST
def child_remove(request: Any, child: Child, pk: int) -> HttpResponse:
    obj = _writable_child(request, child, pk)
    parent = getattr(obj, child.parent_attr)
    try:
        child.remove(request.user, obj)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已移除{child.title}。")
    return redirect(child.parent.url("detail", parent.pk))


def child_urls(child: Child) -> list[Any]:
    kwargs = {"child": child}
    p = child.prefix
    return [
        path(f"{child.parent.prefix}/<int:parent_pk>/{p}/new/", child_add, kwargs, name=f"{child.key}_add"),
        path(f"{p}/<int:pk>/edit/", child_edit, kwargs, name=f"{child.key}_edit"),
        path(f"{p}/<int:pk>/remove/", child_remove, kwargs, name=f"{child.key}_remove"),
    ]
