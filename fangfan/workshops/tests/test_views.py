import datetime as dt
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from conftest import region
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.employment.models import Employment
from fangfan.workshops import services
from fangfan.workshops.creditcode import check_char
from fangfan.workshops.models import Workshop, WorkshopRule, WorkshopWorker

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Workshop.objects.values_list("pk", "name", "certified_on").order_by("pk")),
        WorkshopWorker.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_operator_lists_and_opens_the_workshops_of_their_county(client, shanting_operator, staffed):
    workshop, people = staffed(2)
    client.force_login(shanting_operator)

    listing = client.get("/workshops/")
    detail = client.get(f"/workshops/{workshop.pk}/")

    assert listing.status_code == 200 and workshop.name in listing.content.decode()
    assert detail.status_code == 200
    page = detail.content.decode()
    assert people[0].name in page and "不达标" in page
    assert "workshops.workshop" not in page


def test_another_county_cannot_see_or_change_a_workshop(client, tengzhou_operator, staffed):
    workshop, people = staffed(2)
    worker = workshop.workers.first()
    client.force_login(tengzhou_operator)
    before = state()

    assert workshop.name not in client.get("/workshops/").content.decode()
    assert client.get(f"/workshops/{workshop.pk}/").status_code == 404
    assert client.post(f"/workshops/{workshop.pk}/edit/", {"name": "改名"}).status_code == 404
    assert client.post(f"/workshops/{workshop.pk}/certify/", {"on": "2026-01-01"}).status_code == 404
    assert client.post(f"/workshops/workers/{worker.pk}/end/", {"on": "2026-01-01"}).status_code == 404
    assert (
        client.post(f"/workshops/{workshop.pk}/workers/new/", {"person": people[0].id_number}).status_code
        == 404
    )

    assert state() == before


def test_a_village_worker_cannot_certify(client, make_user, staffed):
    workshop, _ = staffed(5)
    village_worker = make_user("village_worker", workshop.village_id)
    client.force_login(village_worker)
    before = state()

    response = client.post(f"/workshops/{workshop.pk}/certify/", {"on": "2026-01-01"})

    assert response.status_code == 403
    assert state() == before


def test_an_operator_registers_a_workshop_and_adds_a_worker_by_id_number(
    client, shanting_operator, shanting_village, make_person
):
    person = make_person()
    client.force_login(shanting_operator)

    response = client.post(
        "/workshops/new/",
        {
            "name": "山亭区手工编织车间",
            "kind": "workshop",
            "category": "home",
            "operator": "山亭区巧手编织专业合作社",
            "credit_code": "91370406MA3C5X7B4K",
            "village": shanting_village.code,
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码校验位不正确" in response.content.decode()

    code = "91370406MA3C5X7B4" + check_char("91370406MA3C5X7B4")
    response = client.post(
        "/workshops/new/",
        {
            "name": "山亭区手工编织车间",
            "kind": "workshop",
            "category": "home",
            "operator": "山亭区巧手编织专业合作社",
            "credit_code": code,
            "village": shanting_village.code,
        },
    )
    workshop = Workshop.objects.get(name="山亭区手工编织车间")
    assert response.status_code == 302

    response = client.post(
        f"/workshops/{workshop.pk}/workers/new/",
        {
            "person": person.id_number,
            "start": "2026-03-01",
            "monthly_wage": "1800",
            "insured": "on",
            "insurance_premium": "20",
        },
    )
    assert response.status_code == 302
    assert Employment.objects.filter(person=person, source="workshop").count() == 1


def test_adding_a_worker_not_in_the_registry_is_refused_in_words(client, shanting_operator, make_workshop):
    workshop = make_workshop()
    client.force_login(shanting_operator)

    response = client.post(
        f"/workshops/{workshop.pk}/workers/new/",
        {"person": "370406198506010037", "start": "2026-03-01", "monthly_wage": "1800"},
    )

    assert response.status_code == 200
    assert "未在您管辖范围内的脱贫人口台账中登记" in response.content.decode()
    assert not WorkshopWorker.objects.exists()


def test_the_export_masks_id_numbers_and_is_logged(client, shanting_operator, staffed):
    _, people = staffed(2)
    client.force_login(shanting_operator)

    response = client.get("/workshops/export/?what=workers")

    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["车间", "统一社会信用代码", "姓名"]
    assert {r[2] for r in rows[2:]} == {p.name for p in people}
    assert all("*" in r[3] for r in rows[2:])
    assert (
        AccessLog.objects.filter(user=shanting_operator, object_type="workshops.workshopworker").count() == 1
    )


def test_the_person_page_shows_the_workshop_job(client, shanting_operator, staffed):
    workshop, people = staffed(1)
    client.force_login(shanting_operator)

    page = client.get(f"/registry/people/{people[0].pk}/").content.decode()

    assert "帮扶车间" in page and workshop.name in page


def test_the_county_reviewer_approves_an_award_on_the_page(client, make_user, staffed):
    workshop, _ = staffed(5, start=dt.date(2025, 1, 1))
    Workshop.objects.filter(pk=workshop.pk).update(certified_on=dt.date(2025, 1, 1))
    for worker in workshop.workers.all():
        for month in range(1, 7):
            services.record_wage(
                None,
                worker,
                month=dt.date(2026, month, 1),
                amount=Decimal(1500),
                paid_on=dt.date(2026, month, 28),
            )
    operator = make_user("county_operator", workshop.village_id[:6] + "000000")
    reviewer = make_user("county_reviewer", workshop.village_id[:6] + "000000")

    client.force_login(operator)
    client.post(
        f"/workshops/{workshop.pk}/awards/", {"period_start": "2026-01-01", "period_end": "2026-12-31"}
    )
    award = workshop.awards.get()
    client.force_login(reviewer)
    client.post(f"/workshops/{workshop.pk}/awards/{award.pk}/review/", {"decision": "approve"})

    award.refresh_from_db()
    assert award.status == "approved"
    page = client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert "5 人满6个月且工资≥6000元 × 1000元 = 5000元" in page and "县级已审核" in page


def test_a_province_admin_edits_the_rule_and_the_change_is_audited(client, make_user):
    province = make_user("province", "370000000000")
    county = make_user("county_operator", "370406000000")
    client.force_login(county)
    assert client.get("/quality/rules/workshops.workshoprule/?region=370000000000").status_code == 404

    client.force_login(province)
    response = client.post(
        "/quality/rules/workshops.workshoprule/?region=370000000000",
        {
            "min_poverty_workers": 6,
            "base_min_workers": 10,
            "base_contract_months": 12,
            "min_insurance_premium": "15",
            "adjust_after_months": 3,
            "new_months": 12,
        },
    )

    assert response.status_code == 302
    assert WorkshopRule.objects.for_region(region("370406000000")).min_poverty_workers == 6
    event = AuditEvent.objects.get(action="quality.rule.create")
    assert event.actor == province and event.after["min_poverty_workers"] == 6
    page = client.get("/quality/rules/?region=370406000000").content.decode()
    assert "山东省设置" in page


def test_the_list_figures_follow_the_period_picked(client, shanting_operator, staffed):
    # Given a workshop certified in 2025 whose five workers all left at the end of March 2026
    workshop, _ = staffed(5, start=dt.date(2025, 1, 1), end=dt.date(2026, 3, 31))
    Workshop.objects.filter(pk=workshop.pk).update(certified_on=dt.date(2025, 1, 1))
    client.force_login(shanting_operator)

    # When the list is opened for the first and for the second quarter of 2026
    first = client.get("/workshops/?region=370406000000&year=2026&quarter=1")
    second = client.get("/workshops/?region=370406000000&year=2026&quarter=2").content.decode()

    # Then the figures and their drill-down links cover the quarter asked for
    assert first.context["period"].label == "2026年第1季度"
    assert "first=2026-01-01&amp;last=2026-03-31" in first.content.decode()
    assert "2026年第2季度" in second and "first=2026-04-01&amp;last=2026-06-30" in second
