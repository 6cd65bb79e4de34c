from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.core.forms import apply_errors

from . import picker as picking
from . import services
from .forms import DesignationForm
from .models import Designation, RegionDesignation


def picker(request):
    field = request.GET.get("field", "region")
    mode = request.GET.get("mode", "input")
    built = picking.build(request.user, field, request.GET.get("code"), mode)
    return render(request, "regions/picker.html", {"picker": built})


def search(request):
    field = request.GET.get("field", "region")
    mode = request.GET.get("mode", "link")
    query = request.GET.get("region_q", "")
    results = picking.search(request.user, query)
    links = []
    if mode == "link":
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        parts = urlsplit(target)
        for region, _path in results:
            params = QueryDict(parts.query, mutable=True)
            params[field] = region.code
            params.pop("after", None)
            links.append(f"{parts.path}?{params.urlencode()}")
    rows = [(r, path, links[i] if links else "") for i, (r, path) in enumerate(results)]
    return render(
        request, "regions/search_results.html", {"rows": rows, "mode": mode, "field": field, "query": query}
    )


def designations(request):
    """重点帮扶县 and 安置区 within the user's scope; the province sets and removes them here (audited)."""
    require(request, "regions.designate")
    region = picking.visible_region(request.user, request.GET.get("region"))
    kind = request.GET.get("kind", "")
    qs = RegionDesignation.objects.visible_to(request.user).in_region(region).select_related("region")
    if kind in Designation.values:
        qs = qs.filter(kind=kind)
    form = DesignationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.designate(request.user, data["designated"], data["kind"], data["since"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已将{item.region.name}认定为{item.get_kind_display()}。")
            return redirect("regions:designations")
    return render(
        request,
        "regions/designations.html",
        {
            "items": qs.order_by("region_id", "kind"),
            "form": form,
            "region": region,
            "kind": kind,
            "kinds": Designation.choices,
        },
    )


@require_POST
def remove_designation(request, pk: int):
    require(request, "regions.designate")
    item = get_object_or_404(
        RegionDesignation.objects.visible_to(request.user).select_related("region"), pk=pk
    )
    services.remove_designation(request.user, item)
    messages.success(request, f"已取消{item.region.name}的{item.get_kind_display()}认定。")
    return redirect("regions:designations")
