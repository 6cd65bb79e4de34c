"""Shared by the report pages: region and period from the URL, scope, downloads, history."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction, AuditEvent
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region

from ..definitions import Period
from ..models.workflow import SUBMITTABLE_STATUSES, TOP_LEVEL
from ..services.common import is_own
from ..services.workflow import Flow, is_approver

ACTIONS = {
    "start": "建立",
    "header": "修改表头",
    "adjust": "人工调整",
    "withdraw_adjustment": "撤销调整",
    "review": "提交本级审核",
    "send_back": "本级退回修改",
    "submit": "报送",
    "finalise": "定稿",
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


def decide(request, flow: Flow, doc, action: str) -> str:
    """The steps every report shares, from a POST: hand to the reviewer, send back, and the
    approver's approve, return and reopen. Returns the message; the caller handles submission."""
    user, post = request.user, request.POST
    if action == "review":
        flow.send_for_review(user, doc)
        return "已提交本级审核。"
    if action == "send_back":
        flow.send_back(user, doc, post.get("comment", ""))
        return "已退回编制人修改。"
    if action == "approve":
        flow.approve(user, doc, post.get("comment", ""))
        return "已审核通过，内容已锁定。"
    if action == "return":
        flow.return_(user, doc, post.get("comment", ""))
        return "已退回，并附审核意见。"
    if action == "reopen":
        flow.reopen(user, doc, post.get("reason", ""))
        return "已重新打开，可修改后报送新版本。"
    raise Http404("没有这个操作")


def report_outcome(request, step) -> None:
    """Run ``step()`` and tell the user how it went, in Chinese."""
    try:
        message = step()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限。")
    else:
        messages.success(request, message)


def workflow_context(
    request, found: ScopePolicy, doc, region: Region, prepare: str, actions: dict[str, str]
) -> dict:
    """What ``reports/_workflow.html`` needs: who may do what to ``doc`` and where each step posts."""
    own = is_own(request.user, region)
    can_submit = found.can("reports.submit") and own
    return {
        "doc": doc,
        "actions": actions,
        "can_prepare": found.can(prepare) and own,
        "can_submit": can_submit,
        "can_approve": is_approver(request.user, region),
        # A project list comes into being with its first step, so a missing one may be submitted.
        "submittable": bool(can_submit and (doc is None or doc.status in SUBMITTABLE_STATUSES)),
        "top": region.level_enum == TOP_LEVEL,
    }


def version_asked(request, doc):
    """The version named by ``?version=N``, or None."""
    number = request.GET.get("version", "")
    if doc is None or not number:
        return None
    return get_object_or_404(doc.versions.all(), number=number if number.isdigit() else 0)
