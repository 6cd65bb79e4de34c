from __future__ import annotations

from django import forms
from django.utils import timezone

from fangfan.employment.forms import ServiceForm
from fangfan.employment.models import EmploymentKind, WorkArea
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.registry.choices import LabourCapacity
from fangfan.registry.forms import VillageField

from .models import Indicator, InterventionKind, MonitoringRule, Outcome

DATE = {"type": "date", "class": "form-control"}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（{obj.get_role_display()} · {obj.region}）"


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="责任人", empty_label="请选择"
    )

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = users
        _style(self)


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label="帮扶措施", choices=InterventionKind.choices)
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    notes = forms.CharField(label="情况说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _style(self)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label="解除原因", choices=Outcome.choices)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="关闭原因", max_length=500, help_text="如：已纳入兜底保障、已外出就学、核实为误报"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TargetForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label="指标", choices=Indicator.choices)
    value = forms.IntegerField(
        label="目标值", min_value=1, help_text="人数；人均月务工收入为元。如95万人填950000"
    )
    notes = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        _style(self)


class RuleForm(ServiceForm):
    class Meta:
        model = MonitoringRule
        exclude = ["region"]


class BulletinForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class InflowForm(forms.Form):
    """An inflow worker and their job here, on one form (usable on a phone)."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=20)
    origin = forms.ModelChoiceField(
        Region.objects.filter(level=Level.PROVINCE),
        label="户籍所在省",
        help_text="按身份证号前两位自动选择，可修改",
    )
    labour_capacity = forms.ChoiceField(label="劳动技能", choices=LabourCapacity.choices, initial="ordinary")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    village = VillageField(label="务工所在村（社区）")
    employer = forms.CharField(label="务工单位", max_length=200)
    kind = forms.ChoiceField(label="就业形式", choices=EmploymentKind.choices)
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    monthly_income = forms.DecimalField(label="月收入（元）", min_value=0, max_digits=10, decimal_places=2)
    work_area = forms.ChoiceField(
        label="务工地域（相对所在村）", choices=WorkArea.choices, initial=WorkArea.IN_COUNTY
    )

    PERSON = ("name", "id_number", "origin", "labour_capacity", "phone", "village")
    SPELL = ("employer", "kind", "start", "monthly_income", "work_area")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, VillageField)
        village.user = user
        _style(self)

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def person(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.PERSON}

    def spell(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.SPELL}
