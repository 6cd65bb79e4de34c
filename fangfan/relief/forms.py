from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from fangfan.core.masking import mask_account, mask_phone
from fangfan.registry.forms import ScopedForm, VillageField
from fangfan.workshops.forms import DATE, style

from .models import ReliefHire, WorkReliefProject


class ProjectForm(ScopedForm):
    village = VillageField(label="项目所在村")

    class Meta:
        model = WorkReliefProject
        fields = [
            "name",
            "number",
            "owner",
            "contractor",
            "village",
            "address",
            "start",
            "end",
            "central_funds",
            "provincial_funds",
            "other_funds",
            "planned_wages",
            "attendance_mode",
            "contact_name",
            "contact_phone",
            "notes",
        ]
        widgets = {"start": DATE, "end": DATE}


class OptionalVillageField(VillageField):
    def clean(self, value):
        if not value:
            return None
        return super().clean(value)


class HireForm(forms.ModelForm):
    """A new hire names the worker (registry person or not); an existing hire edits its terms."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=20)
    village = OptionalVillageField(required=False, label="所在村")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="银行账号", max_length=40, required=False)

    class Meta:
        model = ReliefHire
        fields = ["job", "start", "end", "daily_wage"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("name", "id_number", "village", "phone", "bank_name", "bank_account"):
                del self.fields[name]
        else:
            village = self.fields["village"]
            assert isinstance(village, VillageField)
            village.user = user
            village.help_text = "已在脱贫人口台账中的人员可不选，按台账所在村登记"
        style(self)

    def _post_clean(self):
        """The service validates and saves."""


class WorkerForm(forms.Form):
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="银行账号", max_length=40, required=False)

    def __init__(self, *args, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
        if worker is not None:
            current = {
                "phone": mask_phone(worker.phone),
                "bank_name": worker.bank_name,
                "bank_account": mask_account(worker.bank_account),
            }
            for name, value in current.items():
                self.fields[name].widget.attrs["placeholder"] = value
                self.fields[name].help_text = "留空则不修改"


class MonthField(forms.CharField):
    widget = forms.DateInput(attrs={"type": "month"})

    def clean(self, value):
        text = super().clean(value)
        try:
            return dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise ValidationError("月份格式应为 2026-10") from None


class MonthForm(forms.Form):
    month = MonthField(label="月份")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class PayForm(DateForm):
    amount = forms.DecimalField(label="实发金额", max_digits=12, decimal_places=2, min_value=0)
