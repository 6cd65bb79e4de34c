"""工资发放: the wage ledger of a workshop, entered on its page or imported, audited through services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from fangfan.audit.models import AuditEvent
from fangfan.core import xlsx
from fangfan.employment.models import Employment
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.workshops import services
from fangfan.workshops.importing import WageSpec
from fangfan.workshops.models import WorkshopWage, WorkshopWorker

pytestmark = pytest.mark.django_db
HEADERS = ["序号", "车间名称", "姓名", "身份证号码", "工资月份", "实发金额", "发放日期"]


@pytest.fixture
def worker(make_workshop, make_person, hire):
    return hire(
        make_workshop(name="山亭区服装加工车间"),
        make_person(name="王芳"),
        start=dt.date(2026, 2, 10),
        end=dt.date(2026, 8, 31),
    )


def test_a_month_paid_is_recorded_once_and_corrected_in_place(worker):
    # Given March recorded at 2000 元
    first = services.record_wage(
        None, worker, month=dt.date(2026, 3, 15), amount=Decimal(2000), paid_on=dt.date(2026, 4, 10)
    )

    # When March is entered again, once the same and once corrected
    services.record_wage(
        None, worker, month=dt.date(2026, 3, 1), amount=Decimal(2000), paid_on=dt.date(2026, 4, 10)
    )
    services.record_wage(
        None, worker, month=dt.date(2026, 3, 1), amount=Decimal(2100), paid_on=dt.date(2026, 4, 12)
    )

    # Then one line holds the corrected values, and the trail of the workshop shows a create and an update
    line = WorkshopWage.objects.get()
    assert (line.pk, line.month, line.amount, line.paid_on) == (
        first.pk,
        dt.date(2026, 3, 1),
        Decimal(2100),
        dt.date(2026, 4, 12),
    )
    actions = list(
        AuditEvent.objects.filter(context__workshop=worker.workshop_id, object_type="workshops.workshopwage")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["workshops.wage.create", "workshops.wage.update"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"month": dt.date(2026, 1, 1)}, "month", "王芳2026年01月不在岗"),
        ({"month": dt.date(2026, 9, 1), "paid_on": dt.date(2026, 10, 1)}, "month", "不在岗"),
        ({"amount": Decimal(0)}, "amount", "实发工资应大于0"),
        ({"paid_on": dt.date(2026, 2, 28)}, "paid_on", "发放日期不能早于工资月份"),
        ({"paid_on": dt.date(2099, 1, 1)}, "paid_on", "发放日期不能晚于今天"),
    ],
)
def test_a_wage_outside_the_job_or_not_paid_is_refused(worker, data, field, message):
    # Given a job from 10 February to 31 August 2026; When a wrong line is entered
    values = {"month": dt.date(2026, 3, 1), "amount": Decimal(2000), "paid_on": dt.date(2026, 4, 10)} | data
    with pytest.raises(ValidationError) as caught:
        services.record_wage(None, worker, **values)

    # Then it is refused on the field, and nothing is written
    assert message in caught.value.message_dict[field][0]
    assert not WorkshopWage.objects.exists()


def test_another_county_cannot_record_or_remove_a_wage(worker, tengzhou_operator):
    line = services.record_wage(
        None, worker, month=dt.date(2026, 3, 1), amount=Decimal(2000), paid_on=dt.date(2026, 4, 10)
    )
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.record_wage(
            tengzhou_operator,
            worker,
            month=dt.date(2026, 4, 1),
            amount=Decimal(1),
            paid_on=dt.date(2026, 5, 1),
        )
    with pytest.raises(PermissionDenied):
        services.remove_wage(tengzhou_operator, line)

    assert list(WorkshopWage.objects.values_list("month", flat=True)) == [dt.date(2026, 3, 1)]
    assert AuditEvent.objects.count() == events


def test_wages_are_entered_and_removed_on_the_workshop_page(client, shanting_operator, worker):
    client.force_login(shanting_operator)

    detail = client.get(f"/workshops/{worker.workshop_id}/?workers=all").content.decode()
    saved = client.post(
        f"/workshops/workers/{worker.pk}/wages/",
        {"month": "2026-03", "amount": "2200", "paid_on": "2026-04-10"},
    )
    refused = client.post(
        f"/workshops/workers/{worker.pk}/wages/",
        {"month": "2026-01", "amount": "2200", "paid_on": "2026-02-10"},
    )
    page = client.get(f"/workshops/workers/{worker.pk}/wages/").content.decode()
    line = WorkshopWage.objects.get()
    removed = client.post(f"/workshops/wages/{line.pk}/remove/")

    assert f"/workshops/workers/{worker.pk}/wages/" in detail
    assert saved.status_code == 302
    assert "2026年01月不在岗" in refused.content.decode()
    assert 'id="wages-total">2,200.00<' in page and "2026年3月" in page
    assert removed.status_code == 302 and not WorkshopWage.objects.exists()


def test_a_viewer_outside_the_county_cannot_open_or_post_wages(client, tengzhou_operator, worker):
    client.force_login(tengzhou_operator)

    opened = client.get(f"/workshops/workers/{worker.pk}/wages/")
    posted = client.post(
        f"/workshops/workers/{worker.pk}/wages/",
        {"month": "2026-03", "amount": "2200", "paid_on": "2026-04-10"},
    )

    assert opened.status_code == posted.status_code == 404
    assert not WorkshopWage.objects.exists()


def sheet(tmp_path, rows):
    path = tmp_path / "wages.xlsx"
    path.write_bytes(xlsx.table(HEADERS, rows, title="就业帮扶车间工资发放表"))
    return path


def test_a_wage_sheet_imports_once_and_names_its_bad_rows(tmp_path, shanting_operator, worker, make_person):
    stranger = make_person(name="李强")
    rows = [
        [1, "山亭区服装加工车间", "王芳", worker.person.id_number, "2026-03", 2200, "2026-04-10"],
        [2, "山亭区服装加工车间", "王芳", worker.person.id_number, "2026年4月", "2,150", "2026-05-10"],
        [3, "山亭区服装加工车间", "王芳", worker.person.id_number, "2026-01", 2200, "2026-02-10"],
        [4, "山亭区服装加工车间", "李强", stranger.id_number, "2026-03", 2200, "2026-04-10"],
        [5, "山亭区服装加工车间", "王芳", worker.person.id_number, "2026-05", 0, "2026-06-10"],
    ]
    path = sheet(tmp_path, rows)

    first = engine.run(WageSpec(shanting_operator), read_table(path), commit=True, skip_invalid=True)
    again = engine.run(WageSpec(shanting_operator), read_table(path), commit=True, skip_invalid=True)

    assert first.counts.created == 2 and again.counts.unchanged == 2 and again.counts.created == 0
    errors = {(e.row, e.column): e.message for e in first.errors}
    assert "王芳2026年01月不在“山亭区服装加工车间”务工" in errors[(5, "工资月份")]
    assert "李强2026年03月不在“山亭区服装加工车间”务工" in errors[(6, "工资月份")]
    assert errors[(7, "实发工资")] == "实发工资应大于0"
    assert sorted(WorkshopWage.objects.values_list("amount", flat=True)) == [Decimal(2150), Decimal(2200)]


def test_the_wage_import_command_writes_through_the_services(tmp_path, worker, capsys):
    path = sheet(
        tmp_path, [[1, "山亭区服装加工车间", "王芳", worker.person.id_number, "2026-03", 2200, "2026-04-10"]]
    )

    call_command("import_workshop_wages", str(path), "--commit")

    assert WorkshopWage.objects.get().amount == Decimal(2200)
    assert AuditEvent.objects.filter(action="workshops.wage.create").count() == 1


def test_a_job_entered_by_mistake_is_removed_with_its_spell_unless_wages_were_paid(
    client, shanting_operator, tengzhou_operator, worker, make_person, hire
):
    # Given a job with wages paid, and one without
    services.record_wage(
        None, worker, month=dt.date(2026, 3, 1), amount=Decimal(2000), paid_on=dt.date(2026, 4, 10)
    )
    mistake = hire(worker.workshop, make_person(name="误录"), start=dt.date(2026, 3, 1))
    events = AuditEvent.objects.count()

    # When another county tries, then the operator removes both
    client.force_login(tengzhou_operator)
    foreign = client.post(f"/workshops/workers/{mistake.pk}/remove/")
    unchanged = AuditEvent.objects.count() == events
    client.force_login(shanting_operator)
    client.post(f"/workshops/workers/{mistake.pk}/remove/")
    with pytest.raises(ValidationError) as caught:
        services.remove_worker(None, worker)

    # Then only the job without wages goes, with its spell, audited
    assert foreign.status_code == 404 and unchanged
    assert not WorkshopWorker.objects.filter(pk=mistake.pk).exists()
    assert not Employment.objects.filter(person=mistake.person).exists()
    assert (
        AuditEvent.objects.filter(
            action="workshops.worker.delete", context__workshop=worker.workshop_id
        ).count()
        == 1
    )
    assert "已有工资发放记录，不能删除" in caught.value.messages[0]
    assert WorkshopWorker.objects.filter(pk=worker.pk).exists()
