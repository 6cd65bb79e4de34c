import io

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.reports import services
from fangfan.reports.definitions import Period

from .conftest import expected, townships

pytestmark = pytest.mark.django_db


def rows_of(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def test_export_progress_report_writes_the_approved_version(
    tmp_path, shanting, shanting_records, shanting_operator, shanting_reviewer, city_user
):
    report = services.start_report(shanting_operator, shanting, Period(2026, 2))
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    services.approve(city_user, report)
    out = tmp_path / "附件1.xlsx"
    stdout = io.StringIO()

    call_command(
        "export_progress_report",
        "--region",
        "370406",
        "--year",
        "2026",
        "--quarter",
        "2",
        "--output",
        str(out),
        stdout=stdout,
    )

    rows = rows_of(out)
    assert rows[1][0] == "防止返贫就业攻坚行动推进情况表"
    assert rows[3][7] == "填表人：张三"
    assert rows[6][0] == shanting.name and rows[6][1:13] == [float(v) for v in expected(0)]
    assert [r[0] for r in rows[7 : 7 + len(townships(shanting))]] == [t.name for t in townships(shanting)]
    assert "第1版" in stdout.getvalue()
    assert AuditEvent.objects.filter(action="reports.progress.export", region_id=shanting.code).exists()


def test_export_progress_report_as_a_user_is_logged_and_scoped(
    tmp_path, shanting, tengzhou_operator, city_user
):
    out = tmp_path / "report.pdf"

    call_command(
        "export_progress_report",
        "--region",
        "370400",
        "--year",
        "2026",
        "--quarter",
        "4",
        "--output",
        str(out),
        "--user",
        city_user.username,
        stdout=io.StringIO(),
    )
    with pytest.raises(CommandError, match="不在用户"):
        call_command(
            "export_progress_report",
            "--region",
            "370406",
            "--year",
            "2026",
            "--quarter",
            "4",
            "--output",
            str(tmp_path / "x.xlsx"),
            "--user",
            tengzhou_operator.username,
        )

    assert out.read_bytes().startswith(b"%PDF")
    assert AccessLog.objects.filter(user=city_user, object_type="reports.progress").count() == 1
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "99", "--year", "2026", "--quarter", "1", "--output", "a.xlsx"], "不存在"),
        (["--region", "370406", "--year", "2026", "--quarter", "1", "--output", "a.csv"], ".xlsx 或 .pdf"),
        (["--region", "370406", "--year", "1999", "--quarter", "1", "--output", "a.xlsx"], "年度1999不正确"),
    ],
)
def test_export_progress_report_refuses_bad_arguments_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_progress_report", *args)


def test_export_progress_report_writes_a_province_over_its_counties_with_rows_3(
    tmp_path, shanting_records, province_user
):
    from conftest import region

    # The province's own report is over its cities; the script asks for its counties.
    services.start_report(province_user, region("370000"), Period(2026, 4))
    out = tmp_path / "山东.xlsx"
    stdout = io.StringIO()

    call_command(
        "export_progress_report",
        *("--region", "37", "--year", "2026", "--quarter", "4", "--rows", "3", "--output", str(out)),
        stdout=stdout,
    )

    rows = rows_of(out)
    counties = [r for r in rows[7:] if r[0]]
    assert rows[4][0] == "区（市）"
    assert len(counties) > 100
    shanting = next(r for r in rows[6:] if r[0] == region("370406").name)
    assert shanting[1:13] == [float(v) for v in expected(0)]
    assert "按县分行" in stdout.getvalue()


def test_export_progress_report_refuses_rows_the_region_does_not_have(tmp_path):
    with pytest.raises(CommandError, match="不能按市分行"):
        call_command(
            "export_progress_report",
            *("--region", "370406", "--year", "2026", "--quarter", "4", "--rows", "2"),
            *("--output", str(tmp_path / "x.xlsx")),
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_export_project_list_writes_a_countys_projects(tmp_path, shanting, shanting_operator, make_person):
    import datetime as dt

    worker = make_person()
    project = services.create_project(
        shanting_operator,
        shanting,
        name="香菇种植基地",
        summary="带动周边村民务工",
        location=townships(shanting)[0],
        contact="李四",
        phone="13800000000",
        notes="",
        started_on=dt.date(2026, 1, 10),
        ended_on=None,
    )
    services.add_worker(
        shanting_operator,
        project,
        name=worker.name,
        id_number=worker.id_number,
        started_on=dt.date(2026, 2, 1),
    )
    out = tmp_path / "附件2.xlsx"

    call_command(
        "export_project_list",
        "--region",
        "370406",
        "--year",
        "2026",
        "--quarter",
        "1",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )

    rows = rows_of(out)
    assert rows[0][0] == "附件2"
    assert rows[2][0] == "　山亭　区（市）"
    assert rows[5][:6] == [shanting.name, 1.0, "香菇种植基地", "带动周边村民务工", 1.0, 1.0]
