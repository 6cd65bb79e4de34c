"""Completeness and timeliness: per region and period, submitted on time, late, or missing.

Three reports are tracked: 附件1 and the county's 附件2 project list, both due with the quarter,
and the stage summary (ReportingRule: 12月5日 by default). A report is on time when its first
submission falls on or before the deadline (in local time); a later submission is late even if
it was returned and resubmitted. Before the deadline an unsubmitted report is not yet due; after
it, it is missing. A report returned and not yet submitted again is on the reminder list as
已退回待重报, whatever its timeliness.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from fangfan.accounts.models import User
from fangfan.accounts.roles import Role, capabilities_of
from fangfan.regions.codes import Level, ancestor_codes
from fangfan.regions.models import Region

from .definitions import QUARTERS, REPORTING_LEVELS, Period
from .models import ProgressReport, ProjectList, ReportingRule, ReportStatus, StageSummary


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", "按时报送"
    LATE = "late", "逾期报送"
    MISSING = "missing", "逾期未报"
    PENDING = "pending", "未到期"


def state_of(submitted_at: dt.datetime | None, due: dt.date, today: dt.date) -> Timeliness:
    if submitted_at is not None:
        return Timeliness.ON_TIME if timezone.localdate(submitted_at) <= due else Timeliness.LATE
    return Timeliness.MISSING if today > due else Timeliness.PENDING


@dataclass
class Entry:
    region: Region
    item: str
    due: dt.date
    state: Timeliness
    submitted_at: dt.datetime | None
    status_label: str
    url: str
    contacts: list[User] = field(default_factory=list)
    today: dt.date | None = None
    returned: bool = False

    @property
    def days(self) -> int:
        """Days late (submitted or not), or days left before the deadline."""
        if self.submitted_at is not None:
            return (timezone.localdate(self.submitted_at) - self.due).days
        return ((self.today or timezone.localdate()) - self.due).days

    @property
    def days_left(self) -> int:
        return -self.days

    @property
    def to_remind(self) -> bool:
        """Returned and not submitted again, or unsubmitted and overdue or due within 15 days."""
        today = self.today or timezone.localdate()
        return self.returned or (self.submitted_at is None and self.due <= today + REMIND_AHEAD)


REMIND_AHEAD = dt.timedelta(days=15)


def reporting_children(parent: Region) -> list[Region]:
    return list(Region.objects.filter(parent=parent, level__in=REPORTING_LEVELS).order_by("code"))


def rules_for(regions: Sequence[Region]) -> dict[str, ReportingRule]:
    """The rule in force for each region, from one query over all their ancestors."""
    chains = {r.code: ancestor_codes(r.code) for r in regions}
    rows = {
        rule.region_id: rule
        for rule in ReportingRule.objects.filter(region_id__in={c for ch in chains.values() for c in ch})
    }
    default = ReportingRule(region=None)
    out = {}
    for code, chain in chains.items():
        out[code] = next((rows[c] for c in reversed(chain) if c in rows), default)
    return out


def _entries(
    children: Sequence[Region],
    docs: dict[str, Any],
    item: str,
    due: Callable[[ReportingRule], dt.date],
    url: Callable[[Region], str],
    today: dt.date,
) -> list[Entry]:
    """One entry per child: its report in ``docs`` (annotated with ``first_submitted``), if any."""
    rules = rules_for(children)
    out = []
    for child in children:
        doc = docs.get(child.code)
        submitted = getattr(doc, "first_submitted", None)
        deadline = due(rules[child.code])
        out.append(
            Entry(
                region=child,
                item=item,
                due=deadline,
                state=state_of(submitted, deadline, today),
                submitted_at=submitted,
                status_label=doc.get_status_display() if doc else "未建立",
                url=url(child),
                today=today,
                returned=bool(doc and doc.status == ReportStatus.RETURNED),
            )
        )
    return out


def _first_submitted(qs: Any) -> dict[str, Any]:
    return {d.region_id: d for d in qs.annotate(first_submitted=Min("versions__submitted_at"))}


def quarter_entries(parent: Region, period: Period, today: dt.date) -> list[Entry]:
    """附件1 of each child for ``period``."""
    children = reporting_children(parent)
    docs = _first_submitted(
        ProgressReport.objects.filter(region__in=children, year=period.year, quarter=period.quarter)
    )
    return _entries(
        children,
        docs,
        f"{period.label}推进情况表",
        lambda rule: rule.quarter_due(period),
        lambda child: _progress_url(child, period),
        today,
    )


def list_entries(parent: Region, period: Period, today: dt.date) -> list[Entry]:
    """附件2 of each child county for ``period``, due with the quarter's 附件1 (a city's children only)."""
    children = [c for c in reporting_children(parent) if c.level_enum == Level.COUNTY]
    docs = _first_submitted(
        ProjectList.objects.filter(region__in=children, year=period.year, quarter=period.quarter)
    )
    return _entries(
        children,
        docs,
        f"{period.label}项目清单",
        lambda rule: rule.quarter_due(period),
        lambda child: _list_url(child, period),
        today,
    )


def summary_entries(parent: Region, year: int, today: dt.date) -> list[Entry]:
    children = reporting_children(parent)
    docs = _first_submitted(StageSummary.objects.filter(region__in=children, year=year))
    return _entries(
        children,
        docs,
        f"{year}年阶段性总结",
        lambda rule: rule.summary_due(year),
        lambda child: _summary_url(child, year),
        today,
    )


def year_entries(parent: Region, year: int, today: dt.date) -> list[Entry]:
    """Every report of ``year``: four quarters of 附件1 and 附件2, and the stage summary."""
    entries = []
    for q in QUARTERS:
        period = Period(year, q)
        entries += quarter_entries(parent, period, today) + list_entries(parent, period, today)
    return entries + summary_entries(parent, year, today)


def _progress_url(region: Region, period: Period) -> str:
    return reverse("reports:progress", args=[region.code, period.year, period.quarter])


def _summary_url(region: Region, year: int) -> str:
    return reverse("reports:summary", args=[region.code, year])


def _list_url(region: Region, period: Period) -> str:
    return f"{reverse('reports:projects')}?region={region.code}&year={period.year}&quarter={period.quarter}"


def preparer_roles() -> set[str]:
    return {role for role in Role if "reports.prepare" in capabilities_of(role) and role != Role.ADMIN}


def attach_contacts(entries: Iterable[Entry]) -> None:
    entries = list(entries)
    users = User.objects.filter(
        region__in=[e.region for e in entries], role__in=preparer_roles(), is_active=True
    ).order_by("role", "username")
    by_region: dict[str, list[User]] = {}
    for user in users:
        by_region.setdefault(user.region_id or "", []).append(user)
    for entry in entries:
        entry.contacts = by_region.get(entry.region.code, [])


def reminders(parent: Region, year: int, today: dt.date) -> list[Entry]:
    """Every report of ``year`` returned and not yet submitted again, or not submitted whose
    deadline has passed or falls within 15 days."""
    entries = [e for e in year_entries(parent, year, today) if e.to_remind]
    entries.sort(key=lambda e: (not e.returned, e.due, e.region.code))
    attach_contacts(entries)
    return entries


@dataclass
class RankRow:
    region: Region
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    rank: int = 0

    @property
    def due_items(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.due_items, 1) if self.due_items else None

    def add(self, state: Timeliness) -> None:
        setattr(self, state.value, getattr(self, state.value) + 1)


RANK_KEYS = {
    "on_time": lambda r: (-r.on_time, r.missing, r.late, r.region.code),
    "missing": lambda r: (-r.missing, -r.late, r.region.code),
    "late": lambda r: (-r.late, -r.missing, r.region.code),
    "rate": lambda r: (-(r.on_time_rate or 0), r.missing, r.region.code),
}


def ranking(parent: Region, year: int, today: dt.date, order: str = "on_time") -> list[RankRow]:
    """Per child region: how many of the year's reports (four 附件1, a county's four 附件2 and the
    stage summary) were on time, late or missing. Ranked best first (by ``order``); ties share a rank."""
    rows = {child.code: RankRow(region=child) for child in reporting_children(parent)}
    for e in year_entries(parent, year, today):
        rows[e.region.code].add(e.state)
    key = RANK_KEYS.get(order, RANK_KEYS["on_time"])
    ordered = sorted(rows.values(), key=key)
    previous = None
    for position, row in enumerate(ordered, start=1):
        signature = key(row)[:-1]
        row.rank = position if signature != previous else ordered[position - 2].rank
        previous = signature
    return ordered
