"""附件2: projects, their people counted from the ledger, location flags, the list and the 项目库."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_id
from fangfan.audit.models import AuditEvent
from fangfan.core import xlsx
from fangfan.regions.models import Designation, RegionDesignation
from fangfan.reports import services
from fangfan.reports.definitions import Period
from fangfan.reports.models import (
    LibraryEntry,
    Project,
    ProjectList,
    ProjectWorker,
    ReportStatus,
    VersionStatus,
)
from fangfan.reports.projects import flags_for, project_rows

from .conftest import townships, village_of

pytestmark = pytest.mark.django_db
YEAR = Period(2026, 4)


@pytest.fixture
def project(shanting_operator, shanting):
    return services.create_project(
        shanting_operator,
        shanting,
        name="香菇种植基地",
        summary="建设大棚40个，带动周边村民务工",
        location=village_of(townships(shanting)[0]),
        contact="李四",
        phone="13800000000",
        notes="",
        started_on=dt.date(2025, 3, 1),
        ended_on=None,
    )


def add(actor, project, name, id_number, start, end=None):
    return services.add_worker(actor, project, name=name, id_number=id_number, started_on=start, ended_on=end)


def test_employment_counts_people_who_worked_this_year_and_the_poor_among_them_from_the_ledger(
    project, shanting_operator, make_person
):
    poor = make_person(name="脱贫户甲")
    add(shanting_operator, project, poor.name, poor.id_number, dt.date(2026, 2, 1))
    add(shanting_operator, project, "本地村民", make_id("370406", seq=901), dt.date(2026, 5, 1))
    add(
        shanting_operator,
        project,
        "去年离岗",
        make_id("370406", seq=902),
        dt.date(2025, 4, 1),
        dt.date(2025, 12, 31),
    )
    add(shanting_operator, project, "明年上岗", make_id("370406", seq=903), dt.date(2027, 1, 2))
    add(
        shanting_operator,
        project,
        "年初离岗",
        make_id("370406", seq=904),
        dt.date(2025, 6, 1),
        dt.date(2026, 1, 1),
    )

    row = project_rows([project], YEAR.first, YEAR.last)[0]

    assert (row.workers, row.poverty_workers) == (3, 1)
    q1 = project_rows([project], Period(2026, 1).first, Period(2026, 1).last)[0]
    assert (q1.workers, q1.poverty_workers) == (2, 1)


def test_a_worker_registered_in_the_ledger_later_then_counts_as_poor(project, shanting_operator, make_person):
    number = make_id("370406", seq=905)
    add(shanting_operator, project, "后登记者", number, dt.date(2026, 2, 1))
    assert project_rows([project], YEAR.first, YEAR.last)[0].poverty_workers == 0

    make_person(id_number=number, name="后登记者")

    assert project_rows([project], YEAR.first, YEAR.last)[0].poverty_workers == 1


def test_a_bad_id_number_or_a_duplicate_is_refused_in_chinese(project, shanting_operator):
    number = make_id("370406", seq=906)
    add(shanting_operator, project, "甲", number, dt.date(2026, 2, 1))

    with pytest.raises(ValidationError) as bad:
        add(shanting_operator, project, "乙", "37040619850601001", dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="已在本项目"):
        add(shanting_operator, project, "甲", number, dt.date(2026, 3, 1))
    assert "身份证号应为18位" in bad.value.message_dict["id_number"][0]
    assert ProjectWorker.objects.count() == 1


def test_location_flags_come_from_the_designations_of_the_place_and_the_regions_above_it(project, shanting):
    township = townships(shanting)[0]
    RegionDesignation.objects.create(region=shanting, kind=Designation.KEY_COUNTY)
    RegionDesignation.objects.create(
        region=township, kind=Designation.YELLOW_RIVER, since=dt.date(2027, 1, 1)
    )
    assert flags_for([project.location_id], dt.date(2026, 12, 31))[project.location_id] == "①"

    RegionDesignation.objects.create(region=project.location, kind=Designation.RELOCATION_AREA)

    assert flags_for([project.location_id], dt.date(2026, 12, 31))[project.location_id] == "①②"
    assert flags_for([project.location_id], dt.date(2027, 6, 30))[project.location_id] == "①②③"
    other = village_of(townships(shanting)[1])
    assert flags_for([other.code], dt.date(2026, 12, 31))[other.code] == "①"


def test_a_place_without_designations_answers_no(project):
    assert project_rows([project], YEAR.first, YEAR.last)[0].flags == "否"


def test_a_project_must_lie_in_the_district_and_only_the_district_registers_it(
    shanting_operator, tengzhou, shanting, city_user
):
    data = dict(
        name="外县项目",
        summary="",
        contact="",
        phone="",
        notes="",
        started_on=dt.date(2026, 1, 1),
        ended_on=None,
    )

    with pytest.raises(ValidationError, match="项目所在地应在"):
        services.create_project(
            shanting_operator, shanting, location=village_of(townships(tengzhou)[0]), **data
        )
    with pytest.raises(PermissionDenied):
        services.create_project(city_user, shanting, location=village_of(townships(shanting)[0]), **data)
    assert not Project.objects.exists()


def test_another_county_cannot_see_or_add_to_the_project(client, project, tengzhou_operator):
    events = AuditEvent.objects.count()
    client.force_login(tengzhou_operator)

    page = client.get(reverse("reports:project_detail", args=[project.pk]))
    post = client.post(
        reverse("reports:project_detail", args=[project.pk]),
        {"name": "甲", "id_number": make_id("370481", seq=5), "started_on": "2026-02-01"},
    )
    with pytest.raises(PermissionDenied):
        add(tengzhou_operator, project, "甲", make_id("370481", seq=5), dt.date(2026, 2, 1))

    assert page.status_code == 404 and post.status_code == 404
    assert not ProjectWorker.objects.exists()
    assert AuditEvent.objects.count() == events


def submit_list(reviewer, plist):
    return services.submit_project_list(reviewer, plist, filled_by="王五", phone="0632-7654321")


def test_submitting_the_list_freezes_its_rows_as_a_version(
    project, shanting_operator, shanting_reviewer, shanting, make_person
):
    poor = make_person()
    add(shanting_operator, project, poor.name, poor.id_number, dt.date(2026, 2, 1))
    plist = services.open_project_list(shanting_operator, shanting, YEAR)

    with pytest.raises(PermissionDenied):
        submit_list(shanting_operator, plist)
    services.send_list_for_review(shanting_operator, plist)
    version = submit_list(shanting_reviewer, plist)
    add(shanting_operator, project, "后来者", make_id("370406", seq=907), dt.date(2026, 11, 1))

    plist.refresh_from_db()
    assert plist.status == ReportStatus.SUBMITTED
    assert (version.number, version.first, version.last) == (1, dt.date(2026, 1, 1), dt.date(2026, 11, 30))
    assert version.rows[0]["workers"] == 1 and version.rows[0]["name"] == "香菇种植基地"
    assert project_rows([project], YEAR.first, YEAR.last)[0].workers == 2


def test_a_returned_list_is_resubmitted_as_a_new_version_and_the_first_is_kept(
    project, shanting_operator, shanting_reviewer, shanting, city_user, make_person
):
    plist = services.open_project_list(shanting_operator, shanting, YEAR)
    first = submit_list(shanting_reviewer, plist)
    services.return_project_list(city_user, plist, "请补充项目简介")
    poor = make_person()
    add(shanting_operator, project, poor.name, poor.id_number, dt.date(2026, 2, 1))

    second = submit_list(shanting_reviewer, plist)

    first.refresh_from_db()
    assert (first.status, first.comment, first.rows[0]["workers"]) == (
        VersionStatus.RETURNED,
        "请补充项目简介",
        0,
    )
    assert (second.number, second.rows[0]["workers"]) == (2, 1)


def test_the_city_approves_a_list_which_is_then_locked_and_only_the_city_reopens_it(
    project, shanting_operator, shanting_reviewer, shanting, city_user, tengzhou_reviewer
):
    plist = services.open_project_list(shanting_operator, shanting, YEAR)
    version = submit_list(shanting_reviewer, plist)
    events = AuditEvent.objects.count()

    for outsider in (shanting_reviewer, tengzhou_reviewer):
        with pytest.raises(PermissionDenied):
            services.approve_project_list(outsider, plist)
    assert AuditEvent.objects.count() == events
    services.approve_project_list(city_user, plist, "同意入库备选")
    with pytest.raises(ValidationError, match="不能报送"):
        submit_list(shanting_reviewer, plist)
    with pytest.raises(PermissionDenied):
        services.reopen_project_list(shanting_reviewer, plist, "需要补报项目")
    services.reopen_project_list(city_user, plist, "需要补报项目")
    second = submit_list(shanting_reviewer, plist)
    services.approve_project_list(city_user, plist)

    version.refresh_from_db()
    plist.refresh_from_db()
    assert version.status == VersionStatus.SUPERSEDED
    assert plist.approved_version == second and plist.status == ReportStatus.APPROVED


def test_the_city_selects_district_projects_into_its_library(
    project, city_user, zaozhuang, shanting_operator
):
    entry = services.add_to_library(city_user, zaozhuang, project, "示范带动作用明显")

    with pytest.raises(ValidationError, match="已在项目库中"):
        services.add_to_library(city_user, zaozhuang, project)
    with pytest.raises(PermissionDenied):
        services.add_to_library(shanting_operator, zaozhuang, project)
    with pytest.raises(ValidationError):
        services.remove_from_library(city_user, entry, "")
    services.remove_from_library(city_user, entry, "项目已停工")

    assert not LibraryEntry.objects.exists()
    assert AuditEvent.objects.filter(action="reports.library.remove").exists()


def test_the_pages_register_a_project_add_a_worker_submit_and_export(
    client, shanting_operator, shanting_reviewer, shanting, make_person
):
    poor = make_person()
    client.force_login(shanting_operator)
    location = village_of(townships(shanting)[0])

    created = client.post(
        reverse("reports:project_create"),
        {
            "name": "扶贫车间",
            "summary": "服装加工",
            "location": location.code,
            "contact": "李四",
            "phone": "13800000000",
            "notes": "",
            "started_on": "2026-01-05",
        },
    )
    project = Project.objects.get()
    added = client.post(
        reverse("reports:project_detail", args=[project.pk]),
        {"name": poor.name, "id_number": poor.id_number, "started_on": "2026-02-01"},
    )
    bad = client.post(
        reverse("reports:project_detail", args=[project.pk]),
        {"name": "错号", "id_number": "123", "started_on": "2026-02-01"},
    )
    listing = client.get(reverse("reports:projects") + f"?region={shanting.code}&year=2026&quarter=4")
    client.force_login(shanting_reviewer)
    submitted = client.post(
        reverse("reports:project_list_action", args=[shanting.code, 2026, 4, "submit"]),
        {"filled_by": "王五", "phone": "0632-7654321"},
    )
    exported = client.get(reverse("reports:project_list_export", args=[shanting.code, 2026, 4, "xlsx"]))

    assert created.status_code == 302 and added.status_code == 302
    assert bad.status_code == 200 and "身份证号" in bad.content.decode()
    assert listing.status_code == 200 and "扶贫车间" in listing.content.decode()
    assert submitted.status_code == 302
    assert ProjectList.objects.get().status == "submitted"
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    assert rows[5][2] == "扶贫车间" and rows[5][4:6] == [1.0, 1.0]
    assert rows[7][0] == "填表人：王五"


def test_the_city_library_page_and_its_export(client, project, city_user, zaozhuang):
    client.force_login(city_user)

    added = client.post(
        reverse("reports:library", args=[zaozhuang.code]) + "?year=2026&quarter=4",
        {"project": project.pk, "note": "入库"},
    )
    page = client.get(reverse("reports:library", args=[zaozhuang.code]) + "?year=2026&quarter=4")
    exported = client.get(reverse("reports:library_export", args=[zaozhuang.code, 2026, 4, "xlsx"]))

    assert added.status_code == 302
    assert len(page.context["library"]) == 1 and "已入库" in page.content.decode()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    assert rows[2][0] == "　枣庄　市" and rows[5][2] == "香菇种植基地"


def test_a_library_note_too_long_is_refused_in_chinese_and_nothing_is_added(
    client, project, city_user, zaozhuang
):
    client.force_login(city_user)

    page = client.post(
        reverse("reports:library", args=[zaozhuang.code]) + "?year=2026&quarter=4",
        {"project": project.pk, "note": "说明" * 251},
        follow=True,
    )

    assert "入库说明：" in page.content.decode() and "500" in page.content.decode()
    assert not LibraryEntry.objects.exists()


def write_sheet(tmp_path, rows) -> str:
    path = tmp_path / "人员.xlsx"
    path.write_bytes(
        xlsx.table(["项目名称", "姓名", "身份证号码", "入职日期", "离岗日期"], rows, title="带动就业人员")
    )
    return str(path)


def test_importing_project_workers_creates_updates_and_is_idempotent(
    tmp_path, project, shanting_operator, make_person
):
    poor = make_person(name="脱贫户乙")
    other = make_id("370406", seq=950)
    rows = [
        [project.name, poor.name, poor.id_number, "2026-02-01", ""],
        [str(project.pk), "外村村民", other, "2026年3月1日", "2026-06-30"],
    ]
    out = io.StringIO()
    call_command(
        "import_project_workers",
        write_sheet(tmp_path, rows),
        "--commit",
        "--json",
        "--user",
        shanting_operator.username,
        stdout=out,
    )
    again = io.StringIO()
    call_command(
        "import_project_workers",
        write_sheet(tmp_path, rows),
        "--commit",
        "--json",
        "--user",
        shanting_operator.username,
        stdout=again,
    )
    rows[1][4] = "2026-09-30"
    changed = io.StringIO()
    call_command(
        "import_project_workers",
        write_sheet(tmp_path, rows),
        "--commit",
        "--json",
        "--user",
        shanting_operator.username,
        stdout=changed,
    )

    assert json.loads(out.getvalue())["created"] == 2
    assert json.loads(again.getvalue())["unchanged"] == 2
    assert json.loads(changed.getvalue())["updated"] == 1
    row = project_rows([project], YEAR.first, YEAR.last)[0]
    assert (row.workers, row.poverty_workers) == (2, 1)
    assert ProjectWorker.objects.get(id_number=other).ended_on == dt.date(2026, 9, 30)


def test_an_import_reports_each_bad_row_in_chinese_and_writes_nothing(
    tmp_path, project, tengzhou_operator, shanting_operator
):
    rows = [
        [project.name, "甲", make_id("370406", seq=952), "2026-02-01", "2026-01-01"],
        ["不存在的项目", "乙", make_id("370406", seq=951), "2026-02-01", ""],
        [project.name, "丙", "123", "", ""],
    ]
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_project_workers",
            write_sheet(tmp_path, rows),
            "--commit",
            "--json",
            "--user",
            shanting_operator.username,
            stdout=out,
        )
    denied = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_project_workers",
            write_sheet(tmp_path, rows[:1]),
            "--commit",
            "--json",
            "--user",
            tengzhou_operator.username,
            stdout=denied,
        )

    errors = json.loads(out.getvalue())["errors"]
    messages = " ".join(e["message"] for e in errors)
    assert "离岗日期不能早于上岗日期" in messages
    assert "找不到项目“不存在的项目”" in messages
    assert "身份证号应为18位" in messages and "上岗日期不能为空" in messages
    assert "找不到项目" in json.loads(denied.getvalue())["errors"][0]["message"]
    assert not ProjectWorker.objects.exists()
