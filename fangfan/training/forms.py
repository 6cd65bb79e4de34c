from __future__ import annotations

from django import forms

from fangfan.cooperation.kit.fields import PersonField, RecordForm, ScopedRegionField
from fangfan.regions.codes import Level

from .models import Training, TrainingEnrolment, TrainingRule


class TrainingForm(RecordForm):
    region = ScopedRegionField(label="举办地区", levels=(Level.CITY, Level.COUNTY, Level.TOWNSHIP))

    class Meta:
        model = Training
        fields = [
            "name",
            "region",
            "kind",
            "provider",
            "occupation",
            "employer",
            "start",
            "end",
            "hours",
            "subsidy_standard",
            "notes",
        ]


class EnrolmentEditForm(RecordForm):
    class Meta:
        model = TrainingEnrolment
        fields = [
            "enrolled_on",
            "withdrawn_on",
            "completed",
            "completed_on",
            "certificate",
            "certificate_number",
            "notes",
        ]


class EnrolmentForm(EnrolmentEditForm):
    person = PersonField()

    class Meta(EnrolmentEditForm.Meta):
        fields = ["person", "enrolled_on", "completed", "certificate", "certificate_number", "notes"]


class TrainingRuleForm(forms.ModelForm):
    class Meta:
        model = TrainingRule
        fields = [
            "subsidy_order",
            "subsidy_directed",
            "subsidy_post",
            "subsidy_general",
            "certificate_required",
        ]
