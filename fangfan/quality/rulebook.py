"""Rules that differ by province or city (``RegionRule`` models), read and edited in one place.

An app lists its rule models in its AppConfig as ``region_rules = ["fangfan.x.models.XRule"]``
and gives each a class attribute ``edit_capability``. A province or city
administrator sets the values for their region; a region without its own row
inherits from the nearest ancestor, and finally the field defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string

from fangfan.audit import services as audit
from fangfan.regions.codes import Level
from fangfan.regions.models import Region, RegionRule
from fangfan.registry.services import authorise

EDITABLE_LEVELS = (Level.PROVINCE, Level.CITY)


def rule_models() -> list[type[RegionRule]]:
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "region_rules", ())
    ]


def find_model(label: str) -> type[RegionRule]:
    for model in rule_models():
        if model._meta.label_lower == label:
            return model
    raise LookupError(label)


def rule_fields(model: type[RegionRule]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in ("id", "region", "updated_at")]


@dataclass
class Effective:
    model: type[RegionRule]
    row: Any
    source: Region | None

    @property
    def values(self) -> list[tuple[str, Any, str]]:
        return [
            (str(f.verbose_name), getattr(self.row, f.name), str(f.help_text))
            for f in rule_fields(self.model)
        ]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)


def effective(model: type[RegionRule], region: Region) -> Effective:
    row = model.objects.for_region(region)
    source = Region.objects.filter(code=row.region_id).first() if row.region_id else None
    return Effective(model, row, source)


def can_edit(user: Any, model: type[RegionRule], region: Region | None) -> bool:
    from fangfan.accounts.policy import ScopePolicy

    policy = ScopePolicy.of(user)
    return (
        region is not None
        and region.level in EDITABLE_LEVELS
        and policy.can(model.edit_capability)  # type: ignore[attr-defined]
        and policy.covers(region.code)
    )


def _check_region(region: Region) -> None:
    if region.level not in EDITABLE_LEVELS:
        raise ValidationError("规则只能按省或市设置，县及以下沿用所在市、省的规则")


@transaction.atomic
def set_rule(actor: Any, model: type[RegionRule], region: Region, **values: Any) -> RegionRule:
    """Set ``region``'s own values of a rule (creating its row the first time)."""
    authorise(actor, model.edit_capability, region.code)  # type: ignore[attr-defined]
    _check_region(region)
    names = {f.name for f in rule_fields(model)}
    unknown = set(values) - names
    if unknown:
        raise ValidationError(f"未知的规则字段：{'、'.join(sorted(unknown))}")
    row = model.objects.filter(region=region).first()
    creating = row is None
    if row is None:
        inherited = model.objects.for_region(region)
        row = model(region=region, **{n: getattr(inherited, n) for n in names})
    before = {} if creating else audit.snapshot(row, list(names))
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean(exclude=["region"])
    after = audit.snapshot(row, list(names))
    if creating:
        row.save()
        audit.record(actor, "quality.rule.create", row, after=after, region_id=region.code)
        return row
    old, new = audit.diff(before, after)
    if new:
        row.save(update_fields=audit.update_fields(row, new))
        audit.record(actor, "quality.rule.update", row, before=old, after=new, region_id=region.code)
    return row


@transaction.atomic
def clear_rule(actor: Any, model: type[RegionRule], region: Region) -> None:
    """Drop ``region``'s own values so that it inherits again."""
    authorise(actor, model.edit_capability, region.code)  # type: ignore[attr-defined]
    row = model.objects.filter(region=region).first()
    if row is None:
        return
    audit.record(
        actor,
        "quality.rule.delete",
        row,
        before=audit.snapshot(row, [f.name for f in rule_fields(model)]),
        region_id=region.code,
    )
    row.delete()
