from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.cooperation.kit.pages import overview
from fangfan.cooperation.kit.registers import xlsx_download
from fangfan.core.masking import mask_id_number
from fangfan.core.pagination import keyset_page
from fangfan.employment.rules import month_bounds

from . import forms, rates
from .models import FairHire, JobFair, RelocationSite, SiteResident

FIGURES = (
    ("relocation.sites", "relocation:site_list"),
    ("relocation.employed_residents", "relocation:site_list"),
    ("relocation.resident_labourers", "relocation:site_list"),
    ("relocation.employed_labourers", "relocation:site_list"),
    ("relocation.job_fairs", "relocation:fair_list"),
    ("relocation.fair_hires", "relocation:fair_list"),
)
STATUSES = {
    "all": "全部登记人员",
    "labourers": "当月在住劳动力",
    "employed": "当月务工的劳动力",
    "not_employed": "当月未务工的劳动力",
}


def home(request: Any) -> Any:
    return overview(request, capability="relocation.view", figures=FIGURES, template="relocation/home.html")


def _owner(request: Any, obj: Any) -> bool:
    policy = ScopePolicy.of(request.user)
    return policy.can("relocation.edit") and policy.covers(obj.region_id)


def _month(request: Any) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        month_bounds(year, month)
    except ValueError:
        return today.year, today.month
    if (year, month) > (today.year, today.month) or year < 2000:
        return today.year, today.month
    return year, month


def site_context(request: Any, site: RelocationSite) -> dict[str, Any]:
    year, month = _month(request)
    first, last = month_bounds(year, month)
    status = request.GET.get("status", "all")
    status = status if status in STATUSES else "all"
    qs = SiteResident.objects.filter(site=site)
    if status != "all":
        qs = rates.labourers_resident(qs, first, last)
    qs = qs.annotate(employed=rates.employed_while_resident(first, last))
    if status == "employed":
        qs = qs.filter(employed=True)
    elif status == "not_employed":
        qs = qs.filter(employed=False)
    history = rates.trend(site, year, month)
    return {
        "rate": history[-1],
        "chart": {
            "months": [f"{r.year}-{r.month:02d}" for r in history],
            "rates": [float(r.percent) if r.percent is not None else None for r in history],
            "employed": [r.employed for r in history],
            "residents": [r.residents for r in history],
        },
        "month_value": f"{year}-{month:02d}",
        "status": status,
        "statuses": STATUSES,
        "residents_page": keyset_page(qs.select_related("person"), request.GET.get("after"), size=100),
        "resident_total": qs.count(),
        "registered": SiteResident.objects.filter(site=site).count(),
        "zero_households": rates.zero_employment_households(site, year, month),
        "child_form": forms.ResidentForm(user=request.user, parent=site) if _owner(request, site) else None,
        "can_import": _owner(request, site) and ScopePolicy.of(request.user).can("relocation.import"),
    }


def fair_context(request: Any, fair: JobFair) -> dict[str, Any]:
    can = _owner(request, fair)
    employers = fair.employers.annotate(hired=Count("hires")).order_by("name")
    return {
        "employers": employers,
        "posts": fair.employers.aggregate(total=Sum("posts_offered"))["total"] or 0,
        "attendees": fair.attendees.select_related("person").order_by("pk"),
        "hires": fair.hires.select_related("person", "employer", "spell").order_by("pk"),
        "employer_form": forms.EmployerForm(user=request.user, parent=fair) if can else None,
        "attendee_form": forms.AttendeeForm(user=request.user, parent=fair) if can else None,
        "child_form": forms.HireForm(user=request.user, parent=fair) if can else None,
        "can_import": can and ScopePolicy.of(request.user).can("relocation.import"),
    }


def _full(request: Any) -> bool:
    return request.GET.get("full") == "1" and ScopePolicy.of(request.user).can("registry.unmask")


def residents_export(request: Any, pk: int) -> Any:
    ScopePolicy.of(request.user).require("relocation.export")
    site = get_object_or_404(RelocationSite.objects.visible_to(request.user), pk=pk)
    full = _full(request)
    rows = [
        [
            site.pk,
            site.name,
            r.person.name,
            r.person.id_number if full else mask_id_number(r.person.id_number),
            r.moved_in_on,
            r.moved_out_on or "",
            r.person.get_labour_capacity_display(),
            r.notes,
        ]
        for r in SiteResident.objects.filter(site=site).select_related("person").order_by("pk")
    ]
    return xlsx_download(
        request,
        headers=["安置区编号", "安置区名称", "姓名", "身份证号", "入住日期", "迁出日期", "劳动技能", "备注"],
        rows=rows,
        filename=f"安置人员-{site.name}"[:31],
        object_type="relocation.siteresident",
        region_id=site.region_id,
        detail={"site": site.pk, "unmasked": full},
    )


def hires_export(request: Any, pk: int) -> Any:
    ScopePolicy.of(request.user).require("relocation.export")
    fair = get_object_or_404(JobFair.objects.visible_to(request.user), pk=pk)
    full = _full(request)
    rows = [
        [
            fair.pk,
            fair.name,
            h.person.name,
            h.person.id_number if full else mask_id_number(h.person.id_number),
            h.employer.name,
            h.job,
            h.start,
            h.end or "",
            h.monthly_income,
            h.workplace.full_name if h.workplace else "",
            h.spell.get_work_area_display() if h.spell else "",
            h.notes,
        ]
        for h in FairHire.objects.filter(fair=fair).select_related("person", "employer", "workplace", "spell")
    ]
    return xlsx_download(
        request,
        headers=[
            "招聘会编号",
            "招聘会名称",
            "姓名",
            "身份证号",
            "用人单位",
            "岗位",
            "入职日期",
            "离职日期",
            "月工资",
            "工作地",
            "务工地域",
            "备注",
        ],
        rows=rows,
        filename=f"录用人员-{fair.name}"[:31],
        object_type="relocation.fairhire",
        region_id=fair.region_id,
        detail={"fair": fair.pk, "unmasked": full},
    )
