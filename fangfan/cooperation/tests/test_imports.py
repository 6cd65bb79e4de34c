"""Importing the people of batches and brands: rows checked as the services check them,
spells created once however often a file is imported."""

import contextlib
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import first_village
from fangfan.audit.models import AuditEvent
from fangfan.cooperation import services
from fangfan.cooperation.models import BatchMember, BrandWorker
from fangfan.employment.models import Employment, Source
from fangfan.imports.models import ImportBatch

pytestmark = pytest.mark.django_db
HEADERS = ["批次编号", "姓名", "身份证号码", "到岗日期", "返回日期", "月工资（元）"]


def run(kind, path, user, capsys, commit=True):
    args = [f"import_{kind}", str(path), "--json", "--user", user.username]
    if commit:
        args.append("--commit")
    with contextlib.suppress(SystemExit):
        call_command(*args)
    return json.loads(capsys.readouterr().out)


def test_a_batch_imported_twice_creates_each_spell_once(
    shanting_operator, make_batch, make_person, write_xlsx, capsys
):
    batch = make_batch()
    people = [make_person(name=f"输出{i}") for i in range(3)]
    path = write_xlsx(HEADERS, [[batch.pk, p.name, p.id_number, "2024-03-05", "", 4600] for p in people])

    first = run("batch_members", path, shanting_operator, capsys)
    second = run("batch_members", path, shanting_operator, capsys)

    assert (first["created"], first["errors"]) == (3, [])
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 3)
    spells = Employment.objects.filter(source=Source.ORGANISED)
    assert spells.count() == 3
    assert {s.start for s in spells} == {dt.date(2024, 3, 5)}
    assert all(s.organised for s in spells)


def test_a_changed_row_updates_the_member_and_its_spell(
    shanting_operator, make_batch, make_person, write_xlsx, capsys
):
    batch = make_batch()
    person = make_person(name="回乡者")
    run(
        "batch_members",
        write_xlsx(HEADERS, [[batch.pk, "回乡者", person.id_number, "", "", ""]]),
        shanting_operator,
        capsys,
    )

    result = run(
        "batch_members",
        write_xlsx(HEADERS, [[batch.pk, "回乡者", person.id_number, "", "2024-07-31", ""]]),
        shanting_operator,
        capsys,
    )

    assert result["updated"] == 1
    member = BatchMember.objects.get(person=person)
    assert member.spell.end == dt.date(2024, 7, 31)
    assert AuditEvent.objects.filter(
        action="cooperation.batchmember.update", context__file__isnull=False
    ).exists()


def test_rows_that_break_the_rules_are_reported_and_nothing_is_written(
    shanting_operator, make_batch, make_person, write_xlsx, capsys
):
    batch = make_batch(return_on=dt.date(2024, 6, 30))
    later = make_batch(name="六月批次", departure=dt.date(2024, 6, 1))
    ok, twice, outsider = (
        make_person(name="正常"),
        make_person(name="两次"),
        make_person(first_village("370481")),
    )
    early = make_person(name="早到")
    rows = [
        [batch.pk, "正常", ok.id_number, "", "", ""],
        [batch.pk, "错名字", twice.id_number, "", "", ""],
        [batch.pk, outsider.name, outsider.id_number, "", "", ""],
        [999999, "正常", ok.id_number, "", "", ""],
        [batch.pk, "早到", early.id_number, "2024-02-01", "", ""],
        [batch.pk, "两次", twice.id_number, "", "", ""],
        [later.pk, "正常", ok.id_number, "", "", ""],
    ]

    result = run("batch_members", write_xlsx(HEADERS, rows), shanting_operator, capsys)

    messages = {(e["row"], e["column"]): e["message"] for e in result["errors"]}
    assert messages[(4, "姓名")] == "姓名“错名字”与台账不一致（台账为“两次”）"
    assert "不在您的管辖范围内" in messages[(5, "身份证号")]
    assert "找不到批次编号为“999999”的记录" in messages[(6, "批次编号")]
    assert "不能早于批次出发日期" in messages[(7, "到岗日期")]
    assert messages[(8, "身份证号")] == "与第4行重复（同一记录、同一人员）"
    assert "正常已在批次“2024年春季赴临汾输出”中" in messages[(9, "身份证号")]
    assert not BatchMember.objects.exists() and not Employment.objects.exists()


def test_skipping_invalid_rows_writes_the_good_ones(
    shanting_operator, make_batch, make_person, write_xlsx, capsys
):
    batch = make_batch()
    good = make_person(name="好")
    path = write_xlsx(
        HEADERS, [[batch.pk, "好", good.id_number, "", "", ""], [batch.pk, "坏", "123", "", "", ""]]
    )

    call_command(
        "import_batch_members",
        str(path),
        "--commit",
        "--skip-invalid",
        "--json",
        "--user",
        shanting_operator.username,
    )
    result = json.loads(capsys.readouterr().out)

    assert result["created"] == 1 and len(result["errors"]) == 1
    assert Employment.objects.filter(person=good).count() == 1


def test_the_web_upload_imports_batch_members(
    client, shanting_operator, make_batch, make_person, write_xlsx, django_capture_on_commit_callbacks
):
    batch = make_batch()
    person = make_person(name="网页导入")
    path = write_xlsx(HEADERS, [[batch.pk, "网页导入", person.id_number, "", "", ""]])
    client.force_login(shanting_operator)

    with path.open("rb") as upload, django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:upload", args=["batch_members"]), {"file": upload})
    upload_batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[upload_batch.pk]))

    upload_batch.refresh_from_db()
    assert upload_batch.status == "committed", upload_batch.errors
    assert Employment.objects.filter(person=person, source=Source.ORGANISED).count() == 1


def test_brand_workers_import_by_brand_name(shanting_operator, shanting, make_person, write_xlsx, capsys):
    brand = services.create_brand(
        shanting_operator,
        name="山亭家政",
        region=shanting,
        skill="家政",
        level="municipal",
        certified_on=dt.date(2023, 1, 1),
    )
    person = make_person(name="家政员")
    path = write_xlsx(
        ["品牌名称", "姓名", "身份证号", "务工单位", "开始日期"],
        [["山亭家政", "家政员", person.id_number, "某家政公司", "2024-01-01"]],
    )

    first = run("brand_workers", path, shanting_operator, capsys)
    second = run("brand_workers", path, shanting_operator, capsys)

    assert first["created"] == 1 and second["unchanged"] == 1
    assert BrandWorker.objects.get(brand=brand).employer == "某家政公司"


def test_a_brand_worker_row_without_a_start_is_an_error(
    shanting_operator, shanting, make_person, write_xlsx, capsys
):
    services.create_brand(
        shanting_operator, name="山亭家政", region=shanting, skill="家政", level="municipal"
    )
    person = make_person(name="家政员")
    path = write_xlsx(
        ["品牌", "姓名", "身份证号", "开始日期"], [["山亭家政", "家政员", person.id_number, ""]]
    )

    result = run("brand_workers", path, shanting_operator, capsys)

    assert result["errors"] == [{"row": 3, "column": "开始日期", "message": "请填写开始日期"}]
