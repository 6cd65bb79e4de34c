"""Shared by the report pages: region and period from the URL, scope, downloads, history."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction, AuditEvent
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region

from ..definitions import Period

ACTIONS = {
    "start": "建立",
    "header": "修改表头",
    "adjust": "人工调整",
    "withdraw_adjustment": "撤销调整",
    "review": "提交本级审核",
    "send_back": "本级退回修改",
    "submit": "报送",
    "approve": "审核通过",
    "return": "退回",
    "reopen": "重新打开",
    "update": "修改",
    "open": "建立",
}
PDF_CONTENT_TYPE = "application/pdf"


def region_or_404(request, code: str) -> Region:
    region = visible_region(request.user, code)
    if region is None:
        raise Http404("该区域不在您的管辖范围内")
    return region


def home_region(request, found: ScopePolicy) -> Region:
    """The region a page opens on: ``?region=``, else the user's own, else (nationwide) the first province."""
    code = request.GET.get("region") or (found.region.code if found.region else "")
    if not code:
        first = Region.objects.filter(level=Level.PROVINCE).order_by("code").first()
        code = first.code if first else ""
    return region_or_404(request, code)


def period_or_404(year: int, quarter: int) -> Period:
    try:
        return Period(year, quarter)
    except ValueError:
        raise Http404("没有这个季度") from None


def download(
    request, content: bytes, content_type: str, filename: str, object_type: str, region: Region, **detail
) -> HttpResponse:
    """A file for the user, logged as an export."""
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type=object_type,
        region_id=region.code,
        detail=detail,
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def history(instance) -> list[dict]:
    """The audit trail of one report, in words."""
    events = AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("-at", "-id")[:100]
    out = []
    for event in events:
        verb = ACTIONS.get(event.action.rsplit(".", 1)[-1], event.action)
        note = event.context.get("comment") or event.context.get("reason") or ""
        out.append({"event": event, "verb": verb, "note": note, "version": event.context.get("version")})
    return out
