"""Named figures of early warning: each opens the alerts behind it."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from fangfan.core.figures import figure

from .models import OPEN_STATUSES, UNANSWERED, Alert


def _alerts(region):
    return Alert.objects.in_region(region).select_related("region")


@figure("monitoring.alerts", "预警", unit="条")
def alerts(region, first, last):
    """统计期内发现的预警（区域预警和人员预警），不论当前状态。"""
    return _alerts(region).filter(detected_on__gte=first, detected_on__lte=last)


@figure("monitoring.open_alerts", "未办结预警", unit="条")
def open_alerts(region, first, last):
    """统计期末仍未办结（待处置、已分派、帮扶中）的预警，含统计期之前发现的。"""
    return _alerts(region).filter(detected_on__lte=last, status__in=OPEN_STATUSES)


@figure("monitoring.overdue_alerts", "超期未响应预警", unit="条")
def overdue_alerts(region, first, last):
    """统计期末已过响应期限、仍未采取帮扶措施（待处置或已分派）的预警。响应期限见监测预警规则。"""
    moment = min(last, timezone.localdate())
    return _alerts(region).filter(detected_on__lte=last, status__in=UNANSWERED, due_on__lt=moment)


@figure("monitoring.resolved_alerts", "已解除预警", unit="条")
def resolved_alerts(region, first, last):
    """统计期内解除或关闭的预警。"""
    return _alerts(region).filter(
        ~Q(status__in=OPEN_STATUSES), resolved_at__date__gte=first, resolved_at__date__lte=last
    )
