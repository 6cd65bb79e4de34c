from __future__ import annotations

from fangfan.cooperation.kit.registers import Child, Col, Register

from . import forms, services, views
from .models import Training, TrainingEnrolment

COURSES = Register(
    namespace="training",
    key="course",
    prefix="courses",
    model=Training,
    title="职业技能培训班",
    unit="期",
    form=forms.TrainingForm,
    create=services.create_training,
    update=services.update_training,
    view="training.view",
    edit="training.edit",
    export="training.export",
    columns=(
        Col("培训类型", lambda o: o.get_kind_display()),
        Col("培训职业（工种）", lambda o: o.occupation),
        Col("培训机构", lambda o: o.provider, hide_sm=True),
        Col("开班日期", lambda o: o.start),
        Col("结业日期", lambda o: o.end, hide_sm=True),
    ),
    fields=(
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
    ),
    search=("name__contains", "occupation__contains", "provider__contains"),
    detail_extra="training/_enrolments.html",
    detail_context=views.course_context,
    import_kind="enrolments",
    import_capability="training.import",
)

ENROLMENTS = Child(
    namespace="training",
    key="enrolment",
    prefix="enrolments",
    model=TrainingEnrolment,
    parent=COURSES,
    parent_attr="training",
    title="培训学员",
    add_form=forms.EnrolmentForm,
    edit_form=forms.EnrolmentEditForm,
    create=services.enrol,
    update=services.update_enrolment,
    remove=services.remove_enrolment,
    capability="training.edit",
)
