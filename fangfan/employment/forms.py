from django import forms
from django.core.exceptions import ValidationError

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
    destination_province = forms.ModelChoiceField(
        Region.objects.filter(level=Level.PROVINCE), label="务工所在省", required=False
    )
    destination_city = forms.ModelChoiceField(
        Region.objects.filter(level=Level.CITY), label="务工所在市", required=False
    )

    class Meta:
        model = Employment
        fields = [
            "start",
            "end",
            "employer",
            "kind",
            "work_area",
            "destination_province",
            "destination_city",
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
        province = self.data.get("destination_province") or (
            self.instance.destination_province_id if self.instance.pk else None
        )
        cities = Region.objects.filter(level=Level.CITY)
        city = self.fields["destination_city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities.filter(parent_id=province) if province else cities.none()


class EndForm(forms.Form):
    end = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
