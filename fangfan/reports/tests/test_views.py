"""The report pages through the Django client: numbers, links, workflow, scope."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.core import figures
from fangfan.reports import services
from fangfan.reports.definitions import Period
from fangfan.reports.models import Adjustment, ProgressReport, ReportStatus

from .conftest import expected, townships, withdraw_from_first_course

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 4)


def url(region, name="reports:progress", *extra):
    return reverse(name, args=[region.code, PERIOD.year, PERIOD.quarter, *extra])


def test_the_page_shows_the_total_first_and_every_number_opens_its_records(
    client, shanting_operator, shanting, shanting_records
):
    client.force_login(shanting_operator)

    page = client.get(url(shanting))

    html = page.content.decode()
    sheet = page.context["sheet"]
    assert page.status_code == 200
    assert sheet.rows[0].name == shanting.name
    assert [c.value for c in sheet.rows[0].cells] == expected(0)
    trainees = figures.get("training.poverty_trainees")
    first = townships(shanting)[0]
    assert (sheet.first, sheet.last) == (dt.date(2026, 1, 1), dt.date(2026, 11, 30))
    assert trainees.url(shanting, sheet.first, sheet.last).replace("&", "&amp;") in html
    assert trainees.url(first, sheet.first, sheet.last).replace("&", "&amp;") in html
    links = re.findall(r'<a class="figure-link" href="([^"]+)"', html)
    assert len(links) == len(sheet.rows) * 12
    for row in sheet.rows[:3]:
        for cell in row.cells:
            drill = client.get(cell.url)
            assert drill.status_code == 200 and drill.context["total"] == cell.value, (
                row.name,
                cell.column.key,
            )
    assert "口径" in html and "training.poverty_trainees" in html


def test_another_county_cannot_open_or_act_on_the_report(
    client, tengzhou_operator, shanting_operator, shanting
):
    services.start_report(shanting_operator, shanting, PERIOD)
    events = AuditEvent.objects.count()
    client.force_login(tengzhou_operator)

    assert client.get(url(shanting)).status_code == 404
    assert client.post(url(shanting, "reports:progress_action", "review")).status_code == 404
    assert client.get(url(shanting, "reports:progress_export", "xlsx")).status_code == 404
    assert ProgressReport.objects.get().status == ReportStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_the_whole_workflow_through_the_pages(
    client, shanting_operator, shanting_reviewer, city_user, shanting, shanting_records
):
    client.force_login(shanting_operator)
    client.post(url(shanting, "reports:progress_start"))
    client.post(url(shanting, "reports:progress_action", "review"))
    client.force_login(shanting_reviewer)
    page = client.post(
        url(shanting, "reports:progress_action", "submit"),
        {
            "filled_by": "张三",
            "phone": "0632-1234567",
            "unit_name": "山亭区人社局",
            "filled_on": "2026-12-03",
        },
        follow=True,
    )
    assert "已报送（第1版）" in page.content.decode()
    client.force_login(city_user)
    page = client.post(url(shanting, "reports:progress_action", "return"), {"comment": "请核实"}, follow=True)
    assert "已退回" in page.content.decode()
    client.force_login(shanting_reviewer)
    page = client.get(url(shanting))
    assert "第1版被退回：" in page.content.decode() and "请核实" in page.content.decode()
    client.post(
        url(shanting, "reports:progress_action", "submit"), {"filled_by": "张三", "phone": "0632-1234567"}
    )
    client.force_login(city_user)
    client.post(url(shanting, "reports:progress_action", "approve"))
    page = client.get(url(shanting))

    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.APPROVED and report.approved_version.number == 2
    assert page.context["sheet"].frozen
    assert "已审核通过" in page.content.decode()
    assert page.context["sheet"].unit_name == "山亭区人社局"


def test_a_reviewer_cannot_approve_their_own_report_through_the_page(
    client, shanting_operator, shanting_reviewer, shanting
):
    report = services.start_report(shanting_operator, shanting, PERIOD)
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    client.force_login(shanting_reviewer)

    page = client.post(url(shanting, "reports:progress_action", "approve"), follow=True)

    assert "您没有执行此操作的权限" in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_an_adjustment_through_the_page_with_an_attachment(
    client, shanting_operator, shanting, shanting_records, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.start_report(shanting_operator, shanting, PERIOD)
    client.force_login(shanting_operator)
    first = townships(shanting)[0]

    form = client.get(url(shanting, "reports:adjust") + f"?row={first.code}&column=trainees")
    missing_reason = client.post(
        url(shanting, "reports:adjust"), {"row_code": first.code, "column": "trainees", "value": 4}
    )
    saved = client.post(
        url(shanting, "reports:adjust"),
        {
            "row_code": first.code,
            "column": "trainees",
            "value": 4,
            "reason": "培训签到表上有一人未录入台账",
            "attachment": SimpleUploadedFile("签到表.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    page = client.get(url(shanting))
    adjustment = Adjustment.objects.get()
    download = client.get(reverse("reports:attachment", args=[adjustment.pk]))

    assert form.status_code == 200 and form.context["cell"].computed == 3
    assert missing_reason.status_code == 200 and not Adjustment.objects.filter(value=4, reason="").exists()
    assert saved.status_code == 302
    cell = page.context["sheet"].cell(first.code, "trainees")
    assert (cell.value, cell.computed, cell.adjusted) == (4, 3, True)
    assert "计算值 3" in page.content.decode()
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    assert AccessLog.objects.filter(object_type="reports.adjustment").count() == 1


def test_the_exported_numbers_are_the_numbers_on_the_screen(client, city_user, zaozhuang, shanting_records):
    client.force_login(city_user)

    page = client.get(url(zaozhuang))
    exported = client.get(url(zaozhuang, "reports:progress_export", "xlsx"))

    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    body = [[int(v) for v in r[1:13]] for r in rows[6 : 6 + len(page.context["sheet"].rows)]]
    assert body == page.context["sheet"].values()
    assert body[0] == expected(0)
    assert AccessLog.objects.filter(user=city_user, object_type="reports.progress").exists()


def test_a_province_can_show_its_counties_as_rows(client, province_user, shanting_records):
    from conftest import region

    client.force_login(province_user)

    page = client.get(url(region("370000000000")) + "?rows=3")

    sheet = page.context["sheet"]
    assert sheet.row_level == 3
    assert len(sheet.rows) > 100
    assert sheet.cell("370406000000", "trainees").value == 5


def test_the_index_lists_the_quarters_with_their_deadlines(client, shanting_operator, shanting):
    client.force_login(shanting_operator)

    page = client.get(reverse("reports:index") + "?year=2026")

    assert page.status_code == 200
    assert [str(r["due"]) for r in page.context["rows"]] == [
        "2026-03-05",
        "2026-06-05",
        "2026-09-05",
        "2026-12-05",
    ]


def test_the_timeliness_page_ranks_the_districts(client, city_user, zaozhuang):
    client.force_login(city_user)

    page = client.get(reverse("reports:timeliness", args=[zaozhuang.code, 2026]) + "?quarter=4&order=missing")

    assert page.status_code == 200
    assert {r.region.code for r in page.context["ranking"]} == {c.code for c in zaozhuang.children.all()}
    assert "催报名单" in page.content.decode()


def test_a_city_edits_its_deadlines_and_a_county_cannot(client, city_user, shanting_operator, zaozhuang):
    page = f"/quality/rules/reports.reportingrule/?region={zaozhuang.code}"
    client.force_login(city_user)
    saved = client.post(
        page, {"quarter_due_month": 3, "quarter_due_day": 8, "summary_due_month": 12, "summary_due_day": 1}
    )
    client.force_login(shanting_operator)
    denied = client.get(page)

    assert saved.status_code == 302
    assert AuditEvent.objects.filter(action="quality.rule.create", region_id=zaozhuang.code).exists()
    assert denied.status_code == 404


def test_an_approved_version_exports_as_reported_after_the_ledger_changed(
    client,
    shanting,
    shanting_records,
    shanting_operator,
    shanting_reviewer,
    city_user,
    django_assert_max_num_queries,
):
    report = services.start_report(shanting_operator, shanting, PERIOD)
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    services.approve(city_user, report)
    withdraw_from_first_course(shanting_records)
    client.force_login(city_user)

    # Session, user, report, version, cells, regions, access log; live values would add one per column.
    with django_assert_max_num_queries(16):
        exported = client.get(url(shanting, "reports:progress_export", "xlsx"))

    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    assert rows[6][0] == shanting.name and rows[6][1:13] == [float(v) for v in expected(0)]
    assert client.get(url(shanting)).context["sheet"].cell(shanting.code, "trainees").live == 4


def test_the_row_header_is_the_level_of_the_rows_on_the_page(client, province_user, shanting):
    from conftest import region

    client.force_login(province_user)

    for code, query, header in (
        (shanting.code, "", "乡镇（街道）"),
        ("370400000000", "", "区（市）"),
        ("370000000000", "", "市"),
        ("370000000000", "?rows=3", "区（市）"),
    ):
        page = client.get(url(region(code)) + query)
        assert f'<th rowspan="2" class="row-head">{header}</th>' in page.content.decode(), (code, query)


def test_a_province_finalises_its_report_through_the_page(client, province_user, shanting_records):
    from conftest import region

    shandong = region("370000")
    client.force_login(province_user)
    client.post(url(shandong, "reports:progress_start"))
    form = client.get(url(shandong))
    finalised = client.post(
        url(shandong, "reports:progress_action", "submit"),
        {"filled_by": "省级审核人", "phone": "0531-1234567"},
        follow=True,
    )
    index = client.get(reverse("reports:index") + f"?region={shandong.code}&year=2026")

    assert "审核定稿" in form.content.decode() and form.context["timeliness"] is None
    assert "已定稿（第1版）" in finalised.content.decode()
    report = ProgressReport.objects.get(region=shandong)
    assert report.status == ReportStatus.APPROVED and report.status_label == "已定稿"
    assert finalised.context["sheet"].frozen and finalised.context["can_approve"]
    assert index.context["rows"][3]["state"] is None and "已定稿" in index.content.decode()
