from django.shortcuts import render

from fangfan.accounts.policy import require
from fangfan.core.pagination import keyset_page
from fangfan.regions.picker import visible_region

from .models import AccessLog, AuditEvent
from .presentation import present


def events(request):
    require(request, "audit.view")
    region = visible_region(request.user, request.GET.get("region"))
    qs = AuditEvent.objects.visible_to(request.user).in_region(region)
    if action := request.GET.get("action", "").strip():
        qs = qs.filter(action__startswith=action)
    page = keyset_page(qs, request.GET.get("after"))
    return render(
        request,
        "audit/events.html",
        {"page": page, "events": present(page.items), "action": action, "region": region},
    )


def access(request):
    require(request, "audit.view")
    region = visible_region(request.user, request.GET.get("region"))
    page = keyset_page(
        AccessLog.objects.visible_to(request.user).in_region(region).select_related("user"),
        request.GET.get("after"),
    )
    return render(request, "audit/access.html", {"page": page, "region": region})
