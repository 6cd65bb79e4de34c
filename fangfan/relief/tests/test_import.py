import datetime as dt

import pytest

from conftest import make_id
from fangfan.core import xlsx
from fangfan.employment.models import Employment
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.relief.importing import HireSpec
from fangfan.relief.models import ReliefHire, ReliefWorker

pytestmark = pytest.mark.django_db
HEADERS = [
    "序号",
    "项目名称",
    "姓名",
    "身份证号码",
    "村级区划代码",
    "银行卡号",
    "工种",
    "进场时间",
    "日工资（元）",
]


def sheet(tmp_path, rows):
    path = tmp_path / "hires.xlsx"
    path.write_bytes(xlsx.table(HEADERS, rows, title="以工代赈项目用工花名册"))
    return read_table(path)


def test_a_roster_names_every_labourer_and_links_registry_people(
    tmp_path, shanting_operator, make_project, make_person, village
):
    project = make_project(name="某某村灌溉渠以工代赈项目")
    person = make_person(name="王强")
    other = make_id(village.code, seq=301)
    rows = [
        [1, project.name, "王强", person.id_number, "", "", "普工", "2026-04-01", 150],
        [2, project.name, "村民乙", other, village.code, "6228480012345678", "普工", "2026-04-01", "150"],
    ]

    first = engine.run(HireSpec(shanting_operator), sheet(tmp_path, rows), commit=True)
    again = engine.run(HireSpec(shanting_operator), sheet(tmp_path, rows), commit=True)

    assert first.errors == [] and first.counts.created == 2 and again.counts.unchanged == 2
    assert ReliefHire.objects.count() == 2 and ReliefWorker.objects.count() == 2
    assert ReliefWorker.objects.get(name="王强").person == person
    assert ReliefWorker.objects.get(name="村民乙").bank_account == "6228480012345678"
    assert Employment.objects.filter(person=person, source="work_relief").count() == 1
    assert ReliefHire.objects.get(worker__name="村民乙").start == dt.date(2026, 4, 1)


def test_a_labourer_outside_the_registry_needs_a_village(tmp_path, shanting_operator, make_project, village):
    project = make_project(name="某某村灌溉渠以工代赈项目")

    outcome = engine.run(
        HireSpec(shanting_operator),
        sheet(
            tmp_path,
            [[1, project.name, "村民乙", make_id(village.code, seq=302), "", "", "", "2026-04-01", 150]],
        ),
        commit=True,
    )

    assert [(e.row, e.column) for e in outcome.errors] == [(3, "村")]
    assert not ReliefHire.objects.exists()


def test_a_project_of_another_county_is_not_found(tmp_path, tengzhou_operator, make_project, village):
    project = make_project(name="某某村灌溉渠以工代赈项目")

    outcome = engine.run(
        HireSpec(tengzhou_operator),
        sheet(
            tmp_path,
            [[1, project.name, "村民乙", make_id(village.code, seq=303), "", "", "", "2026-04-01", 150]],
        ),
        commit=True,
    )

    assert "未找到该项目" in outcome.errors[0].message and not ReliefHire.objects.exists()
