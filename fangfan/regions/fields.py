"""A form field for a region chosen with the region picker (``{% region_picker name code "input" %}``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .models import Region


class PickedRegionField(forms.CharField):
    """The picker's hidden code, turned into a Region inside the user's scope (set ``user`` first).
    An empty value is None: the whole country, which only nationwide users may choose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> Region | None:
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.visible_to(self.user).filter(code=code).first()
        if region is None:
            raise ValidationError("该区域不在您的管辖范围内")
        return region
