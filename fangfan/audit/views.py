from django.shortcuts import render

from fangfan.accounts.policy import ScopePolicy
from fangfan.core.pagination import keyset_page

from .models import AccessLog, AuditEvent
from .presentation import present


def events(request):
    ScopePolicy.of(request.user).require("audit.view")
    qs = AuditEvent.objects.visible_to(request.user)
    if action := request.GET.get("action", "").strip():
        qs = qs.filter(action__startswith=action)
    page = keyset_page(qs, request.GET.get("after"))
    return render(
        request, "audit/events.html", {"page": page, "events": present(page.items), "action": action}
    )


def access(request):
    ScopePolicy.of(request.user).require("audit.view")
    page = keyset_page(
        AccessLog.objects.visible_to(request.user).select_related("user"), request.GET.get("after")
    )
    return render(request, "audit/access.html", {"page": page})
