"""Pages of labour cooperation beyond the generic register pages: the overview
with its figures, the rule page, what each record's page shows besides its
fields, and the exports of a batch's or a brand's people."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.core.masking import mask_id_number
from fangfan.employment.models import Employment
from fangfan.employment.rules import active_between_q

from . import forms, services
from .kit.pages import overview
from .kit.registers import xlsx_download
from .kit.rules import rule_page
from .models import BatchMember, BrandWorker, CooperationRule, LabourBrand, OutboundBatch

FIGURES = (
    ("cooperation.alliances", "cooperation:alliance_list"),
    ("cooperation.brands", "cooperation:brand_list"),
    ("cooperation.bases", "cooperation:base_list"),
    ("cooperation.cooperatives", "cooperation:cooperative_list"),
    ("cooperation.brokers", "cooperation:broker_list"),
    ("cooperation.batches", "cooperation:batch_list"),
    ("cooperation.organised_people", "cooperation:batch_list"),
    ("cooperation.seasonal_people", "cooperation:batch_list"),
    ("cooperation.brand_employed", "cooperation:brand_list"),
)


def home(request: Any) -> Any:
    return overview(
        request,
        capability="cooperation.view",
        figures=FIGURES,
        template="cooperation/home.html",
        extra={"can_rules": ScopePolicy.of(request.user).can("cooperation.rules")},
    )


def rules(request: Any) -> Any:
    return rule_page(
        request,
        model=CooperationRule,
        form_class=forms.CooperationRuleForm,
        capability="cooperation.rules",
        title="劳务协作规则",
        back=reverse("cooperation:home"),
    )


def _owner(request: Any, obj: Any, capability: str) -> bool:
    policy = ScopePolicy.of(request.user)
    return policy.can(capability) and policy.covers(obj.region_id)


def alliance_context(request: Any, alliance: Any) -> dict[str, Any]:
    can = _owner(request, alliance, "cooperation.edit")
    return {
        "members": alliance.members.select_related("region").order_by("-is_lead", "region_id"),
        "finding": services.level_check(alliance),
        "child_form": forms.AllianceMemberForm(user=request.user, parent=alliance) if can else None,
    }


def _employed_today() -> Exists:
    today = timezone.localdate()
    return Exists(Employment.objects.filter(active_between_q(today, today), person=OuterRef("person")))


def brand_context(request: Any, brand: LabourBrand) -> dict[str, Any]:
    can = _owner(request, brand, "cooperation.edit")
    workers = (
        brand.workers.select_related("person").annotate(employed=_employed_today()).order_by("-start", "pk")
    )
    return {
        "workers": workers,
        "child_form": forms.BrandWorkerForm(user=request.user, parent=brand) if can else None,
        "can_import": can and ScopePolicy.of(request.user).can("cooperation.import"),
    }


def organiser_context(request: Any, organiser: Any) -> dict[str, Any]:
    batches = organiser.batches.visible_to(request.user).select_related("destination").order_by("-departure")
    brokers = organiser.brokers.visible_to(request.user) if hasattr(organiser, "brokers") else None
    return {"batches": batches, "brokers": brokers}


def batch_context(request: Any, batch: OutboundBatch) -> dict[str, Any]:
    can = _owner(request, batch, "cooperation.dispatch")
    values = {f: getattr(batch, f) for f in services.BATCH_FIELDS}
    return {
        "members": batch.members.select_related("person", "spell").order_by("pk"),
        "seasonal": services.seasonal_check(values),
        "child_form": forms.BatchMemberForm(user=request.user, parent=batch) if can else None,
        "can_import": can and ScopePolicy.of(request.user).can("cooperation.import"),
    }


def _full(request: Any) -> bool:
    return request.GET.get("full") == "1" and ScopePolicy.of(request.user).can("registry.unmask")


def batch_members_export(request: Any, pk: int) -> Any:
    ScopePolicy.of(request.user).require("cooperation.export")
    batch = get_object_or_404(OutboundBatch.objects.visible_to(request.user), pk=pk)
    full = _full(request)
    members = BatchMember.objects.filter(batch=batch).select_related("person", "spell").order_by("pk")
    rows = [
        [
            batch.pk,
            batch.name,
            m.person.name,
            m.person.id_number if full else mask_id_number(m.person.id_number),
            m.effective_start,
            m.effective_end or "",
            m.effective_income,
            m.spell.get_work_area_display() if m.spell else "",
            m.notes,
        ]
        for m in members
    ]
    return xlsx_download(
        request,
        headers=[
            "批次编号",
            "批次名称",
            "姓名",
            "身份证号",
            "到岗日期",
            "返回日期",
            "月工资",
            "务工地域",
            "备注",
        ],
        rows=rows,
        filename=f"输出人员-{batch.name}"[:31],
        object_type="cooperation.batchmember",
        region_id=batch.region_id,
        detail={"batch": batch.pk, "unmasked": full},
    )


def brand_workers_export(request: Any, pk: int) -> Any:
    ScopePolicy.of(request.user).require("cooperation.export")
    brand = get_object_or_404(LabourBrand.objects.visible_to(request.user), pk=pk)
    full = _full(request)
    workers = BrandWorker.objects.filter(brand=brand).select_related("person").order_by("pk")
    rows = [
        [
            brand.pk,
            brand.name,
            w.person.name,
            w.person.id_number if full else mask_id_number(w.person.id_number),
            w.employer,
            w.start,
            w.end or "",
            w.notes,
        ]
        for w in workers
    ]
    return xlsx_download(
        request,
        headers=["品牌编号", "品牌名称", "姓名", "身份证号", "务工单位", "开始日期", "结束日期", "备注"],
        rows=rows,
        filename=f"品牌从业人员-{brand.name}"[:31],
        object_type="cooperation.brandworker",
        region_id=brand.region_id,
        detail={"brand": brand.pk, "unmasked": full},
    )
