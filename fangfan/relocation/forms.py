from __future__ import annotations

from typing import Any

from django import forms

from fangfan.cooperation.kit.fields import AnyRegionField, PersonField, RecordForm, ScopedRegionField
from fangfan.regions.codes import Level

from .models import FairAttendee, FairEmployer, FairHire, JobFair, RelocationSite, SiteResident

LOCAL = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)


class SiteForm(RecordForm):
    region = ScopedRegionField(label="所在地区", levels=LOCAL)

    class Meta:
        model = RelocationSite
        fields = [
            "name",
            "region",
            "kind",
            "address",
            "households_planned",
            "people_planned",
            "built_on",
            "notes",
        ]


class ResidentEditForm(RecordForm):
    class Meta:
        model = SiteResident
        fields = ["moved_in_on", "moved_out_on", "notes"]


class ResidentForm(ResidentEditForm):
    person = PersonField()

    class Meta(ResidentEditForm.Meta):
        fields = ["person", "moved_in_on", "moved_out_on", "notes"]


class FairForm(RecordForm):
    region = ScopedRegionField(label="举办地区", levels=LOCAL)

    class Meta:
        model = JobFair
        fields = ["name", "region", "site", "held_on", "organiser", "venue", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        assert isinstance(site, forms.ModelChoiceField)
        site.queryset = RelocationSite.objects.visible_to(self.user).order_by("name")


class EmployerForm(RecordForm):
    class Meta:
        model = FairEmployer
        fields = ["name", "credit_code", "posts_offered", "jobs"]


class AttendeeEditForm(RecordForm):
    class Meta:
        model = FairAttendee
        fields = ["notes"]


class AttendeeForm(AttendeeEditForm):
    person = PersonField()

    class Meta(AttendeeEditForm.Meta):
        fields = ["person", "notes"]


class HireEditForm(RecordForm):
    workplace = AnyRegionField(
        label="工作地", levels=(Level.PROVINCE, Level.CITY, Level.COUNTY), required=False
    )

    class Meta:
        model = FairHire
        fields = ["employer", "job", "start", "end", "monthly_income", "workplace", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ModelChoiceField)
        employer.queryset = FairEmployer.objects.filter(fair=self.parent).order_by("name")
        self.fields["workplace"].help_text = "省、市或县名称或区划代码；留空则为招聘会举办地所在县"


class HireForm(HireEditForm):
    person = PersonField()

    class Meta(HireEditForm.Meta):
        fields = ["person", "employer", "job", "start", "end", "monthly_income", "workplace", "notes"]
