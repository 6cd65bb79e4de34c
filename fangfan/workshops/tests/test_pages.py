import datetime as dt
from decimal import Decimal

import pytest

from fangfan.workshops.models import AwardTier

pytestmark = pytest.mark.django_db


def test_every_workshop_page_opens_for_an_operator(client, shanting_operator, staffed):
    workshop, _ = staffed(2)
    worker = workshop.workers.first()
    client.force_login(shanting_operator)

    for url in (
        "/workshops/",
        "/workshops/?kind=workshop&track=support&category=factory&status=pending&q=车间",
        "/workshops/new/",
        f"/workshops/{workshop.pk}/",
        f"/workshops/{workshop.pk}/?workers=all",
        f"/workshops/{workshop.pk}/edit/",
        f"/workshops/{workshop.pk}/workers/new/",
        f"/workshops/workers/{worker.pk}/edit/",
        "/workshops/export/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/workshops/tiers/").status_code == 403


def test_an_operator_evaluates_the_month_from_the_list(client, shanting_operator, staffed):
    workshop, _ = staffed(5, start=dt.date(2025, 1, 1))
    workshop.__class__.objects.filter(pk=workshop.pk).update(certified_on=dt.date(2025, 1, 1))
    client.force_login(shanting_operator)

    response = client.post("/workshops/evaluate/", {"month": "2026-10"}, follow=True)

    assert "已完成2026年10月评估，共1个" in response.content.decode()
    assert workshop.evaluations.get().month == dt.date(2026, 10, 1)


def test_a_city_sets_its_award_tiers_on_the_page(client, make_user):
    city = make_user("city", "370400000000")
    client.force_login(city)
    assert "满6个月且工资≥6000元：每人1000元" in client.get("/workshops/tiers/").content.decode()

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    data |= {
        "form-0-kind": "per_worker",
        "form-0-min_workers": "0",
        "form-0-min_months": "6",
        "form-0-min_wages": "5000",
        "form-0-amount": "1200",
    }
    response = client.post("/workshops/tiers/?region=370400000000", data)

    assert response.status_code == 302
    assert [str(t) for t in AwardTier.objects.filter(region_id="370400000000")] == [
        "满6个月且工资≥5000元：每人1200元"
    ]
    assert AwardTier.objects.get().amount == Decimal(1200)


def test_the_upload_pages_and_templates_of_the_instrument_imports_open(client, shanting_operator):
    client.force_login(shanting_operator)

    for kind in ("workshop_workers", "relief_hires", "post_appointments", "post_payments"):
        assert client.get(f"/imports/new/{kind}/").status_code == 200, kind
        assert client.get(f"/imports/template/{kind}/").status_code == 200, kind
