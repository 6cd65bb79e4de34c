"""On time, late, missing and not yet due; the reminder list and the ranking.

Submissions are stamped with the real clock, so the tests pick periods whose deadlines lie
far in the past (a submission now is late) or far in the future (a submission now is on time).
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from fangfan.quality import rulebook
from fangfan.reports import services
from fangfan.reports.definitions import Period
from fangfan.reports.models import ReportingRule
from fangfan.reports.timeliness import (
    Timeliness,
    list_entries,
    quarter_entries,
    ranking,
    reminders,
    state_of,
    summary_entries,
)

pytestmark = pytest.mark.django_db
PAST = Period(2020, 1)
FUTURE = Period(2099, 1)


def submit_now(operator, reviewer, region, period):
    report = services.start_report(operator, region, period)
    services.submit(reviewer, report, filled_by="张三", phone="0632-1234567")
    return report


@pytest.mark.parametrize(
    ("submitted", "today", "state"),
    [
        (dt.datetime(2024, 3, 5, 23, 0, tzinfo=dt.UTC), dt.date(2024, 4, 1), Timeliness.LATE),
        (dt.datetime(2024, 3, 5, 15, 59, tzinfo=dt.UTC), dt.date(2024, 4, 1), Timeliness.ON_TIME),
        (None, dt.date(2024, 3, 5), Timeliness.PENDING),
        (None, dt.date(2024, 3, 6), Timeliness.MISSING),
    ],
)
def test_the_deadline_day_counts_in_local_time(submitted, today, state):
    """23:00 UTC on 5 March is 6 March in 枣庄; 15:59 UTC is still 5 March."""
    assert state_of(submitted, dt.date(2024, 3, 5), today) == state


def test_the_default_deadline_is_the_fifth_of_the_quarters_last_month_and_5_december_for_the_summary(
    zaozhuang,
):
    rule = ReportingRule.objects.for_region(zaozhuang)

    assert [rule.quarter_due(Period(2024, q)) for q in (1, 2, 3, 4)] == [
        dt.date(2024, 3, 5),
        dt.date(2024, 6, 5),
        dt.date(2024, 9, 5),
        dt.date(2024, 12, 5),
    ]
    assert rule.summary_due(2024) == dt.date(2024, 12, 5)


def test_a_city_sets_its_own_deadline_for_its_districts_and_a_county_cannot(
    city_user, shanting_operator, zaozhuang, shanting
):
    rulebook.set_rule(city_user, ReportingRule, zaozhuang, quarter_due_month=3, quarter_due_day=10)

    assert ReportingRule.objects.for_region(shanting).quarter_due(Period(2024, 1)) == dt.date(2024, 3, 10)
    with pytest.raises(PermissionDenied):
        rulebook.set_rule(shanting_operator, ReportingRule, zaozhuang, quarter_due_day=1)
    assert ReportingRule.objects.get(region=zaozhuang).quarter_due_day == 10


def test_the_board_tells_on_time_late_missing_and_pending(
    zaozhuang, shanting, tengzhou, shanting_operator, shanting_reviewer, tengzhou_operator, tengzhou_reviewer
):
    today = timezone.localdate()
    submit_now(shanting_operator, shanting_reviewer, shanting, PAST)
    submit_now(shanting_operator, shanting_reviewer, shanting, FUTURE)

    past = {e.region.code: e for e in quarter_entries(zaozhuang, PAST, today)}
    future = {e.region.code: e for e in quarter_entries(zaozhuang, FUTURE, today)}

    assert past[shanting.code].state == Timeliness.LATE and past[shanting.code].days > 0
    assert past[tengzhou.code].state == Timeliness.MISSING
    assert future[shanting.code].state == Timeliness.ON_TIME
    assert future[tengzhou.code].state == Timeliness.PENDING
    assert set(past) == {r.code for r in zaozhuang.children.all()}


def test_a_returned_and_resubmitted_report_keeps_its_first_submission_time(
    zaozhuang, shanting, shanting_operator, shanting_reviewer, city_user
):
    report = submit_now(shanting_operator, shanting_reviewer, shanting, FUTURE)
    first = report.versions.get().submitted_at
    services.return_report(city_user, report, "请补充说明")
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")

    entry = next(e for e in quarter_entries(zaozhuang, FUTURE, timezone.localdate()) if e.region == shanting)

    assert entry.submitted_at == first
    assert entry.state == Timeliness.ON_TIME


def test_the_reminder_list_holds_what_is_overdue_or_due_soon_with_the_contacts(
    zaozhuang, shanting, tengzhou, shanting_operator, shanting_reviewer, tengzhou_reviewer
):
    today = dt.date(2020, 3, 1)
    submit_now(shanting_operator, shanting_reviewer, shanting, PAST)

    entries = reminders(zaozhuang, 2020, today)

    q1 = [e for e in entries if e.item == f"{PAST.label}推进情况表"]
    assert tengzhou.code in {e.region.code for e in q1}
    assert shanting.code not in {e.region.code for e in q1}
    assert all(e.due <= today + dt.timedelta(days=15) for e in entries)
    tengzhou_entry = next(e for e in q1 if e.region == tengzhou)
    assert tengzhou_reviewer in tengzhou_entry.contacts
    assert tengzhou_entry.state == Timeliness.PENDING and tengzhou_entry.days_left == 4


def test_the_ranking_puts_the_punctual_district_first(
    zaozhuang, shanting, tengzhou, shanting_operator, shanting_reviewer
):
    today = dt.date(2099, 12, 31)
    submit_now(shanting_operator, shanting_reviewer, shanting, FUTURE)
    services.start_summary(shanting_operator, shanting, 2099)

    rows = ranking(zaozhuang, 2099, today)

    assert rows[0].region == shanting
    # Four quarters of 附件1 and of 附件2, and the stage summary.
    assert (rows[0].on_time, rows[0].missing) == (1, 8)
    others = [r for r in rows if r.region != shanting]
    assert all(r.missing == 9 and r.rank == 2 for r in others)
    assert summary_entries(zaozhuang, 2099, today)[0].due == dt.date(2099, 12, 5)


def test_project_lists_are_tracked_with_the_quarter(
    zaozhuang, shanting, tengzhou, shanting_operator, shanting_reviewer
):
    plist = services.open_project_list(shanting_operator, shanting, PAST)
    services.submit_project_list(shanting_reviewer, plist, filled_by="王五", phone="0632-7654321")

    entries = {e.region.code: e for e in list_entries(zaozhuang, PAST, timezone.localdate())}

    assert entries[shanting.code].state == Timeliness.LATE
    assert entries[shanting.code].due == dt.date(2020, 3, 5)
    assert entries[tengzhou.code].state == Timeliness.MISSING
    assert set(entries) == {r.code for r in zaozhuang.children.all()}


def test_a_returned_report_not_yet_resubmitted_is_on_the_reminder_list(
    zaozhuang, shanting, shanting_operator, shanting_reviewer, city_user
):
    today = dt.date(2099, 1, 2)
    report = submit_now(shanting_operator, shanting_reviewer, shanting, FUTURE)
    assert shanting.code not in {e.region.code for e in reminders(zaozhuang, 2099, today) if "推进" in e.item}

    services.return_report(city_user, report, "请核实培训人数")
    returned = [e for e in reminders(zaozhuang, 2099, today) if e.region == shanting and e.returned]
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    again = [e for e in reminders(zaozhuang, 2099, today) if e.region == shanting and e.returned]

    assert [e.item for e in returned] == [f"{FUTURE.label}推进情况表"]
    assert returned[0].state == Timeliness.ON_TIME
    assert again == []


def test_the_timeliness_page_shows_the_lists_and_a_returned_report(
    client, zaozhuang, shanting, shanting_operator, shanting_reviewer, city_user
):
    report = submit_now(shanting_operator, shanting_reviewer, shanting, Period(2026, 4))
    services.return_report(city_user, report, "请核实")
    client.force_login(city_user)

    page = client.get(reverse("reports:timeliness", args=[zaozhuang.code, 2026]) + "?quarter=4")

    html = page.content.decode()
    assert 'id="list-board"' in html and "已退回待重报" in html
    assert {e.region.code for e in page.context["lists"]} == {c.code for c in zaozhuang.children.all()}
