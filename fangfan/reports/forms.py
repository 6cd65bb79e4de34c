from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fangfan.core.forms import apply_errors  # noqa: F401  re-exported for the report views
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .models import Project, StageSummary


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class HeaderForm(StyledForm):
    unit_name = forms.CharField(label="单位（公章）", max_length=100, required=False)
    filled_by = forms.CharField(label="填表人", max_length=50, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)
    filled_on = forms.DateField(label="填表日期", required=False, widget=DateInput)


class SubmitForm(StyledForm):
    unit_name = forms.CharField(label="单位（公章）", max_length=100, required=False)
    filled_by = forms.CharField(label="填表人", max_length=50)
    phone = forms.CharField(label="电话", max_length=30)
    filled_on = forms.DateField(label="填表日期", required=False, widget=DateInput)


class AdjustForm(StyledForm):
    row_code = forms.CharField(widget=forms.HiddenInput)
    column = forms.CharField(widget=forms.HiddenInput)
    value = forms.IntegerField(label="调整后数值", min_value=0)
    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label="附件（可选）", required=False)


class CommentForm(StyledForm):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class SummaryForm(forms.ModelForm):
    class Meta:
        model = StageSummary
        fields = ["experience", "problems", "unit_name", "filled_by", "phone"]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 8}),
            "problems": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def _post_clean(self):
        """The service validates and saves."""


class LocationField(forms.CharField):
    """A region code chosen with the region picker, inside ``region`` (the project's 区（市）)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "项目所在地")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        code = super().clean(value)
        found = Region.objects.visible_to(self.user).filter(code=code).first() if code else None
        if found is None or found.level < Level.COUNTY:
            raise ValidationError("请在区域选择器中选择项目所在的县、乡镇或村")
        return found


class ProjectForm(forms.ModelForm):
    location = LocationField()

    class Meta:
        model = Project
        fields = ["name", "summary", "location", "contact", "phone", "notes", "started_on", "ended_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "started_on": DateInput,
            "ended_on": DateInput,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        location = self.fields["location"]
        assert isinstance(location, LocationField)
        location.user = user
        if self.instance.pk:
            self.initial["location"] = self.instance.location_id
        for name, field in self.fields.items():
            if name != "location":
                field.widget.attrs.setdefault("class", "form-control")

    def _post_clean(self):
        """The service validates and saves."""


class WorkerForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=20)
    started_on = forms.DateField(label="上岗日期", widget=DateInput)
    ended_on = forms.DateField(label="离岗日期", required=False, widget=DateInput)


class EndWorkerForm(StyledForm):
    ended_on = forms.DateField(label="离岗日期", widget=DateInput)


class ListSubmitForm(StyledForm):
    filled_by = forms.CharField(label="填表人", max_length=50)
    phone = forms.CharField(label="电话", max_length=30)
    filled_on = forms.DateField(label="填表日期", required=False, widget=DateInput)


class LibraryForm(StyledForm):
    note = forms.CharField(label="入库说明", max_length=500, required=False)


def error_text(form: forms.BaseForm) -> str:
    """A form's errors as one Chinese sentence naming each field, for a message after a redirect."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts += [f"{label}：{e}" if label else str(e) for e in errors]
    return "；".join(parts)
