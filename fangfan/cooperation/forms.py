from __future__ import annotations

from typing import Any

from django import forms

from fangfan.regions.codes import Level

from .kit.fields import AnyRegionField, PersonField, RecordForm, ScopedRegionField
from .models import (
    AllianceMember,
    BatchMember,
    BrandWorker,
    CooperationRule,
    LabourAlliance,
    LabourBase,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)

LOCAL = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
WIDE = (Level.PROVINCE, Level.CITY, Level.COUNTY)


class AllianceForm(RecordForm):
    region = ScopedRegionField(label="牵头地区", levels=WIDE)

    class Meta:
        model = LabourAlliance
        fields = ["name", "level", "region", "lead_organisation", "formed_on", "dissolved_on", "notes"]


class AllianceMemberForm(RecordForm):
    region = AnyRegionField(label="成员地区", levels=WIDE)

    class Meta:
        model = AllianceMember
        fields = ["region", "organisation", "joined_on"]


class BrandForm(RecordForm):
    region = ScopedRegionField(label="所属地区", levels=(Level.CITY, Level.COUNTY))

    class Meta:
        model = LabourBrand
        fields = ["name", "region", "skill", "level", "certified_on", "revoked_on", "operator", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BrandWorkerEditForm(RecordForm):
    class Meta:
        model = BrandWorker
        fields = ["employer", "start", "end", "notes"]


class BrandWorkerForm(BrandWorkerEditForm):
    person = PersonField()

    class Meta(BrandWorkerEditForm.Meta):
        fields = ["person", "employer", "start", "end", "notes"]


class BaseForm(RecordForm):
    region = ScopedRegionField(label="所在地区", levels=LOCAL)

    class Meta:
        model = LabourBase
        fields = [
            "name",
            "region",
            "operator",
            "level",
            "certified_on",
            "exited_on",
            "address",
            "contact",
            "phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CooperativeForm(RecordForm):
    region = ScopedRegionField(label="所在地区", levels=LOCAL)

    class Meta:
        model = LabourCooperative
        fields = [
            "name",
            "region",
            "credit_code",
            "leader",
            "phone",
            "registered_on",
            "dissolved_on",
            "notes",
        ]


class BrokerForm(RecordForm):
    region = ScopedRegionField(label="所在地区", levels=LOCAL)

    class Meta:
        model = LabourBroker
        fields = ["name", "id_number", "phone", "region", "cooperative", "registered_on", "ended_on", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cooperative = self.fields["cooperative"]
        assert isinstance(cooperative, forms.ModelChoiceField)
        cooperative.queryset = LabourCooperative.objects.visible_to(self.user).order_by("name")


class BatchForm(RecordForm):
    region = ScopedRegionField(label="输出地区", levels=(Level.COUNTY, Level.TOWNSHIP))
    destination = AnyRegionField(label="输出目的地", levels=WIDE)

    class Meta:
        model = OutboundBatch
        fields = [
            "name",
            "region",
            "cooperative",
            "broker",
            "employer",
            "job",
            "destination",
            "departure",
            "seasonal",
            "return_on",
            "monthly_wage",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (("cooperative", LabourCooperative), ("broker", LabourBroker)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = model.objects.visible_to(self.user).order_by("name")


class BatchMemberEditForm(RecordForm):
    class Meta:
        model = BatchMember
        fields = ["start", "end", "monthly_income", "notes"]


class BatchMemberForm(BatchMemberEditForm):
    person = PersonField()

    class Meta(BatchMemberEditForm.Meta):
        fields = ["person", "start", "end", "monthly_income", "notes"]


class CooperationRuleForm(forms.ModelForm):
    class Meta:
        model = CooperationRule
        fields = ["seasonal_max_days"]
