import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import ZAOZHUANG, region
from fangfan.audit.models import AuditEvent
from fangfan.workshops import services
from fangfan.workshops.models import AwardStatus, AwardTierKind

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def workshop(make_workshop, make_person, hire):
    workshop = make_workshop()
    for _ in range(5):
        hire(workshop, make_person(), start=dt.date(2025, 6, 1))
    services.certify(None, workshop, dt.date(2025, 6, 1))
    return workshop


def test_workers_of_six_months_with_six_thousand_yuan_earn_a_thousand_each(workshop, make_person, hire):
    hire(workshop, make_person(name="五个月"), start=dt.date(2026, 8, 1), monthly_wage=Decimal(3000))
    hire(workshop, make_person(name="工资低"), start=dt.date(2026, 1, 1), monthly_wage=Decimal(400))

    award = services.compute_award(None, workshop, *YEAR)

    assert award.amount == Decimal(5000)
    assert "5 人满6个月且工资≥6000元 × 1000元 = 5000元" in award.explanation
    rows = {r["name"]: r for r in award.details["workers"]}
    assert rows["五个月"]["months"] == 5 and rows["五个月"]["award"] == "0"
    assert rows["工资低"]["wages"] == "4800.00" and rows["工资低"]["award"] == "0"


def test_a_worker_in_the_workshop_twice_is_one_worker(workshop, make_person, hire):
    person = make_person(name="两段")
    hire(workshop, person, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), monthly_wage=Decimal(1500))
    hire(workshop, person, start=dt.date(2026, 9, 1), monthly_wage=Decimal(1500))

    award = services.compute_award(None, workshop, *YEAR)

    rows = [r for r in award.details["workers"] if r["name"] == "两段"]
    assert len(rows) == 1 and rows[0]["months"] == 7 and rows[0]["award"] == "1000"
    assert award.amount == Decimal(6000)


def test_a_base_earns_the_tier_for_its_number_of_workers(make_workshop, make_person, hire):
    base = make_workshop(kind="base")
    for _ in range(12):
        hire(base, make_person(), start=dt.date(2025, 6, 1), contract_months=12)
    services.certify(None, base, dt.date(2025, 6, 1))

    award = services.compute_award(None, base, *YEAR)

    assert "基地吸纳满6个月且工资≥6000元的脱贫人口12人（10人及以上档）：20000元" in award.explanation
    assert award.amount == Decimal(12 * 1000 + 20000)


def test_a_workshop_gets_no_base_tier(workshop):
    award = services.compute_award(None, workshop, *YEAR)

    assert "基地" not in award.explanation
    assert award.amount == Decimal(5000)


def test_a_city_sets_its_own_tiers(workshop):
    services.set_tiers(
        None,
        region(ZAOZHUANG),
        [
            {
                "kind": AwardTierKind.PER_WORKER,
                "min_months": 6,
                "min_wages": Decimal(6000),
                "amount": Decimal(800),
            },
            {
                "kind": AwardTierKind.PER_WORKER,
                "min_months": 12,
                "min_wages": Decimal(20000),
                "amount": Decimal(1500),
            },
        ],
    )

    award = services.compute_award(None, workshop, *YEAR)

    assert "5 人满12个月且工资≥20000元 × 1500元 = 7500元" in award.explanation
    assert "0 人满6个月且工资≥6000元 × 800元 = 0元" in award.explanation
    assert award.amount == Decimal(7500)


def test_the_county_approves_an_award_and_it_cannot_be_recomputed(workshop, make_user):
    reviewer = make_user("county_reviewer", "370406000000")
    award = services.compute_award(None, workshop, *YEAR)

    services.review_award(reviewer, award, approve=True)

    assert award.status == AwardStatus.APPROVED and award.reviewed_by == reviewer
    with pytest.raises(ValidationError):
        services.compute_award(None, workshop, *YEAR)
    assert AuditEvent.objects.filter(action="workshops.award.approve", object_id=str(award.pk)).exists()


def test_a_returned_award_needs_a_reason_and_can_be_recomputed(workshop, make_user):
    reviewer = make_user("county_reviewer", "370406000000")
    award = services.compute_award(None, workshop, *YEAR)

    with pytest.raises(ValidationError):
        services.review_award(reviewer, award, approve=False, note=" ")
    services.review_award(reviewer, award, approve=False, note="工资发放凭证不全")
    recomputed = services.compute_award(None, workshop, *YEAR)

    assert recomputed.pk == award.pk and recomputed.status == AwardStatus.COMPUTED
    assert recomputed.review_note == ""


def test_an_operator_cannot_approve(workshop, shanting_operator):
    award = services.compute_award(None, workshop, *YEAR)

    with pytest.raises(Exception) as caught:
        services.review_award(shanting_operator, award, approve=True)

    assert caught.type.__name__ == "PermissionDenied"
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPUTED
