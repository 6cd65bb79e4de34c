"""The monthly evaluation of workshops (动态管理) as a task, for the scheduler."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from fangfan.employment.rules import add_months
from fangfan.regions.models import Region

from . import services
from .models import Track, Workshop


def last_month(today: dt.date | None = None) -> dt.date:
    """The month a run on any day evaluates by default: the one that has just ended."""
    return add_months((today or timezone.localdate()).replace(day=1), -1)


def evaluate(region: Region | None, month: dt.date) -> dict[str, int]:
    """Evaluate, as the system, the workshops of the region (all when none) for the month; the number
    evaluated per track. Running it again for the same month gives the same tracks and writes nothing."""
    workshops = Workshop.objects.in_region(region) if region else Workshop.objects.all()
    results = services.evaluate_month(None, workshops, month.year, month.month)
    counts = {label: 0 for label in Track.labels}
    for evaluation in results:
        counts[evaluation.get_track_display()] += 1
    return counts


@task()
def evaluate_workshops(region_code: str = "", month: str = "") -> dict:
    """The monthly evaluation (run on the 1st by the scheduler for the month just ended)."""
    region = Region.objects.filter(code=region_code).first() if region_code else None
    chosen = dt.date.fromisoformat(f"{month}-01") if month else last_month()
    return {"month": f"{chosen:%Y-%m}", "tracks": evaluate(region, chosen)}
