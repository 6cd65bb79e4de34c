from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from fangfan.core.forms import apply_errors
from fangfan.core.masking import mask_id_number, mask_phone
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from .choices import LeaveReason, Relation
from .models import Household, Person


class VillageField(forms.CharField):
    """A village code chosen with the region picker; it must be in the user's scope."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "所在村")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        code = super().clean(value)
        region = Region.objects.visible_to(self.user).filter(code=code).first() if code else None
        if region is None or region.level != Level.VILLAGE:
            raise ValidationError("请在区域选择器中选到村（社区）一级")
        return region


class ScopedForm(forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, VillageField)
        village.user = user
        if self.instance.pk:
            self.initial["village"] = self.instance.village_id
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self):
        """Leave the instance untouched: the service compares it before and after, and validates."""

    def apply_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the matching fields."""
        apply_errors(self, error)


class PersonForm(ScopedForm):
    village = VillageField()
    id_number = forms.CharField(
        label="身份证号",
        max_length=20,
        help_text="18位身份证号，或20位残疾人证号（将自动拆分出残疾类别和等级）",
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "id_number",
            "relation_to_head",
            "education",
            "health",
            "disability_category",
            "disability_grade",
            "labour_capacity",
            "skills",
            "phone",
            "village",
            "notes",
        ]

    def __init__(self, *args, unmasked: bool = True, **kwargs):
        """``unmasked=False`` (a user without registry.unmask) shows the stored ID number and phone
        masked; submitting the masked value unchanged keeps the stored one."""
        super().__init__(*args, **kwargs)
        self.unmasked = unmasked
        if self.instance.pk and not unmasked:
            self.initial["id_number"] = mask_id_number(self.instance.id_number)
            self.initial["phone"] = mask_phone(self.instance.phone)

    def _kept(self, field: str, value: str, mask: Callable[[str], str], what: str) -> str:
        if "*" not in value:
            return value
        stored = getattr(self.instance, field) if self.instance.pk else ""
        if stored and value == mask(stored):
            return stored
        raise ValidationError(f"{what}中含有*：请保留原来的{what}不变，或填写完整的{what}")

    def clean_id_number(self):
        value = "".join(self.cleaned_data["id_number"].split()).upper()
        return self._kept("id_number", value, mask_id_number, "身份证号")

    def clean_phone(self):
        return self._kept("phone", "".join(self.cleaned_data["phone"].split()), mask_phone, "联系电话")


class HouseholdForm(ScopedForm):
    village = VillageField()

    class Meta:
        model = Household
        fields = [
            "number",
            "village",
            "household_type",
            "monitoring_category",
            "identified_on",
            "exited_on",
            "other_annual_income",
        ]
        widgets = {
            "identified_on": forms.DateInput(attrs={"type": "date"}),
            "exited_on": forms.DateInput(attrs={"type": "date"}),
        }


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label="减少日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    left_reason = forms.ChoiceField(
        label="减少原因", choices=LeaveReason.choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_relation_to_head_display() or '关系未填'}）"


class HeadForm(forms.Form):
    """更换户主: a current member, and what the previous head now is to them."""

    head = MemberField(
        label="新户主", queryset=Person.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    previous_relation = forms.ChoiceField(
        label="原户主与新户主的关系",
        required=False,
        choices=[("", "暂不填写"), *(c for c in Relation.choices if c[0] != Relation.HEAD)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["head"]
        assert isinstance(field, MemberField)
        field.queryset = members
