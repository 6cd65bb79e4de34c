from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fangfan.cooperation.kit.fields import AnyRegionField
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .models import Employment


class ServiceForm(forms.ModelForm):
    """A ModelForm that leaves validation and saving to the service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def _post_clean(self):
        """The service compares the instance before and after, and validates."""

    def apply_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class SpellForm(ServiceForm):
    """A spell; its destination is one region anywhere in the country, typed by name or code."""

    destination = AnyRegionField(
        label="务工所在地",
        levels=[Level.PROVINCE, Level.CITY],
        required=False,
        help_text="省外务工必填，填写省或市，如“江苏省”“苏州市”“江苏省苏州市”或区划代码；省内务工可不填。",
    )

    class Meta:
        model = Employment
        fields = [
            "start",
            "end",
            "employer",
            "kind",
            "work_area",
            "destination",
            "monthly_income",
            "organised",
            "notes",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "monthly_income": forms.NumberInput(attrs={"inputmode": "decimal", "min": "0", "step": "0.01"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spell = self.instance
        if spell.pk and (spell.destination_city_id or spell.destination_province_id):
            self.initial["destination"] = spell.destination_city or spell.destination_province
        self.fields["destination"].widget.attrs.update(list="destination-options", autocomplete="off")

    @property
    def destination_options(self) -> list[str]:
        """Provinces and cities by their full names, offered as the clerk types."""
        regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.CITY]).order_by("code")
        names = {r.code: r.name for r in regions}
        return [
            names[r.code] if r.level == Level.PROVINCE else names.get(r.code[:2].ljust(12, "0"), "") + r.name
            for r in regions
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        place = data.pop("destination", None)
        data["destination_province"] = None
        data["destination_city"] = None
        if place is not None:
            province_code = place.code[:2].ljust(12, "0")
            data["destination_province"] = (
                place if place.level == Level.PROVINCE else Region.objects.get(code=province_code)
            )
            data["destination_city"] = place if place.level == Level.CITY else None
        return data

    def apply_errors(self, error: ValidationError) -> None:
        """The service names 务工所在省/市; on this form both are 务工所在地."""
        if hasattr(error, "error_dict"):
            merged: dict[str, list[str]] = {}
            for field, messages in error.message_dict.items():
                merged.setdefault("destination" if field.startswith("destination") else field, []).extend(
                    messages
                )
            error = ValidationError(merged)
        super().apply_errors(error)


class EndForm(forms.Form):
    end = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
