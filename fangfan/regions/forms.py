from __future__ import annotations

from typing import Any

from django import forms

from .fields import PickedRegionField
from .models import Designation


class DesignationForm(forms.Form):
    designated = PickedRegionField(label="区域", required=True)
    kind = forms.ChoiceField(
        label="属性", choices=Designation.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    since = forms.DateField(
        label="认定日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["designated"]
        assert isinstance(field, PickedRegionField)
        field.user = user
