import datetime as dt
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from conftest import make_id
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.relief import services
from fangfan.relief.models import Attendance, ReliefHire, ReliefWorker, WagePayment, WorkReliefProject

pytestmark = pytest.mark.django_db


def state():
    return (
        list(WorkReliefProject.objects.values_list("pk", "name").order_by("pk")),
        ReliefHire.objects.count(),
        ReliefWorker.objects.count(),
        list(WagePayment.objects.values_list("pk", "paid", "paid_on").order_by("pk")),
        Attendance.objects.count(),
        AuditEvent.objects.count(),
    )


def test_another_county_cannot_see_or_change_a_project(client, tengzhou_operator, closed_march):
    project = closed_march.project
    hire = project.hires.first()
    client.force_login(tengzhou_operator)
    before = state()

    assert project.name not in client.get("/relief/").content.decode()
    for url in (
        f"/relief/{project.pk}/",
        f"/relief/{project.pk}/sheets/2026-03/",
        f"/relief/{project.pk}/sheets/2026-03/publicity/",
        f"/relief/workers/{hire.worker_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/relief/{project.pk}/sheets/2026-03/", {"action": "pay_all", "on": "2026-04-30"}
        ).status_code
        == 404
    )
    assert client.post(f"/relief/{project.pk}/edit/", {"name": "x"}).status_code == 404
    assert client.post(f"/relief/hires/{hire.pk}/end/", {"on": "2026-04-30"}).status_code == 404
    assert (
        client.post(
            f"/relief/{project.pk}/hires/new/", {"name": "甲", "id_number": hire.worker.id_number}
        ).status_code
        == 404
    )

    assert state() == before


def test_an_operator_hires_a_labourer_records_daily_attendance_and_pays_after_publicity(
    client, shanting_operator, make_project, village
):
    project = make_project()
    client.force_login(shanting_operator)
    response = client.post(
        f"/relief/{project.pk}/hires/new/",
        {
            "name": "李四",
            "id_number": make_id(village.code, seq=77),
            "village": village.code,
            "bank_account": "6228480012345678",
            "start": "2026-03-01",
            "daily_wage": "150",
        },
    )
    assert response.status_code == 302
    hire = ReliefHire.objects.get()

    client.post(f"/relief/{project.pk}/sheets/", {"month": "2026-03"})
    url = f"/relief/{project.pk}/sheets/2026-03/"
    client.post(url, {"action": "attendance", f"present-{hire.pk}": "1", f"d-{hire.pk}": ["2", "3", "4"]})
    client.post(url, {"action": "close", "on": "2026-03-31"})
    client.post(url, {"action": "publicise", "on": "2026-04-01"})
    early = client.post(url, {"action": "pay_all", "on": "2026-04-02"}, follow=True)
    assert "公示期未满" in early.content.decode()
    client.post(url, {"action": "pay_all", "on": "2026-04-09"})

    payment = WagePayment.objects.get()
    assert (payment.days, payment.due, payment.paid, payment.paid_on) == (3, 450, 450, dt.date(2026, 4, 9))
    page = client.get(url).content.decode()
    assert "3天 × 150元 = 450元" in page and "考勤截止后9天发放" in page
    assert "************5678" in page and "6228480012345678" not in page


def test_the_publicity_list_prints_masked_ids(client, shanting_operator, closed_march):
    services.start_publicity(None, closed_march, dt.date(2026, 4, 1))
    client.force_login(shanting_operator)

    page = client.get(f"/relief/{closed_march.project_id}/sheets/2026-03/publicity/").content.decode()

    assert "劳务报酬发放公示" in page and "自2026年4月1日至2026年4月8日" in page
    worker = closed_march.payments.first().hire.worker
    assert worker.id_number not in page and worker.id_number[-4:] in page
    assert "合计（2人）" in page and "4,800.00" in page


def test_the_wage_ledger_export_masks_accounts_and_is_logged(client, shanting_operator, closed_march):
    WagePayment.objects.filter(sheet=closed_march).update(bank_account="6228480012345678")
    client.force_login(shanting_operator)

    response = client.get(f"/relief/{closed_march.project_id}/export/?what=wages")

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "月份" and rows[2][9] == "************5678"
    assert AccessLog.objects.filter(user=shanting_operator, detail__what="wages").exists()


def test_the_person_page_shows_relief_work(client, shanting_operator, make_project, make_person, hire_in):
    person = make_person(name="王强")
    project = make_project()
    hire_in(project, services.register_worker(None, name="王强", id_number=person.id_number))
    client.force_login(shanting_operator)

    page = client.get(f"/registry/people/{person.pk}/").content.decode()

    assert "以工代赈" in page and project.name in page


def test_the_project_page_flags_a_low_wage_share(client, shanting_operator, make_project):
    project = make_project(central_funds=Decimal(1_000_000), planned_wages=Decimal(100_000))
    client.force_login(shanting_operator)

    page = client.get(f"/relief/{project.pk}/").content.decode()
    listing = client.get("/relief/?below=1").content.decode()

    assert "= 10.0%，&lt;30%：低于要求" in page
    assert project.name in listing


def test_a_worker_s_account_is_changed_without_showing_the_old_one(client, shanting_operator, local_labourer):
    worker = local_labourer("甲", bank_account="6228480012345678", phone="13800001234")
    client.force_login(shanting_operator)

    page = client.get(f"/relief/workers/{worker.pk}/edit/").content.decode()
    assert "6228480012345678" not in page and "************5678" in page and "13800001234" not in page
    client.post(
        f"/relief/workers/{worker.pk}/edit/", {"bank_name": "农商银行", "bank_account": "6230 5200 0000 9999"}
    )

    worker.refresh_from_db()
    assert (worker.bank_name, worker.bank_account, worker.phone) == (
        "农商银行",
        "6230520000009999",
        "13800001234",
    )
    assert AuditEvent.objects.filter(action="relief.worker.update", object_id=str(worker.pk)).exists()
