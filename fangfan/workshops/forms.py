from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from fangfan.registry.forms import ScopedForm, VillageField
from fangfan.registry.models import Person

from .models import AwardTier, Workshop, WorkshopWorker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class WorkshopForm(ScopedForm):
    village = VillageField()

    class Meta:
        model = Workshop
        fields = [
            "name",
            "kind",
            "category",
            "operator",
            "credit_code",
            "village",
            "address",
            "contact_name",
            "contact_phone",
            "notes",
        ]


class PersonByIdField(forms.CharField):
    """A person of the registry, found by ID number among those the user may see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "身份证号")
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        number = "".join(super().clean(value).split()).upper()
        person = Person.objects.visible_to(self.user).filter(id_number=number).first()
        if person is None:
            raise ValidationError("该身份证号未在您管辖范围内的脱贫人口台账中登记，请先在台账中登记该人员")
        return person


class WorkerForm(forms.ModelForm):
    class Meta:
        model = WorkshopWorker
        fields = ["job", "start", "end", "monthly_wage", "contract_months", "insured", "insurance_premium"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            field = PersonByIdField()
            field.user = user
            self.fields = {"person": field, **self.fields}
        style(self)

    def _post_clean(self):
        """The service validates and saves."""


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE, initial=dt.date.today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ExitForm(DateForm):
    reason = forms.CharField(label="退出原因", max_length=200)


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_month(self):
        try:
            return dt.date.fromisoformat(self.cleaned_data["month"] + "-01")
        except ValueError:
            raise ValidationError("月份格式应为 2026-10") from None


class WageForm(MonthForm):
    """工资发放: one month's wages paid to a worker."""

    month = forms.CharField(label="工资月份", widget=forms.DateInput(attrs={"type": "month"}))
    amount = forms.DecimalField(label="实发工资（元）", max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label="发放日期", widget=DATE)


class PeriodForm(forms.Form):
    period_start = forms.DateField(label="期间起", widget=DATE)
    period_end = forms.DateField(label="期间止", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean(self):
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            raise ValidationError("期间止不能早于期间起")
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "审核通过"), ("return", "退回重算")])
    review_note = forms.CharField(label="审核意见", max_length=500, required=False)


class TierForm(forms.ModelForm):
    class Meta:
        model = AwardTier
        fields = ["kind", "min_workers", "min_months", "min_wages", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def _post_clean(self):
        """The service validates and saves."""


TierFormSet = forms.formset_factory(TierForm, extra=2, can_delete=True)
