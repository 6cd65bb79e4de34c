"""Form pieces for instrument records: regions picked inside the user's scope,
regions anywhere in the country typed by name or code (destinations, alliance
members), and people found in the ledger by ID number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fangfan.core.forms import apply_errors
from fangfan.core.masking import mask_id_number
from fangfan.regions.codes import Level, normalise
from fangfan.regions.models import Region
from fangfan.regions.resolver import core_name
from fangfan.registry.models import Person

from .records import LEVEL_NAMES


def _levels_text(levels: Iterable[int]) -> str:
    return "、".join(LEVEL_NAMES[lvl] for lvl in sorted(levels))


def find_region(text: str, levels: Iterable[int]) -> Region:
    """A region anywhere, by 区划代码 or by name ("江苏省", "苏州", "枣庄市市中区").

    An unknown or ambiguous name is an error naming the candidates, never a guess.
    """
    levels = sorted(levels)
    given = "".join((text or "").split())
    if not given:
        raise ValidationError("请填写区域名称或区划代码")
    if given.isdigit():
        try:
            code = normalise(given)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(f"区划代码{given}不存在")
        if region.level not in levels:
            raise ValidationError(f"区划代码{given}（{region.name}）不是{_levels_text(levels)}级区划")
        return region
    qs = Region.objects.filter(level__in=levels)
    found = list(qs.filter(name=given))
    if not found and len(given) >= 2:
        found = [
            r
            for r in qs.filter(name__startswith=given[:2])
            if core_name(r.name, Level(r.level)) == core_name(given, Level(r.level))
        ]
    if not found:
        suffixes = [given[i:] for i in range(1, len(given) - 1)]
        for region in qs.filter(name__in=suffixes):
            chain = [r.name for r in region.ancestors(include_self=True)]
            if any("".join(chain[k:]) == given for k in range(len(chain))):
                found.append(region)
    if not found:
        raise ValidationError(f"找不到名为“{given}”的{_levels_text(levels)}级区划，请核对名称或填写区划代码")
    if len(found) > 1:
        names = "、".join(f"{r.full_name}（{r.code}）" for r in found[:6])
        raise ValidationError(f"“{given}”对应多个区域：{names}。请填写区划代码或带上级名称")
    return found[0]


class ScopedRegionField(forms.CharField):
    """A region chosen with the region picker, inside the user's scope, at one of ``levels``."""

    picker = True

    def __init__(self, *args: Any, levels: Iterable[int], **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.levels = sorted(levels)
        self.user: Any = None
        if not self.help_text:
            self.help_text = f"在区域选择器中选到{_levels_text(self.levels)}一级"

    def clean(self, value: Any) -> Region | None:
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.visible_to(self.user).filter(code=code).first()
        if region is None:
            raise ValidationError("该区域不在您的管辖范围内")
        if region.level not in self.levels:
            raise ValidationError(f"请在区域选择器中选到{_levels_text(self.levels)}一级")
        return region


class AnyRegionField(forms.CharField):
    """A region anywhere in the country, typed as a name or a 区划代码."""

    def __init__(self, *args: Any, levels: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = sorted(levels)
        if not self.help_text:
            self.help_text = f"填写{_levels_text(self.levels)}名称（如“江苏省”“苏州市”）或区划代码"

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Region):
            return value.full_name
        if isinstance(value, str) and value.isdigit() and len(value) == 12:
            region = Region.objects.filter(code=value).first()
            return region.full_name if region else value
        return value

    def clean(self, value: Any) -> Region | None:
        text = super().clean(value)
        if not text:
            return None
        return find_region(text, self.levels)


def find_person(user: Any, id_number: str) -> Person:
    """The ledger person with this ID number, inside the user's scope."""
    number = "".join((id_number or "").split()).upper()
    if not number:
        raise ValidationError("请填写身份证号")
    people = Person.objects.all() if user is None else Person.objects.visible_to(user)
    person = people.filter(id_number=number).first()
    if person is not None:
        return person
    if Person.objects.filter(id_number=number).exists():
        raise ValidationError(f"身份证号{mask_id_number(number)}的人员不在您的管辖范围内")
    raise ValidationError(f"台账中没有身份证号为{mask_id_number(number)}的人员，请先在脱贫人口台账中登记")


class PersonField(forms.CharField):
    """A ledger person, entered by ID number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", "身份证号")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "填写台账中已登记人员的18位身份证号")
        super().__init__(*args, **kwargs)
        self.user: Any = None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            person = Person.objects.filter(pk=value).first()
            return person.id_number if person else value
        return value

    def clean(self, value: Any) -> Person | None:
        text = super().clean(value)
        if not text:
            return None
        return find_person(self.user, text)


class RecordForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service, never to ``save()``."""

    def __init__(self, *args: Any, user: Any = None, parent: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.parent = parent
        for name, field in self.fields.items():
            if isinstance(field, (ScopedRegionField, PersonField)):
                field.user = user
            if isinstance(field, ScopedRegionField) and self.instance.pk and name in self.initial:
                value = self.initial[name]
                self.initial[name] = getattr(value, "code", value)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")

    @property
    def picker_fields(self) -> list[Any]:
        return [self[name] for name, f in self.fields.items() if isinstance(f, ScopedRegionField)]

    @property
    def plain_fields(self) -> list[Any]:
        return [self[name] for name, f in self.fields.items() if not isinstance(f, ScopedRegionField)]

    def _post_clean(self) -> None:
        """Leave the instance untouched: the service compares it before and after, and validates."""

    def apply_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the matching fields."""
        apply_errors(self, error)
