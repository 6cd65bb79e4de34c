import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from fangfan.core import xlsx
from fangfan.employment.models import Employment
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.workshops.importing import WorkerSpec
from fangfan.workshops.models import WorkshopWorker

pytestmark = pytest.mark.django_db
HEADERS = [
    "序号",
    "车间名称",
    "姓名",
    "身份证号码",
    "工种",
    "入职时间",
    "月工资（元）",
    "合同期限（月）",
    "是否参加意外伤害保险",
    "保费",
]


def sheet(tmp_path, rows, name="workers.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx.table(HEADERS, rows, title="就业帮扶车间务工人员花名册"))
    return read_table(path)


def test_a_roster_imports_workers_with_their_spells_once(
    tmp_path, shanting_operator, make_workshop, make_person
):
    workshop = make_workshop(name="山亭区服装加工车间")
    a, b = make_person(name="王芳"), make_person(name="李强")
    rows = [
        [1, workshop.name, a.name, a.id_number, "缝纫工", "2026-03-01", 2200, 12, "是", 20],
        [2, workshop.name, b.name, b.id_number, "质检", "2026年4月1日", "1,980", "", "否", ""],
    ]

    first = engine.run(WorkerSpec(shanting_operator), sheet(tmp_path, rows), commit=True)
    again = engine.run(WorkerSpec(shanting_operator), sheet(tmp_path, rows), commit=True)

    assert first.errors == [] and first.counts.created == 2
    assert again.counts.unchanged == 2 and again.counts.created == 0
    assert WorkshopWorker.objects.count() == 2
    assert Employment.objects.filter(source="workshop").count() == 2
    worker = WorkshopWorker.objects.get(person=b)
    assert worker.start == dt.date(2026, 4, 1) and worker.monthly_wage == Decimal(1980) and not worker.insured


def test_a_changed_wage_updates_the_job_and_its_spell(
    tmp_path, shanting_operator, make_workshop, make_person
):
    workshop = make_workshop(name="山亭区服装加工车间")
    a = make_person(name="王芳")
    row = [1, workshop.name, a.name, a.id_number, "缝纫工", "2026-03-01", 2200, 12, "是", 20]
    engine.run(WorkerSpec(shanting_operator), sheet(tmp_path, [row]), commit=True)

    row[6] = 2500
    outcome = engine.run(WorkerSpec(shanting_operator), sheet(tmp_path, [row]), commit=True)

    assert outcome.counts.updated == 1
    assert Employment.objects.get(person=a).monthly_income == Decimal(2500)


def test_bad_rows_are_named_and_nothing_is_written(tmp_path, shanting_operator, make_workshop, make_person):
    workshop = make_workshop(name="山亭区服装加工车间")
    a = make_person(name="王芳")
    rows = [
        [1, workshop.name, "王芬", a.id_number, "", "2026-03-01", 2200, "", "否", ""],
        [2, "不存在的车间", a.name, a.id_number, "", "2026-03-01", 2200, "", "否", ""],
        [3, workshop.name, "赵六", "370406198506010037", "", "2026-03-01", 2200, "", "是", ""],
    ]

    outcome = engine.run(WorkerSpec(shanting_operator), sheet(tmp_path, rows), commit=True)

    messages = {(e.row, e.column): e.message for e in outcome.errors}
    assert messages[(3, "姓名")] == "姓名“王芬”与台账不一致（台账为“王芳”）"
    assert "“不存在的车间”未找到该车间" in messages[(4, "车间名称")]
    assert messages[(5, "保费（元/月）")] == "参加意外伤害保险的，请填写每月保费"
    assert not outcome.committed and not WorkshopWorker.objects.exists()


def test_a_workshop_of_another_county_is_not_found(tmp_path, tengzhou_operator, make_workshop, make_person):
    workshop = make_workshop(name="山亭区服装加工车间")
    a = make_person(name="王芳")

    outcome = engine.run(
        WorkerSpec(tengzhou_operator),
        sheet(tmp_path, [[1, workshop.name, a.name, a.id_number, "", "2026-03-01", 2200, "", "否", ""]]),
        commit=True,
    )

    assert outcome.errors and not WorkshopWorker.objects.exists()


def test_the_import_command_writes_a_roster_as_a_user(
    tmp_path, shanting_operator, make_workshop, make_person
):
    workshop = make_workshop(name="山亭区服装加工车间")
    a = make_person(name="王芳")
    path = tmp_path / "roster.xlsx"
    path.write_bytes(
        xlsx.table(HEADERS, [[1, workshop.name, a.name, a.id_number, "", "2026-03-01", 2200, "", "否", ""]])
    )

    call_command("import_workshop_workers", str(path), "--commit", "--user", shanting_operator.username)

    assert WorkshopWorker.objects.get().person == a
