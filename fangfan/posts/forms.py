from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from fangfan.core.masking import mask_account
from fangfan.registry.forms import ScopedForm, VillageField
from fangfan.registry.models import Household
from fangfan.workshops.forms import DATE, PersonByIdField, style

from .models import ExitReason, PublicPost, VillageCadre


class PostForm(ScopedForm):
    village = VillageField()

    class Meta:
        model = PublicPost
        fields = [
            "name",
            "post_type",
            "work_time",
            "village",
            "employer",
            "duties",
            "subsidy",
            "hours_per_month",
            "required_days",
            "created_on",
            "notes",
        ]
        widgets = {"created_on": DATE, "duties": forms.Textarea(attrs={"rows": 3})}


class AppointForm(forms.Form):
    person = PersonByIdField()
    start = forms.DateField(label="上岗日期", widget=DATE)
    contract_end = forms.DateField(
        label="聘用协议到期日", widget=DATE, required=False, help_text="留空则按规定的最长期限"
    )
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="补贴发放账号", max_length=40, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, PersonByIdField)
        field.user = user
        style(self)


class RenewForm(forms.Form):
    contract_end = forms.DateField(label="续签后到期日", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class BankForm(forms.Form):
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="补贴发放账号", max_length=40, required=False)

    def __init__(self, *args, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
        if appointment is not None:
            self.fields["bank_name"].widget.attrs["placeholder"] = appointment.bank_name or "开户银行"
            self.fields["bank_account"].widget.attrs["placeholder"] = (
                mask_account(appointment.bank_account) or "账号"
            )


class ExitForm(forms.Form):
    on = forms.DateField(label="退岗日期", widget=DATE)
    reason = forms.ChoiceField(label="退岗原因", choices=ExitReason.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class AttendanceForm(forms.Form):
    month = forms.CharField(label="月份", widget=forms.DateInput(attrs={"type": "month"}))
    required_days = forms.DecimalField(label="应出勤天数", max_digits=4, decimal_places=1, min_value=0)
    actual_days = forms.DecimalField(label="实际出勤天数", max_digits=4, decimal_places=1, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_month(self):
        try:
            return dt.date.fromisoformat(self.cleaned_data["month"] + "-01")
        except ValueError:
            raise ValidationError("月份格式应为 2026-10") from None


class PayForm(forms.Form):
    amount = forms.DecimalField(label="发放金额", max_digits=10, decimal_places=2, min_value=0)
    on = forms.DateField(label="发放日期", widget=DATE)


class CloseForm(forms.Form):
    on = forms.DateField(label="撤岗日期", widget=DATE)
    reason = forms.CharField(label="撤岗原因", max_length=200)


class HouseholdNumberField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "所在户编号")
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "村干部本人或其家庭在脱贫人口台账中的户编号；本人在台账中的可不填，自动关联"
        )
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        number = super().clean(value).strip()
        if not number:
            return None
        household = Household.objects.visible_to(self.user).filter(number=number).first()
        if household is None:
            raise ValidationError(f"您管辖范围内没有户编号为{number}的户")
        return household


class CadreForm(ScopedForm):
    village = VillageField(label="任职村")
    household = HouseholdNumberField()

    class Meta:
        model = VillageCadre
        fields = ["name", "id_number", "position", "village", "household", "term_start", "term_end"]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, HouseholdNumberField)
        field.user = user
        if self.instance.pk and self.instance.household_id:
            self.initial["household"] = self.instance.household.number
