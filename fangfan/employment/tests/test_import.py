"""The monthly employment import: rows to spells, idempotent, atomic or explicitly partial."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from conftest import TENGZHOU, first_village, region
from fangfan.audit.models import AuditEvent
from fangfan.core import xlsx
from fangfan.employment import checks, ledger, services
from fangfan.employment.models import Employment, MonthlyRecord, Source
from fangfan.employment.rules import add_months

pytestmark = pytest.mark.django_db

NOW = ledger.current_month()
M1, M2 = add_months(NOW, -2), add_months(NOW, -1)
HEADERS = [
    "序号",
    "姓名",
    "身份证号",
    "统计月份",
    "务工状态",
    "务工单位",
    "就业形式",
    "务工地域",
    "务工所在省",
    "月收入（元）",
]


def sheet(tmp_path, rows, name="report.xlsx", headers=HEADERS):
    path = tmp_path / name
    path.write_bytes(xlsx.table(headers, rows, title="山亭区脱贫劳动力务工监测月报"))
    return path


def row(
    person,
    month,
    employer="山亭某服装厂",
    income=3000,
    area="县内",
    status="务工",
    province="",
    kind="企业务工",
):
    return [
        1,
        person.name,
        person.id_number,
        month.strftime("%Y-%m"),
        status,
        employer,
        kind,
        area,
        province,
        income,
    ]


def run(path, *args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_employment", str(path), "--json", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_rows_become_spells_and_the_same_file_again_changes_nothing(tmp_path, make_person):
    a, b = make_person(name="张三"), make_person(name="李四")
    path = sheet(tmp_path, [row(a, M2), row(b, M2, "济南某建筑公司", 4500, "省内县外")])

    code, first = run(path, "--commit")
    events = AuditEvent.objects.count()
    code_again, again = run(path, "--commit")

    assert code == code_again == 0
    assert (first["created"], first["updated"], first["unchanged"], first["errors"]) == (2, 0, 0, [])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert Employment.objects.count() == 2
    assert AuditEvent.objects.count() == events
    spell = Employment.objects.get(person=b)
    assert (spell.start, spell.end, spell.work_area, spell.source) == (M2, None, "in_province", Source.IMPORT)
    assert MonthlyRecord.objects.filter(person=b, month=NOW).exists()


def test_the_json_has_the_shape_of_import_people(tmp_path, make_person):
    code, data = run(sheet(tmp_path, [row(make_person(), M2)]))

    assert code == 0
    assert set(data) == {"rows", "created", "updated", "unchanged", "errors"}
    assert data["rows"] == 1
    assert not Employment.objects.exists()


def test_a_new_income_applies_from_its_month_and_earlier_months_keep_theirs(tmp_path, make_person):
    person = make_person()
    run(sheet(tmp_path, [row(person, M1, income=3000)], "m1.xlsx"), "--commit")

    code, data = run(sheet(tmp_path, [row(person, M2, income=3600)], "m2.xlsx"), "--commit")

    assert code == 0 and data["updated"] == 1
    spells = list(Employment.objects.filter(person=person).order_by("start"))
    assert [(s.start, s.end, s.monthly_income) for s in spells] == [
        (M1, M2 - dt.timedelta(days=1), Decimal("3000.00")),
        (M2, None, Decimal("3600.00")),
    ]
    assert MonthlyRecord.objects.get(person=person, month=M1).income == 3000
    assert MonthlyRecord.objects.get(person=person, month=M2).income == 3600
    assert run(sheet(tmp_path, [row(person, M2, income=3600)], "m2b.xlsx"), "--commit")[1]["unchanged"] == 1


def test_not_in_work_ends_the_job_at_the_end_of_the_month_before(tmp_path, make_person):
    person = make_person()
    run(sheet(tmp_path, [row(person, M1)], "m1.xlsx"), "--commit")

    code, data = run(
        sheet(
            tmp_path, [row(person, M2, employer="", status="未务工", kind="", area="", income="")], "m2.xlsx"
        ),
        "--commit",
    )

    assert code == 0 and data["updated"] == 1
    assert Employment.objects.get(person=person).end == M2 - dt.timedelta(days=1)
    assert not MonthlyRecord.objects.filter(person=person, month__gte=M2).exists()


def test_a_file_with_two_months_of_the_same_job_makes_one_spell(tmp_path, make_person):
    person = make_person()

    run(sheet(tmp_path, [row(person, M2), row(person, M1)]), "--commit")

    assert Employment.objects.filter(person=person).count() == 1
    assert Employment.objects.get(person=person).start == M1


def test_a_later_month_imported_first_is_extended_back(tmp_path, make_person):
    person = make_person()
    run(sheet(tmp_path, [row(person, M2)], "m2.xlsx"), "--commit")

    run(sheet(tmp_path, [row(person, M1)], "m1.xlsx"), "--commit")

    assert [(s.start, s.end) for s in Employment.objects.filter(person=person)] == [(M1, None)]


def test_the_province_alone_makes_work_out_of_the_province(tmp_path, make_person):
    person = make_person()

    run(sheet(tmp_path, [row(person, M2, "太原某物流公司", 5200, area="", province="山西省")]), "--commit")

    spell = Employment.objects.get(person=person)
    assert (spell.work_area, spell.destination_province_id) == ("out_of_province", region("14").code)


def test_bad_rows_are_named_and_nothing_is_written_unless_asked(tmp_path, make_person):
    good = make_person(name="王五")
    rows = [
        row(good, M2),
        [2, "赵六", "370406198506010099", M2.strftime("%Y-%m"), "务工", "某厂", "企业务工", "县内", "", 3000],
        [3, "错名", good.id_number, M1.strftime("%Y-%m"), "务工", "某厂", "企业务工", "县内", "", 3000],
        [4, good.name, good.id_number, "2026-13", "务工", "某厂", "企业务工", "县内", "", 3000],
        [5, good.name, good.id_number, M2.strftime("%Y-%m"), "务工", "", "企业务工", "县内", "", 3000],
    ]
    path = sheet(tmp_path, rows)

    code, data = run(path, "--commit")

    assert code == 1
    assert not Employment.objects.exists()
    messages = {e["row"]: e["message"] for e in data["errors"]}
    assert "身份证号" in messages[4] or "校验" in messages[4]
    assert "与台账不一致" in messages[5]
    assert "统计月份" in messages[6] or "日期" in messages[6]
    assert "务工单位" in messages[7]

    code, data = run(path, "--commit", "--skip-invalid")
    assert code == 0 and data["created"] == 1
    assert Employment.objects.filter(person=good).count() == 1


def test_working_and_not_working_in_one_month_is_a_contradiction(tmp_path, make_person):
    person = make_person()
    rows = [row(person, M2), row(person, M2, employer="", status="未务工", kind="", area="", income="")]

    code, data = run(sheet(tmp_path, rows), "--commit")

    assert code == 1
    assert "矛盾" in data["errors"][0]["message"]


def test_people_outside_the_users_scope_are_not_found(tmp_path, make_person, tengzhou_operator):
    person = make_person()

    code, data = run(sheet(tmp_path, [row(person, M2)]), "--commit", "--user", tengzhou_operator.username)

    assert code == 1
    assert "未找到" in data["errors"][0]["message"]
    assert not Employment.objects.exists()


def test_a_spell_an_instrument_owns_is_never_changed_by_the_import(tmp_path, make_person, make_spell):
    person = make_person()
    make_spell(person, M1, employer="东庄扶贫车间", source=Source.WORKSHOP, source_ref="workshops.worker:1")

    same = run(sheet(tmp_path, [row(person, M2, "东庄扶贫车间", 3000)], "same.xlsx"), "--commit")[1]
    other = run(sheet(tmp_path, [row(person, M2, "东庄扶贫车间", 2000)], "other.xlsx"), "--commit")[1]
    gone = run(
        sheet(
            tmp_path,
            [row(person, M2, employer="", status="未务工", kind="", area="", income="")],
            "gone.xlsx",
        ),
        "--commit",
    )[1]

    assert same["unchanged"] == 1
    assert "就业帮扶车间" in other["errors"][0]["message"]
    assert "就业帮扶车间" in gone["errors"][0]["message"]
    assert Employment.objects.get(person=person).monthly_income == Decimal("3000.00")


def test_rollups_stay_consistent_through_imports_edits_and_deletions(tmp_path, make_person, make_spell):
    people = [make_person() for _ in range(4)] + [make_person(first_village(TENGZHOU[:6]))]
    run(
        sheet(tmp_path, [row(p, M1, income=2500 + i * 100) for i, p in enumerate(people)], "m1.xlsx"),
        "--commit",
    )
    spell = Employment.objects.get(person=people[0])
    services.update_spell(None, spell, monthly_income=Decimal("2700"))
    services.delete_spell(None, Employment.objects.get(person=people[1]))
    make_spell(people[2], M2, employer="第二份工", income=800)
    rows = [
        row(people[0], M2, income=3100),
        row(people[3], M2, employer="", status="未务工", kind="", area="", income=""),
    ]
    run(sheet(tmp_path, rows, "m2.xlsx"), "--commit")
    run(sheet(tmp_path, [row(people[4], NOW, "滕州某机械厂", 3900, "县内")], "now.xlsx"), "--commit")

    report = checks.run()

    assert report.clean, report.samples


def test_the_upload_pages_preview_then_commit_the_monthly_report(
    client, tmp_path, settings, make_person, shanting_operator, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fangfan.imports.models import ImportBatch

    settings.MEDIA_ROOT = tmp_path
    person = make_person(name="周七")
    upload = SimpleUploadedFile("月报.xlsx", sheet(tmp_path, [row(person, M2)]).read_bytes())
    client.force_login(shanting_operator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/new/employment/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.status, batch.created) == ("employment", "validated", 1)
    assert not Employment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/commit/")

    batch.refresh_from_db()
    assert batch.status == "committed"
    assert MonthlyRecord.objects.filter(person=person, month=M2).exists()
    template = client.get("/imports/template/employment/")
    assert template.status_code == 200


def test_a_large_report_finds_its_people_and_spells_the_same_way(
    tmp_path, make_person, make_spell, monkeypatch
):
    from fangfan.employment import staging

    monkeypatch.setattr(staging, "JOIN_FROM", 1)  # PostgreSQL then joins a staged key table, as for 100k rows
    people = [make_person() for _ in range(3)]
    make_spell(people[0], M1, employer="山亭某服装厂", income=3000)

    code, data = run(sheet(tmp_path, [row(p, M2) for p in people]), "--commit")

    assert code == 0
    assert (data["created"], data["updated"], data["unchanged"]) == (2, 0, 1)
