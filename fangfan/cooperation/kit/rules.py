"""Province- or city-set rules (``RegionRule`` rows): where a value comes from,
the audited service that sets it, and the page where province and city
administrators edit it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fangfan.accounts.policy import ScopePolicy
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region

from . import records


def source(rule: Any) -> str:
    """Where a rule's values come from, for explanations: '山东省设定' or '系统默认值'."""
    return f"{rule.region.name}设定" if rule.region_id else "系统默认值"


@transaction.atomic
def save_rule(
    actor: Any, model: type[models.Model], region: Region, values: dict[str, Any], *, capability: str
) -> Any:
    """Set the rule of a province or city (creating its row on first use), audited."""
    records.require_level(region, (Level.PROVINCE, Level.CITY))
    label = model._meta.label_lower
    row = model._default_manager.filter(region=region).first()
    if row is None:
        return records.create(
            actor,
            model,
            {"region": region, **values},
            capability=capability,
            action=f"{label}.create",
            region_code=region.code,
        )
    records.update(
        actor, row, values, capability=capability, action=f"{label}.update", region_code=region.code
    )
    return row


def rule_page(
    request: Any,
    *,
    model: type[models.Model],
    form_class: type[forms.ModelForm],
    capability: str,
    title: str,
    back: str,
) -> HttpResponse:
    """The rule of the user's province or city (an administrator picks one), with its source."""
    policy = ScopePolicy.of(request.user)
    policy.require(capability)
    region = visible_region(request.user, request.GET.get("region")) or policy.region
    editable = region is not None and region.level in (Level.PROVINCE, Level.CITY)
    effective: Any = model._default_manager.for_region(region) if region else model()  # type: ignore[attr-defined]
    initial = {f: getattr(effective, f) for f in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    for field in form.fields.values():
        css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
        field.widget.attrs.setdefault("class", css)
    if request.method == "POST":
        if not editable or region is None:
            raise PermissionDenied("规则只能按省或市设定，请先选择省或市")
        if form.is_valid():
            try:
                save_rule(request.user, model, region, form.cleaned_data, capability=capability)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, f"已保存{region.name}的{title}。")
                return redirect(f"{request.path}?region={region.code}")
    return render(
        request,
        "cooperation/rule_form.html",
        {
            "title": title,
            "form": form,
            "region": region,
            "editable": editable,
            "source": source(effective),
            "inherited": effective.pk is not None
            and effective.region_id != (region.code if region else None),
            "back": back,
        },
    )
