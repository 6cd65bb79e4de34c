from __future__ import annotations

from fangfan.cooperation.kit.registers import Child, Col, Register

from . import forms, services, views
from .models import FairAttendee, FairEmployer, FairHire, JobFair, RelocationSite, SiteResident

NS = "relocation"
VIEW, EDIT, EXPORT = "relocation.view", "relocation.edit", "relocation.export"

SITES = Register(
    namespace=NS,
    key="site",
    prefix="sites",
    model=RelocationSite,
    title="易地搬迁安置区",
    unit="个",
    form=forms.SiteForm,
    create=services.create_site,
    update=services.update_site,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("类型", lambda o: o.get_kind_display(), hide_sm=True),
        Col("安置规模（户）", lambda o: o.households_planned),
        Col("安置规模（人）", lambda o: o.people_planned),
        Col("建成入住日期", lambda o: o.built_on or "", hide_sm=True),
    ),
    fields=("name", "region", "kind", "address", "households_planned", "people_planned", "built_on", "notes"),
    search=("name__contains", "address__contains"),
    detail_extra="relocation/_site_residents.html",
    detail_context=views.site_context,
    import_kind="site_residents",
    import_capability="relocation.import",
)

FAIRS = Register(
    namespace=NS,
    key="fair",
    prefix="fairs",
    model=JobFair,
    title="乐业搬迁（迁建）专场招聘",
    unit="次",
    form=forms.FairForm,
    create=services.create_fair,
    update=services.update_fair,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("举办日期", lambda o: o.held_on),
        Col("服务安置区", lambda o: o.site or ""),
        Col("主办单位", lambda o: o.organiser, hide_sm=True),
        Col("举办地点", lambda o: o.venue, hide_sm=True),
    ),
    fields=("name", "region", "site", "held_on", "organiser", "venue", "notes"),
    related=("region", "site"),
    search=("name__contains", "organiser__contains"),
    detail_extra="relocation/_fair.html",
    detail_context=views.fair_context,
    import_kind="fair_hires",
    import_capability="relocation.import",
)

RESIDENTS = Child(
    namespace=NS,
    key="resident",
    prefix="residents",
    model=SiteResident,
    parent=SITES,
    parent_attr="site",
    title="搬迁安置人员",
    add_form=forms.ResidentForm,
    edit_form=forms.ResidentEditForm,
    create=services.add_resident,
    update=services.update_resident,
    remove=services.remove_resident,
    capability=EDIT,
)

EMPLOYERS = Child(
    namespace=NS,
    key="employer",
    prefix="employers",
    model=FairEmployer,
    parent=FAIRS,
    parent_attr="fair",
    title="参会用人单位",
    add_form=forms.EmployerForm,
    edit_form=forms.EmployerForm,
    create=services.add_employer,
    update=services.update_employer,
    remove=services.remove_employer,
    capability=EDIT,
)

ATTENDEES = Child(
    namespace=NS,
    key="attendee",
    prefix="attendees",
    model=FairAttendee,
    parent=FAIRS,
    parent_attr="fair",
    title="参会求职人员",
    add_form=forms.AttendeeForm,
    edit_form=forms.AttendeeEditForm,
    create=services.add_attendee,
    update=services.update_attendee,
    remove=services.remove_attendee,
    capability=EDIT,
)

HIRES = Child(
    namespace=NS,
    key="hire",
    prefix="hires",
    model=FairHire,
    parent=FAIRS,
    parent_attr="fair",
    title="录用人员",
    add_form=forms.HireForm,
    edit_form=forms.HireEditForm,
    create=services.add_hire,
    update=services.update_hire,
    remove=services.remove_hire,
    capability=EDIT,
)

REGISTERS = (SITES, FAIRS)
CHILDREN = (RESIDENTS, EMPLOYERS, ATTENDEES, HIRES)
