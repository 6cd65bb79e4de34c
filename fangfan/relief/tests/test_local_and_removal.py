"""以工代赈 hires local rural labour only, looks the registry up within the user's scope, and a hire
entered by mistake can be removed with its spell."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import LINFEN, TENGZHOU, ZAOZHUANG, first_village, make_id, region
from fangfan.audit.models import AuditEvent
from fangfan.core import xlsx
from fangfan.employment.models import Employment
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.quality import rulebook
from fangfan.relief import services
from fangfan.relief.importing import HireSpec
from fangfan.relief.models import ReliefHire, ReliefRule, ReliefWorker

pytestmark = pytest.mark.django_db
HIRE = {"start": dt.date(2026, 3, 1), "daily_wage": Decimal(150)}


def labourer(county, seq, name="外来人员"):
    return {"name": name, "id_number": make_id(county, seq=seq), "village": first_village(county[:6])}


def state():
    return ReliefWorker.objects.count(), ReliefHire.objects.count(), Employment.objects.count()


def test_a_labourer_from_another_county_is_refused_and_nothing_is_written(make_project):
    # Given a 山亭 project
    project = make_project()

    # When a 滕州 labourer is hired
    with pytest.raises(ValidationError) as caught:
        services.hire_labourer(None, project, labourer(TENGZHOU, 5, "滕州村民"), **HIRE)

    # Then the hire is refused naming the project's county, and not even the worker is kept
    assert caught.value.message_dict["id_number"] == [
        "滕州村民户籍不在项目所在县（市、区）（山亭区），不属于当地农村劳动力，不能登记为以工代赈用工"
    ]
    assert state() == (0, 0, 0)


def test_a_city_that_counts_its_whole_area_as_local_accepts_another_county_but_not_another_province(
    make_project,
):
    # Given 枣庄 sets the local area to the city
    rulebook.set_rule(None, ReliefRule, region(ZAOZHUANG), local_scope="city")
    project = make_project()

    # When a 滕州 and a 临汾 labourer are hired
    hired = services.hire_labourer(None, project, labourer(TENGZHOU, 6, "滕州村民"), **HIRE)
    with pytest.raises(ValidationError) as caught:
        services.hire_labourer(None, project, labourer(LINFEN[:4] + "02", 7, "临汾村民"), **HIRE)

    # Then 滕州 is local to the city, 临汾 is not
    assert hired.worker.name == "滕州村民"
    assert "户籍不在项目所在市（枣庄市）" in caught.value.messages[0]


def test_the_registry_is_looked_up_only_within_the_users_scope(shanting_operator, make_project, make_person):
    # Given a 滕州 registry person, and a 山亭 operator who enters their ID under another name
    stranger = make_person(first_village(TENGZHOU[:6]), name="滕州甲")
    project = make_project()

    # When the operator registers the labourer in a 山亭 village
    worker = services.register_worker(
        shanting_operator, name="山亭乙", id_number=stranger.id_number, village=project.village
    )

    # Then the person outside the scope is neither named nor linked: the worker is an ordinary labourer
    assert (worker.name, worker.person_id, worker.village_id) == ("山亭乙", None, project.village_id)


def test_a_worker_registered_by_another_area_is_not_named(shanting_operator, tengzhou_operator, make_project):
    # Given a worker registered by 滕州
    other = services.register_worker(
        tengzhou_operator, **labourer(TENGZHOU, 8, "滕州丙") | {"bank_account": "6228480012345678"}
    )
    events = AuditEvent.objects.count()

    # When 山亭 enters the same ID under another name, then under the same name with a new account
    with pytest.raises(ValidationError) as caught:
        services.register_worker(shanting_operator, name="别名", id_number=other.id_number)
    found = services.register_worker(
        shanting_operator, name="滕州丙", id_number=other.id_number, bank_account="6228480099999999"
    )

    # Then the name is not shown, and the other area's record is not changed
    assert caught.value.message_dict["name"] == ["姓名与该身份证号已登记的姓名不一致，请核对"]
    other.refresh_from_db()
    assert found.pk == other.pk and other.bank_account == "6228480012345678"
    assert AuditEvent.objects.count() == events


def test_an_import_row_of_a_labourer_from_elsewhere_is_an_error(tmp_path, make_user, make_project):
    # Given a city administrator's roster of a 山亭 project naming a 滕州 labourer
    clerk = make_user("admin", ZAOZHUANG)
    project = make_project(name="某某村灌溉渠以工代赈项目")
    other = make_id(TENGZHOU, seq=11)
    path = tmp_path / "hires.xlsx"
    headers = ["项目名称", "姓名", "身份证号码", "村级区划代码", "进场时间", "日工资（元）"]
    row = [project.name, "滕州丁", other, first_village(TENGZHOU[:6]).code, "2026-04-01", 150]
    path.write_bytes(xlsx.table(headers, [row], title="用工花名册"))

    # When it is imported
    outcome = engine.run(HireSpec(clerk), read_table(path), commit=True)

    # Then the row is refused as not local, and nothing is written

    assert [(e.column, e.message) for e in outcome.errors] == [
        (
            "身份证号",
            "滕州丁户籍不在项目所在县（市、区）（山亭区），不属于当地农村劳动力，不能登记为以工代赈用工",
        )
    ]
    assert state() == (0, 0, 0)


def test_a_hire_entered_by_mistake_is_removed_with_its_spell(
    client, shanting_operator, make_project, make_person
):
    # Given a registry person hired, with their spell
    project = make_project()
    person = make_person(name="误录")
    item = services.hire_labourer(None, project, {"name": "误录", "id_number": person.id_number}, **HIRE)
    assert Employment.objects.filter(person=person).count() == 1
    client.force_login(shanting_operator)

    # When the hire is removed from the project page
    response = client.post(f"/relief/hires/{item.pk}/remove/")

    # Then the hire and the spell are gone, both audited, the worker stays
    assert response.status_code == 302
    assert not ReliefHire.objects.exists() and not Employment.objects.exists()
    assert ReliefWorker.objects.filter(pk=item.worker_id).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"relief.hire.delete", "employment.spell.delete"} <= actions


def test_a_hire_with_attendance_cannot_be_removed(closed_march):
    item = closed_march.project.hires.first()

    with pytest.raises(ValidationError) as caught:
        services.remove_hire(None, item)

    assert "已有考勤或劳务报酬记录，不能删除" in caught.value.messages[0]
    assert ReliefHire.objects.filter(pk=item.pk).exists()


def test_another_county_cannot_remove_a_hire(
    client, tengzhou_operator, make_project, local_labourer, hire_in
):
    item = hire_in(make_project(), local_labourer())
    events = AuditEvent.objects.count()
    client.force_login(tengzhou_operator)

    assert client.post(f"/relief/hires/{item.pk}/remove/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.remove_hire(tengzhou_operator, item)
    assert ReliefHire.objects.filter(pk=item.pk).exists() and AuditEvent.objects.count() == events


def test_a_workers_page_shows_their_history(client, shanting_operator, make_project, local_labourer, hire_in):
    # Given a worker registered, hired and given a new bank account
    worker = local_labourer("村民戊")
    hire_in(make_project(), worker)
    services.update_worker(None, worker, phone="", bank_name="农商银行", bank_account="6228480012345678")
    client.force_login(shanting_operator)

    # When their page is opened
    page = client.get(f"/relief/workers/{worker.pk}/")

    # Then its trail holds the registration, the hire and the account change
    actions = [e.action for e, _, _ in page.context["events"]]
    assert sorted(actions) == ["relief.hire.create", "relief.worker.create", "relief.worker.update"]
