from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.cooperation.kit.pages import overview
from fangfan.cooperation.kit.registers import xlsx_download
from fangfan.cooperation.kit.rules import rule_page
from fangfan.core.masking import mask_id_number
from fangfan.employment.models import Employment

from . import forms, services
from .models import Training, TrainingEnrolment, TrainingRule

FIGURES = (
    ("training.courses", "training:course_list"),
    ("training.poverty_trainees", "training:course_list"),
    ("training.completed", "training:course_list"),
    ("training.certified", "training:course_list"),
    ("training.employed_trainees", "training:course_list"),
)


def home(request: Any) -> Any:
    return overview(
        request,
        capability="training.view",
        figures=FIGURES,
        template="training/home.html",
        extra={"can_rules": ScopePolicy.of(request.user).can("training.rules")},
    )


def rules(request: Any) -> Any:
    return rule_page(
        request,
        model=TrainingRule,
        form_class=forms.TrainingRuleForm,
        capability="training.rules",
        title="职业技能培训补贴规则",
        back=reverse("training:home"),
    )


def course_context(request: Any, training: Training) -> dict[str, Any]:
    policy = ScopePolicy.of(request.user)
    can = policy.can("training.edit") and policy.covers(training.region_id)
    result = services.subsidy(training)
    employed_after = Employment.objects.filter(person=OuterRef("person"), start__gte=training.start)
    enrolments = (
        training.enrolments.select_related("person")
        .annotate(employed_after=Exists(employed_after))
        .order_by("pk")
    )
    return {
        "enrolments": enrolments,
        "subsidy": result,
        "eligible": services.eligible_ids(training, result.certificate_required),
        "child_form": forms.EnrolmentForm(user=request.user, parent=training) if can else None,
        "can_import": can and policy.can("training.import"),
        "today": timezone.localdate(),
    }


def enrolments_export(request: Any, pk: int) -> Any:
    policy = ScopePolicy.of(request.user)
    policy.require("training.export")
    training = get_object_or_404(Training.objects.visible_to(request.user), pk=pk)
    full = request.GET.get("full") == "1" and policy.can("registry.unmask")
    rows = [
        [
            training.pk,
            training.name,
            e.person.name,
            e.person.id_number if full else mask_id_number(e.person.id_number),
            e.enrolled_on or "",
            e.withdrawn_on or "",
            "是" if e.completed else "否",
            e.completed_on or "",
            e.get_certificate_display(),
            e.certificate_number,
            e.notes,
        ]
        for e in TrainingEnrolment.objects.filter(training=training).select_related("person").order_by("pk")
    ]
    return xlsx_download(
        request,
        headers=[
            "培训班编号",
            "培训班名称",
            "姓名",
            "身份证号",
            "报名日期",
            "退出日期",
            "是否结业",
            "结业日期",
            "证书类型",
            "证书编号",
            "备注",
        ],
        rows=rows,
        filename=f"培训学员-{training.name}"[:31],
        object_type="training.trainingenrolment",
        region_id=training.region_id,
        detail={"training": training.pk, "unmasked": full},
    )
