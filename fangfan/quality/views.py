from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy, require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction, AuditEvent
from fangfan.core import xlsx
from fangfan.core.masking import mask_id_number
from fangfan.core.pagination import keyset_page
from fangfan.regions.names import township_village_names
from fangfan.regions.picker import visible_region

from . import kinds, rulebook, services
from .forms import ReviewForm, rule_form
from .models import Finding, FindingStatus
from .trail import present


def _filtered(request):
    region = visible_region(request.user, request.GET.get("region"))
    qs = Finding.objects.visible_to(request.user).in_region(region)
    kind = request.GET.get("kind", "")
    if kind in kinds.all_kinds():
        qs = qs.filter(kind=kind)
    status = request.GET.get("status", "open")
    if status in FindingStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("cleared") != "1":
        qs = qs.current()
    return region, kind, status, qs


def finding_list(request):
    policy = require(request, "quality.view")
    region, kind, status, qs = _filtered(request)
    page = keyset_page(qs.select_related("region", "person"), request.GET.get("after"))
    return render(
        request,
        "quality/finding_list.html",
        {
            "page": page,
            "total": qs.count(),
            "region": region,
            "kinds": kinds.all_kinds().values(),
            "kind": kind,
            "status": status,
            "statuses": FindingStatus.choices,
            "can_export": policy.can("quality.export"),
        },
    )


EXPORT_HEADERS = [
    "类别",
    "问题",
    "村级区划代码",
    "乡镇 村",
    "对象",
    "人员姓名",
    "身份证号",
    "证据",
    "状态",
    "核实意见",
    "首次发现",
    "最近发现",
    "不再出现",
]


def finding_export(request):
    """The findings of the list's filters to xlsx: ID numbers masked, the export logged."""
    policy = require(request, "quality.export")
    region, _, _, qs = _filtered(request)
    items = list(qs.select_related("person").order_by("region_id", "kind", "pk"))
    places = township_village_names(f.region_id for f in items)
    rows = [
        [
            f.kind_label,
            f.summary,
            f.region_id,
            places.get(f.region_id, ""),
            f.subject_repr,
            f.person.name if f.person else "",
            mask_id_number(f.person.id_number) if f.person else "",
            f.evidence_text,
            f.get_status_display(),
            f.verdict,
            timezone.localtime(f.first_detected_at).date(),
            timezone.localtime(f.last_detected_at).date(),
            timezone.localtime(f.cleared_at).date() if f.cleared_at else None,
        ]
        for f in items
    ]
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="quality.finding",
        region_id=region.code if region else policy.user.region_id,
        detail={"rows": len(rows), "query": request.GET.urlencode()},
        request=request,
    )
    title = f"{region or policy.region or ''}核查发现"
    response = HttpResponse(
        xlsx.table(EXPORT_HEADERS, rows, sheet_name="核查发现", title=title),
        content_type=xlsx.XLSX_CONTENT_TYPE,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'核查发现-{stamp}.xlsx')}"
    return response


def finding_detail(request, pk: int):
    policy = require(request, "quality.view")
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("region", "person"), pk=pk
    )
    form = ReviewForm(request.POST or None, initial={"status": finding.status, "verdict": finding.verdict})
    if request.method == "POST":
        policy.require("quality.review")
        if form.is_valid():
            try:
                services.review(
                    request.user, finding, form.cleaned_data["status"], form.cleaned_data["verdict"]
                )
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, "已保存核实结论。")
                return redirect("quality:finding_detail", pk=finding.pk)
    events = AuditEvent.objects.filter(object_type="quality.finding", object_id=str(finding.pk))
    return render(
        request,
        "quality/finding_detail.html",
        {
            "finding": finding,
            "kind": kinds.all_kinds().get(finding.kind),
            "form": form,
            "can_review": policy.can("quality.review") and policy.covers(finding.region_id),
            "events": present(events.order_by("-at", "-id")[:100]),
        },
    )


def _rule_region(request):
    region = visible_region(request.user, request.GET.get("region"))
    return region or ScopePolicy.of(request.user).region


def rules(request):
    require(request, "quality.view")
    region = _rule_region(request)
    items = []
    if region is not None:
        for model in rulebook.rule_models():
            item = rulebook.effective(model, region)
            items.append((item, rulebook.can_edit(request.user, model, region)))
    return render(request, "quality/rules.html", {"region": region, "items": items})


def rule_edit(request, label: str):
    require(request, "quality.view")
    try:
        model = rulebook.find_model(label)
    except LookupError:
        raise Http404("没有这项规则") from None
    region = _rule_region(request)
    if not rulebook.can_edit(request.user, model, region):
        raise Http404("您不能设置该区域的这项规则")
    assert region is not None
    current = rulebook.effective(model, region)
    form_class = rule_form(model)
    form = form_class(request.POST or None, instance=current.row)
    if request.method == "POST" and "clear" in request.POST:
        rulebook.clear_rule(request.user, model, region)
        messages.success(request, f"{region.name}已恢复沿用上级规则。")
        return redirect(f"{reverse('quality:rules')}?region={region.code}")
    if request.method == "POST" and form.is_valid():
        try:
            rulebook.set_rule(request.user, model, region, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已保存{region.name}的{current.title}。")
            return redirect(f"{reverse('quality:rules')}?region={region.code}")
    own = model.objects.filter(region=region).exists()
    return render(
        request, "quality/rule_edit.html", {"form": form, "current": current, "region": region, "own": own}
    )
