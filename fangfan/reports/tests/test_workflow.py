import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent
from fangfan.reports import services
from fangfan.reports.definitions import Period
from fangfan.reports.models import (
    Adjustment,
    ProgressReport,
    ReportCell,
    ReportStatus,
    ReportVersion,
    VersionStatus,
)
from fangfan.reports.sheet import current_sheet, frozen_sheet, working_sheet

from .conftest import expected, townships, withdraw_from_first_course

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 4)


@pytest.fixture
def report(shanting_operator, shanting, shanting_records):
    return services.start_report(shanting_operator, shanting, PERIOD)


def submit(user, report, **extra):
    return services.submit(user, report, filled_by="张三", phone="0632-1234567", **extra)


def test_a_district_starts_its_report_with_townships_as_rows(report, shanting):
    sheet = working_sheet(shanting, PERIOD, report=report)

    assert report.status == ReportStatus.DRAFT
    assert sheet.rows[0].is_total and sheet.rows[0].name == shanting.name
    assert [r.code for r in sheet.rows[1:]] == [t.code for t in townships(shanting)]
    assert [c.value for c in sheet.rows[0].cells] == expected(0)


def test_a_city_user_cannot_start_a_districts_report(city_user, shanting):
    with pytest.raises(PermissionDenied):
        services.start_report(city_user, shanting, PERIOD)
    assert not ProgressReport.objects.exists()


def test_a_township_does_not_report_even_for_an_administrator(make_user, shanting):
    admin = make_user(Role.ADMIN, None)

    with pytest.raises(ValidationError, match="省、市、县（区、市）三级"):
        services.start_report(admin, townships(shanting)[0], PERIOD)
    assert not ProgressReport.objects.exists()


def test_submitting_freezes_every_cell_as_version_one(report, shanting_reviewer, shanting):
    version = submit(shanting_reviewer, report)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert version.number == 1 and version.status == VersionStatus.SUBMITTED
    rows = 1 + len(townships(shanting))
    assert version.cells.count() == rows * 12
    assert version.filled_by == "张三" and version.phone == "0632-1234567"
    assert version.filled_on is not None


def test_submission_needs_the_filler_and_a_phone(report, shanting_reviewer):
    with pytest.raises(ValidationError) as exc:
        services.submit(shanting_reviewer, report, filled_by="", phone="abc")

    assert set(exc.value.message_dict) == {"filled_by", "phone"}
    assert not ReportVersion.objects.exists()


def test_an_operator_sends_for_review_and_only_the_reviewer_submits(
    report, shanting_operator, shanting_reviewer
):
    services.send_for_review(shanting_operator, report)
    with pytest.raises(PermissionDenied):
        submit(shanting_operator, report)

    services.send_back(shanting_reviewer, report, "请核对培训人数")
    assert report.status == ReportStatus.DRAFT
    services.send_for_review(shanting_operator, report)
    submit(shanting_reviewer, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_city_approves_and_the_figures_are_locked(
    report, shanting_reviewer, city_user, shanting_operator
):
    submit(shanting_reviewer, report)

    version = services.approve(city_user, report, "同意")

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approved_version == version
    assert version.status == VersionStatus.APPROVED and version.decided_by == city_user
    with pytest.raises(ValidationError, match="不能修改"):
        services.adjust(
            shanting_operator,
            report,
            row_code=report.region_id,
            column_key="brands",
            value=1,
            reason="五个字以上的理由",
        )
    with pytest.raises(TypeError):
        version.cells.update(value=0)
    cell = version.cells.first()
    cell.value = 0
    with pytest.raises(TypeError):
        cell.save()


def test_only_the_level_above_approves(report, shanting_reviewer, tengzhou_reviewer, province_user):
    submit(shanting_reviewer, report)
    events = AuditEvent.objects.count()

    for user in (shanting_reviewer, tengzhou_reviewer, province_user):
        with pytest.raises(PermissionDenied):
            services.approve(user, report)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert AuditEvent.objects.count() == events


def test_the_city_returns_with_comments_and_the_district_resubmits_a_new_version(
    report, shanting_reviewer, city_user
):
    submit(shanting_reviewer, report)

    with pytest.raises(ValidationError):
        services.return_report(city_user, report, "")
    returned = services.return_report(city_user, report, "培训人数与台账不符，请核实")
    report.refresh_from_db()
    second = submit(shanting_reviewer, report)

    assert returned.status == VersionStatus.RETURNED and returned.comment == "培训人数与台账不符，请核实"
    assert second.number == 2
    assert list(report.versions.values_list("number", "status")) == [
        (1, VersionStatus.RETURNED),
        (2, VersionStatus.SUBMITTED),
    ]


def test_a_later_ledger_change_shows_beside_the_reported_figure_and_never_rewrites_it(
    report, shanting_reviewer, city_user, shanting, shanting_records
):
    submit(shanting_reviewer, report)
    version = services.approve(city_user, report)
    first = shanting_records.first
    withdraw_from_first_course(shanting_records)

    sheet = current_sheet(shanting, PERIOD, ProgressReport.objects.get(pk=report.pk))

    total = sheet.cell(shanting.code, "trainees")
    row = sheet.cell(first.code, "trainees")
    assert sheet.frozen and sheet.version == version
    assert (total.value, total.live, total.drift) == (5, 4, True)
    assert (row.value, row.live, row.drift) == (3, 2, True)
    assert not sheet.cell(shanting.code, "brands").drift
    assert ReportCell.objects.get(version=version, row_code=first.code, column="trainees").value == 3


def test_only_the_approver_reopens_and_the_approved_version_stands_until_a_new_one_is_approved(
    report, shanting_reviewer, city_user
):
    submit(shanting_reviewer, report)
    first = services.approve(city_user, report)

    with pytest.raises(PermissionDenied):
        services.reopen(shanting_reviewer, report, "发现错误需要更正")
    with pytest.raises(ValidationError):
        services.reopen(city_user, report, "")
    services.reopen(city_user, report, "发现培训数据漏录，重新报送")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.approved_version == first
    second = submit(shanting_reviewer, report)
    services.approve(city_user, report)

    first.refresh_from_db()
    report.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert report.approved_version == second and second.number == 2
    assert frozen_sheet(first).cell(report.region_id, "brands").value == 2


def test_an_adjustment_needs_a_written_reason(report, shanting_operator):
    with pytest.raises(ValidationError) as exc:
        services.adjust(
            shanting_operator, report, row_code=report.region_id, column_key="brands", value=7, reason="改"
        )

    assert "reason" in exc.value.message_dict
    assert not Adjustment.objects.exists()


def test_an_adjusted_figure_is_marked_and_keeps_its_computed_value_beside_it(
    report, shanting_operator, shanting_reviewer, shanting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = townships(shanting)[0]
    proof = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 proof", content_type="application/pdf")

    adjustment = services.adjust(
        shanting_operator,
        report,
        row_code=first.code,
        column_key="trainees",
        value=4,
        reason="一名学员培训记录尚未录入台账，附培训签到表",
        attachment=proof,
    )
    sheet = working_sheet(shanting, PERIOD, report=report)
    cell = sheet.cell(first.code, "trainees")
    version = submit(shanting_reviewer, report)
    frozen = version.cells.get(row_code=first.code, column="trainees")

    assert adjustment.computed == 3 and adjustment.attachment_name == "说明.pdf"
    assert (cell.value, cell.computed, cell.adjusted) == (4, 3, True)
    assert sheet.cell(shanting.code, "trainees").value == 5
    assert (frozen.value, frozen.computed, frozen.adjustment) == (4, 3, adjustment)
    assert not sheet.cell(first.code, "brands").adjusted


def test_a_second_adjustment_replaces_the_first_and_a_withdrawal_restores_the_computed_value(
    report, shanting_operator, shanting
):
    first = services.adjust(
        shanting_operator,
        report,
        row_code=shanting.code,
        column_key="brands",
        value=9,
        reason="第一次调整的理由",
    )
    second = services.adjust(
        shanting_operator,
        report,
        row_code=shanting.code,
        column_key="brands",
        value=8,
        reason="第二次调整的理由",
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert working_sheet(shanting, PERIOD, report=report).cell(shanting.code, "brands").value == 8

    services.withdraw_adjustment(shanting_operator, second)

    cell = working_sheet(shanting, PERIOD, report=report).cell(shanting.code, "brands")
    assert (cell.value, cell.adjusted) == (2, False)


def test_an_attachment_of_an_unsupported_type_is_refused(report, shanting_operator, shanting):
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")

    with pytest.raises(ValidationError, match="类型不支持"):
        services.adjust(
            shanting_operator,
            report,
            row_code=shanting.code,
            column_key="brands",
            value=1,
            reason="附件类型测试",
            attachment=bad,
        )


def test_a_row_that_is_not_in_the_report_cannot_be_adjusted(report, shanting_operator, tengzhou):
    with pytest.raises(ValidationError, match="不是本表的一行"):
        services.adjust(
            shanting_operator,
            report,
            row_code=tengzhou.code,
            column_key="brands",
            value=1,
            reason="越界调整测试",
        )


def test_another_county_cannot_adjust_and_nothing_changes(report, tengzhou_operator, shanting):
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.adjust(
            tengzhou_operator,
            report,
            row_code=shanting.code,
            column_key="brands",
            value=1,
            reason="越权调整测试",
        )

    assert not Adjustment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_every_step_is_in_the_audit_trail(report, shanting_operator, shanting_reviewer, city_user):
    services.send_for_review(shanting_operator, report)
    submit(shanting_reviewer, report)
    services.approve(city_user, report)

    actions = list(
        AuditEvent.objects.filter(object_type="reports.progressreport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reports.progress.start",
        "reports.progress.review",
        "reports.progress.submit",
        "reports.progress.approve",
    ]


def test_an_approved_version_is_locked_in_the_model_itself(report, shanting_reviewer, city_user):
    submit(shanting_reviewer, report)
    version = services.approve(city_user, report)

    version.comment = "事后改写的意见"
    with pytest.raises(TypeError, match="已锁定"):
        version.save(update_fields=["comment"])
    version.filled_by = "李四"
    with pytest.raises(TypeError, match="只能记录审核结果"):
        version.save()
    with pytest.raises(TypeError):
        version.delete()
    with pytest.raises(TypeError):
        ReportVersion.objects.filter(pk=version.pk).update(comment="批量改写")
    with pytest.raises(TypeError):
        ReportVersion.objects.filter(pk=version.pk).delete()

    version.refresh_from_db()
    assert (version.status, version.comment, version.filled_by) == (VersionStatus.APPROVED, "", "张三")


def test_a_submitted_version_takes_only_its_decision(report, shanting_reviewer):
    version = submit(shanting_reviewer, report)

    version.last = version.first
    with pytest.raises(TypeError, match="只能记录审核结果"):
        version.save(update_fields=["last"])
    version.refresh_from_db()
    version.comment = "已阅"
    version.save(update_fields=["comment"])

    version.refresh_from_db()
    assert version.comment == "已阅" and version.last != version.first


@pytest.fixture
def shandong():
    from conftest import region

    return region("370000")


def test_a_province_prepares_its_report_over_its_cities_and_its_submission_is_final(
    shandong, province_user, shanting_records
):
    report = services.start_report(province_user, shandong, PERIOD)

    version = submit(province_user, report)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_version == version
    assert report.status_label == "已定稿"
    assert (version.status, version.decided_by) == (VersionStatus.APPROVED, province_user)
    sheet = current_sheet(shandong, PERIOD, report)
    assert sheet.frozen and sheet.row_level == 2
    assert sheet.cell("370400000000", "trainees").value == 5
    assert AuditEvent.objects.filter(action="reports.progress.finalise", object_id=str(report.pk)).exists()


def test_only_the_province_reopens_its_finalised_report_and_a_city_cannot_finalise_it(
    shandong, province_user, city_user, shanting_records
):
    report = services.start_report(province_user, shandong, PERIOD)
    with pytest.raises(PermissionDenied):
        submit(city_user, report)
    first = submit(province_user, report)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.reopen(city_user, report, "市级要求重新打开")
    assert AuditEvent.objects.count() == events
    services.reopen(province_user, report, "补充第四季度数据")
    second = submit(province_user, report)

    first.refresh_from_db()
    report.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED and report.approved_version == second
