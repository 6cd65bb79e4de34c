"""统计截止日: a report counts to the end of the month before its deadline when the deadline falls
inside the quarter, otherwise to the quarter's end; year-to-date runs from 1 January to it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from fangfan.quality import rulebook
from fangfan.reports import services
from fangfan.reports.definitions import Period, cut_off
from fangfan.reports.exports import pdf
from fangfan.reports.models import ReportingRule
from fangfan.reports.models.progress import quarter_window
from fangfan.reports.sheet import working_sheet

from . import instruments as make

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("due", "end", "last"),
    [
        (D(2023, 3, 5), D(2023, 3, 31), D(2023, 2, 28)),
        (D(2024, 3, 5), D(2024, 3, 31), D(2024, 2, 29)),
        (D(2023, 12, 5), D(2023, 12, 31), D(2023, 11, 30)),
        (D(2023, 4, 5), D(2023, 3, 31), D(2023, 3, 31)),
        (D(2024, 1, 5), D(2023, 12, 31), D(2023, 12, 31)),
    ],
)
def test_the_cut_off_is_the_month_before_a_deadline_inside_the_period_else_its_end(due, end, last):
    assert cut_off(due, end) == last


def test_by_default_a_quarter_counts_to_the_end_of_the_month_before_the_fifth_of_its_last_month(zaozhuang):
    rule = ReportingRule.objects.for_region(zaozhuang)

    assert [rule.quarter_window(Period(2023, q)) for q in (1, 2, 3, 4)] == [
        (D(2023, 1, 1), D(2023, 2, 28)),
        (D(2023, 1, 1), D(2023, 5, 31)),
        (D(2023, 1, 1), D(2023, 8, 31)),
        (D(2023, 1, 1), D(2023, 11, 30)),
    ]
    assert rule.summary_window(2023) == (D(2023, 1, 1), D(2023, 11, 30))


def test_a_deadline_in_the_month_after_the_quarter_counts_the_whole_quarter(city_user, zaozhuang, shanting):
    rulebook.set_rule(city_user, ReportingRule, zaozhuang, quarter_due_month=4, quarter_due_day=5)
    rule = ReportingRule.objects.for_region(shanting)

    assert rule.quarter_due(Period(2023, 1)) == D(2023, 4, 5)
    assert rule.quarter_due(Period(2023, 4)) == D(2024, 1, 5)
    assert quarter_window(shanting, Period(2023, 1)) == (D(2023, 1, 1), D(2023, 3, 31))
    assert quarter_window(shanting, Period(2023, 4)) == (D(2023, 1, 1), D(2023, 12, 31))


def test_the_rule_page_accepts_the_month_after_the_quarter_and_refuses_the_first_month(
    client, city_user, zaozhuang
):
    page = f"/quality/rules/reports.reportingrule/?region={zaozhuang.code}"
    client.force_login(city_user)
    values = {"quarter_due_day": 5, "summary_due_month": 12, "summary_due_day": 5}

    refused = client.post(page, {"quarter_due_month": 1, **values})
    saved = client.post(page, {"quarter_due_month": 4, **values})

    assert refused.status_code == 200
    assert saved.status_code == 302
    assert ReportingRule.objects.get(region=zaozhuang).quarter_due_month == 4


def test_a_first_quarter_report_freezes_what_was_recorded_by_the_end_of_february(
    shanting, shanting_operator, shanting_reviewer
):
    make.fair(shanting, D(2023, 2, 28))
    make.fair(shanting, D(2023, 3, 1))
    report = services.start_report(shanting_operator, shanting, Period(2023, 1))

    version = services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")

    assert (version.first, version.last) == (D(2023, 1, 1), D(2023, 2, 28))
    assert version.cells.get(row_code=shanting.code, column="job_fairs").value == 1


def test_the_page_and_the_xlsx_say_to_which_day_the_figures_count(client, shanting, shanting_operator):
    client.force_login(shanting_operator)
    args = [shanting.code, 2023, 1]

    page = client.get(reverse("reports:progress", args=args))
    exported = client.get(reverse("reports:progress_export", args=[*args, "xlsx"]))

    html = page.content.decode()
    assert "2023年1月1日至2023年2月28日" in html and "数据截至2023年2月28日" in html
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    assert rows[3][0] == "注：相关数据填当年累计数。数据截至2023年2月28日。"
    sheet = working_sheet(shanting, Period(2023, 1))
    assert sheet.as_of == "数据截至2023年2月28日"
    assert pdf.progress_lines(sheet)[1][0] == "注：相关数据填当年累计数。数据截至2023年2月28日。"


def test_the_index_shows_each_quarters_window(client, shanting_operator):
    client.force_login(shanting_operator)

    page = client.get(reverse("reports:index") + "?year=2023")

    assert [(r["first"], r["last"]) for r in page.context["rows"]] == [
        (D(2023, 1, 1), D(2023, 2, 28)),
        (D(2023, 1, 1), D(2023, 5, 31)),
        (D(2023, 1, 1), D(2023, 8, 31)),
        (D(2023, 1, 1), D(2023, 11, 30)),
    ]
    assert "2023年1月1日至2023年2月28日" in page.content.decode()
