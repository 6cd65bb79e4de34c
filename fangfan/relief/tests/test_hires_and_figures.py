import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import SHANTING, TENGZHOU, first_village, make_id, region
from fangfan.core import figures
from fangfan.employment.models import Employment, EmploymentKind, Source
from fangfan.relief import services
from fangfan.relief.models import ReliefWorker

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def test_a_local_labourer_outside_the_registry_is_kept_by_name_without_a_spell(
    make_project, local_labourer, hire_in
):
    project = make_project()

    hire = hire_in(project, local_labourer("村民甲"))

    assert hire.worker.person is None and not hire.worker.is_poverty
    assert hire.spell is None and not Employment.objects.exists()


def test_a_registry_person_is_marked_and_their_hire_is_one_spell(make_project, make_person, hire_in):
    project = make_project()
    person = make_person(name="王强")
    worker = services.register_worker(None, name="王强", id_number=person.id_number)

    hire = hire_in(project, worker, daily_wage=Decimal(160))
    services.update_hire(None, hire, job="钢筋工")
    services.end_hire(None, hire, dt.date(2026, 6, 30))

    assert worker.person == person and worker.village == person.village
    spell = Employment.objects.get(person=person)
    assert (spell.source, spell.kind, spell.source_ref) == (
        Source.WORK_RELIEF,
        EmploymentKind.WORK_RELIEF,
        f"relief.reliefhire:{hire.pk}",
    )
    assert spell.end == dt.date(2026, 6, 30) and spell.monthly_income == Decimal(160 * 22)


def test_the_spell_income_becomes_the_average_wage_once_months_are_settled(
    make_project, make_person, hire_in
):
    project = make_project()
    person = make_person(name="王强")
    hire = hire_in(project, services.register_worker(None, name="王强", id_number=person.id_number))
    for month, days in ((3, 20), (4, 10)):
        sheet = services.sheet_for(None, project, dt.date(2026, month, 1))
        services.record_attendance(None, sheet, hire, day_list=list(range(1, days + 1)))
        services.close_attendance(None, sheet, dt.date(2026, month, 28 if month == 2 else 30 + (month == 3)))

    spell = Employment.objects.get(person=person)
    assert spell.monthly_income == Decimal(150 * 15) and "已结算2个月" in spell.notes


def test_a_name_that_differs_from_the_registry_is_refused(make_person):
    person = make_person(name="王强")

    with pytest.raises(ValidationError) as caught:
        services.register_worker(None, name="王墙", id_number=person.id_number)

    assert "姓名与脱贫人口台账不一致（台账为“王强”）" in caught.value.messages[0]


def test_a_bad_id_number_is_refused(village):
    with pytest.raises(ValidationError) as caught:
        services.register_worker(None, name="张三", id_number="370406198506010030", village=village)

    assert "校验位不正确" in caught.value.messages[0]


def test_one_person_is_one_worker_across_projects_and_hired_once_per_project(
    make_project, local_labourer, hire_in
):
    one, two = make_project(), make_project()
    worker = local_labourer("甲")
    hire_in(one, worker)
    again = services.register_worker(
        None, name="甲", id_number=worker.id_number, bank_account="6228 4800 1234 5678"
    )
    hire_in(two, again)

    assert again.pk == worker.pk and ReliefWorker.objects.count() == 1
    again.refresh_from_db()
    assert again.bank_account == "6228480012345678"
    with pytest.raises(ValidationError):
        hire_in(one, worker)


def test_a_person_registered_after_being_hired_is_linked_and_gets_their_spell_once(
    make_project, local_labourer, hire_in, make_person, village
):
    worker = local_labourer("后登记")
    hire = hire_in(make_project(), worker)
    person = make_person(village, name="后登记", id_number=worker.id_number)

    services.link_registry(None, worker)
    services.link_registry(None, worker)

    worker.refresh_from_db()
    assert worker.person == person
    assert Employment.objects.filter(person=person, source_ref=f"relief.reliefhire:{hire.pk}").count() == 1


def test_the_relief_figures_count_named_people_once(make_project, local_labourer, hire_in, make_person):
    shanting = region(SHANTING)
    one, two = make_project(), make_project()
    person = make_person(name="脱贫户王强")
    poor = services.register_worker(None, name="脱贫户王强", id_number=person.id_number)
    hire_in(one, poor)
    hire_in(two, poor)
    hire_in(one, local_labourer("村民甲"))
    hire_in(one, local_labourer("去年的"), start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31))
    elsewhere = make_project(village=first_village(TENGZHOU[:6]))
    hire_in(
        elsewhere,
        services.register_worker(
            None, name="滕州村民", id_number=make_id(TENGZHOU, seq=9), village=elsewhere.village
        ),
    )

    local = figures.get("relief.local_workers").queryset(shanting, FIRST, LAST)
    poverty = figures.get("relief.poverty_workers").queryset(shanting, FIRST, LAST)

    assert sorted(w.name for w in local) == ["村民甲", "脱贫户王强"]
    assert list(poverty) == [person]
    assert figures.get("relief.local_workers").value(region("370400000000"), FIRST, LAST) == 3


def test_the_arrears_figure_lists_unpaid_wages_past_the_deadline(closed_march):
    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    paid = closed_march.payments.get(hire__worker__name="乙")
    services.pay(None, paid, paid.due, dt.date(2026, 4, 10))
    figure = figures.get("relief.wage_arrears")

    assert figure.value(region(SHANTING), FIRST, dt.date(2026, 4, 30)) == 0
    assert [p.hire.worker.name for p in figure.queryset(region(SHANTING), FIRST, dt.date(2026, 5, 31))] == [
        "甲"
    ]


def test_the_local_workers_list_shows_who_worked_where_and_when(
    client, shanting_operator, read_xlsx, make_project, local_labourer, hire_in
):
    # Given a labourer on two projects of 山亭 in 2026
    worker = local_labourer("村民己")
    hire_in(make_project(name="甲村道路"), worker, start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30))
    hire_in(make_project(name="乙村水渠"), worker, start=dt.date(2026, 6, 1))
    client.force_login(shanting_operator)
    url = figures.get("relief.local_workers").url(region(SHANTING), FIRST, LAST)

    # When the figure's list is opened and exported
    page = client.get(url).content.decode()
    sheet = read_xlsx(client.get(url + "&format=xlsx").content)

    # Then one row names the labourer with a masked ID, the village, both projects and their dates
    assert worker.id_number not in page and worker.id_number[:6] in page
    assert "甲村道路、乙村水渠" in page and "2026年3月1日至2026年4月30日；2026年6月1日至今" in page
    header = next(r for r in sheet if "身份证号" in r)
    line = sheet[sheet.index(header) + 1]
    assert line[header.index("姓名")] == "村民己" and "*" in line[header.index("身份证号")]
    assert line[header.index("项目")] == "甲村道路、乙村水渠"
