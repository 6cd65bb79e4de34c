from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import ScopePolicy, require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.core import xlsx
from fangfan.core.masking import mask_text
from fangfan.core.pagination import keyset_page

from . import services
from .models import BatchStatus, ImportBatch
from .spec import all_kinds, spec_class


def _spec(kind: str):
    try:
        return spec_class(kind)
    except KeyError:
        raise Http404("没有这种导入类型") from None


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def upload(request, kind: str):
    spec = _spec(kind)
    ScopePolicy.of(request.user).require(spec.capability)
    error = ""
    if request.method == "POST":
        if "file" not in request.FILES:
            error = "请选择要上传的文件"
        else:
            try:
                batch = services.create_batch(request.user, kind, request.FILES["file"])
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                services.start_validation(batch)
                return redirect("imports:batch", pk=batch.pk)
    recent = ImportBatch.objects.visible_to(request.user).filter(kind=kind)[:10]
    return render(request, "imports/upload.html", {"spec": spec, "error": error, "recent": recent})


def template(request, kind: str):
    spec = _spec(kind)
    ScopePolicy.of(request.user).require(spec.capability)
    headers = [c.label for c in spec.columns]
    example = [c.example for c in spec.columns]
    return _download(
        xlsx.table(headers, [example], sheet_name=spec.title, title=f"{spec.title}导入模板"),
        f"{spec.title}导入模板.xlsx",
    )


def batch_list(request):
    ScopePolicy.of(request.user).require("imports.view")
    page = keyset_page(
        ImportBatch.objects.visible_to(request.user).select_related("uploaded_by"),
        request.GET.get("after"),
        size=30,
    )
    titles = {kind: spec.title for kind, spec in all_kinds().items()}
    return render(request, "imports/batch_list.html", {"page": page, "titles": titles})


def batch(request, pk: int):
    policy = require(request, "imports.view")
    item = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    spec = _spec(item.kind)
    context = {
        "batch": item,
        "spec": spec,
        # Messages may quote what a row holds: the page masks it; the full values are in the logged report.
        "errors": [e | {"message": mask_text(e["message"])} for e in item.errors],
        "can_commit": policy.can(spec.capability),
        "can_unmask": policy.can(spec.unmask_capability),
        "previous": services.previous_import(request.user, item)
        if item.status == BatchStatus.VALIDATED
        else None,
    }
    if request.htmx:
        return render(request, "imports/_batch_status.html", context)
    return render(request, "imports/batch.html", context)


@require_POST
def commit(request, pk: int):
    item = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    try:
        services.start_commit(request.user, item, skip_invalid=request.POST.get("skip_invalid") == "1")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("imports:batch", pk=item.pk)


@require_POST
def cancel(request, pk: int):
    item = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    ScopePolicy.of(request.user).require(_spec(item.kind).capability)
    try:
        services.cancel(request.user, item)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("imports:batch", pk=item.pk)


def error_report(request, pk: int):
    policy = require(request, "imports.view")
    item = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    if not item.error_count and not item.errors:
        raise Http404("该批次没有错误")
    unmasked = request.GET.get("full") == "1" and policy.can(_spec(item.kind).unmask_capability)
    audit.log_access(
        request.user,
        AccessAction.DOWNLOAD,
        object_type="imports.importbatch",
        object_id=str(item.pk),
        region_id=item.region_id,
        detail={"what": "error_report", "rows": item.error_rows, "unmasked": unmasked},
        request=request,
    )
    return _download(
        services.error_report(item, unmasked=unmasked),
        f"错误报告-{item.original_name.rsplit('.', 1)[0]}.xlsx",
    )
