"""A city's 附件1 over its districts shows beside each district row what the district itself reported,
and marks rows whose district report is missing or not yet approved; the city's total stays computed."""

import pytest
from django.urls import reverse

from fangfan.reports import services, submissions
from fangfan.reports.definitions import Period
from fangfan.reports.sheet import working_sheet

from .conftest import expected, withdraw_from_first_course

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 4)


def submit(reviewer, report):
    return services.submit(reviewer, report, filled_by="张三", phone="0632-1234567")


@pytest.fixture
def shanting_approved(shanting, shanting_records, shanting_operator, shanting_reviewer, city_user):
    report = services.start_report(shanting_operator, shanting, PERIOD)
    submit(shanting_reviewer, report)
    services.approve(city_user, report)
    return report


def test_a_district_row_shows_its_approved_figure_where_the_ledger_now_differs(
    zaozhuang, shanting, shanting_records, shanting_approved, django_assert_num_queries
):
    withdraw_from_first_course(shanting_records)
    sheet = working_sheet(zaozhuang, PERIOD)

    with django_assert_num_queries(3):
        submissions.attach(sheet)

    trainees = sheet.cell(shanting.code, "trainees")
    assert (trainees.value, trainees.reported, trainees.ledger) == (4, 5, 4)
    assert sheet.cell(shanting.code, "brands").reported is None
    assert sheet.cell(zaozhuang.code, "trainees").reported is None
    assert sheet.cell(zaozhuang.code, "trainees").value == 4
    row = next(r for r in sheet.rows if r.code == shanting.code)
    assert row.submission.version == shanting_approved.approved_version and row.submission.mark == ""
    assert row.submission.values["trainees"] == 5


def test_rows_whose_district_report_is_missing_submitted_or_reopened_are_marked(
    zaozhuang,
    shanting,
    tengzhou,
    shanting_records,
    shanting_operator,
    shanting_reviewer,
    city_user,
    tengzhou_operator,
    tengzhou_reviewer,
):
    shanting_report = services.start_report(shanting_operator, shanting, PERIOD)
    submit(shanting_reviewer, shanting_report)
    tengzhou_report = services.start_report(tengzhou_operator, tengzhou, PERIOD)
    submit(tengzhou_reviewer, tengzhou_report)
    services.approve(city_user, tengzhou_report)
    services.reopen(city_user, tengzhou_report, "补充培训数据后重报")
    sheet = working_sheet(zaozhuang, PERIOD)

    submissions.attach(sheet)

    marks = {row.code: row.submission.mark for row in sheet.rows if not row.is_total}
    assert marks[shanting.code] == "已报送，待审核"
    assert marks[tengzhou.code] == "已审核通过第1版，现编制中"
    assert all(mark == "未报送" for code, mark in marks.items() if code not in (shanting.code, tengzhou.code))
    assert sheet.filer == "区县"


def test_the_city_page_shows_the_district_figures_and_marks(
    client, zaozhuang, shanting, shanting_records, shanting_approved, city_user
):
    withdraw_from_first_course(shanting_records)
    client.force_login(city_user)

    page = client.get(reverse("reports:progress", args=[zaozhuang.code, 2026, 4]))

    html = page.content.decode()
    assert "区县已报 5 / 台账现为 4" in html
    assert html.count("submission-mark") == len(page.context["sheet"].rows) - 2
    assert [c.value for c in page.context["sheet"].rows[0].cells][:9] == expected(0)[:9]


def test_a_countys_report_over_townships_shows_no_submissions(shanting, shanting_records):
    sheet = working_sheet(shanting, PERIOD)

    submissions.attach(sheet)

    assert sheet.filer == "" and all(row.submission is None for row in sheet.rows)
