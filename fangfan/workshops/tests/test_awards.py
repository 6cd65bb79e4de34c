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


def pay(worker, months, amount=Decimal(2000), year=2026):
    """Record the wages of the given months of the year, paid on the 25th of each month."""
    for month in months:
        services.record_wage(
            None,
            worker,
            month=dt.date(year, month, 1),
            amount=Decimal(amount),
            paid_on=dt.date(year, month, 25),
        )
    return worker


@pytest.fixture
def workshop(make_workshop, make_person, hire):
    """A certified workshop with five workers, each paid 2000 元 a month from January to June 2026."""
    workshop = make_workshop()
    for _ in range(5):
        pay(hire(workshop, make_person(), start=dt.date(2025, 6, 1)), range(1, 7))
    services.certify(None, workshop, dt.date(2025, 6, 1))
    return workshop


def test_workers_paid_six_months_and_six_thousand_yuan_earn_a_thousand_each(workshop, make_person, hire):
    # Given a worker paid 3000 元 in five months and one paid 400 元 in each of twelve
    pay(hire(workshop, make_person(name="五个月"), start=dt.date(2026, 1, 1)), range(1, 6), 3000)
    pay(hire(workshop, make_person(name="工资低"), start=dt.date(2026, 1, 1)), range(1, 12), 400)

    # When the year's award is computed
    award = services.compute_award(None, workshop, *YEAR)

    # Then only the five paid six months and 12000 元 earn it, and the explanation names everyone
    assert award.amount == Decimal(5000)
    assert "5 人满6个月且工资≥6000元 × 1000元 = 5000元：" in award.explanation
    assert "（发放6个月，实发12000元）" in award.explanation
    assert (
        "未达到奖补条件：五个月（发放5个月，实发15000元）、工资低（发放11个月，实发4400元）"
        in award.explanation
    )
    rows = {r["name"]: r for r in award.details["workers"]}
    assert rows["五个月"]["months"] == 5 and rows["五个月"]["award"] == "0"
    assert rows["工资低"]["wages"] == "4400.00" and rows["工资低"]["award"] == "0"


def test_a_job_from_31_january_to_1_june_at_1200_a_month_is_not_eligible(workshop, make_person, hire):
    # Given a job that touches six calendar months, paid for the days worked: 40 元 in January and
    # June, 1200 元 in each month between
    worker = hire(
        workshop,
        make_person(name="跨六个月"),
        start=dt.date(2026, 1, 31),
        end=dt.date(2026, 6, 1),
        monthly_wage=Decimal(1200),
    )
    pay(worker, [1, 6], 40)
    pay(worker, range(2, 6), 1200)

    # When the year's award is computed
    award = services.compute_award(None, workshop, *YEAR)

    # Then six months were paid but only 4880 元 in all: no award (an estimate of 6 × 1200 would pay)
    rows = {r["name"]: r for r in award.details["workers"]}
    assert rows["跨六个月"] == {
        "person": worker.person_id,
        "name": "跨六个月",
        "months": 6,
        "wages": "4880.00",
        "award": "0",
    }
    assert "跨六个月（发放6个月，实发4880元）" in award.explanation
    assert award.amount == Decimal(5000)


def test_months_on_the_job_without_wages_paid_do_not_count(workshop, make_person, hire):
    # Given a worker on the job all year at 3000 元 a month but paid only in five months
    pay(
        hire(workshop, make_person(name="欠发"), start=dt.date(2026, 1, 1), monthly_wage=Decimal(3000)),
        range(1, 6),
        3000,
    )

    # When the year's award is computed
    award = services.compute_award(None, workshop, *YEAR)

    # Then the months without wages paid do not count
    assert {r["name"]: r["award"] for r in award.details["workers"]}["欠发"] == "0"
    assert award.amount == Decimal(5000)


def test_a_worker_in_the_workshop_twice_is_one_worker(workshop, make_person, hire):
    person = make_person(name="两段")
    pay(hire(workshop, person, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)), range(1, 4), 1500)
    pay(hire(workshop, person, start=dt.date(2026, 9, 1)), range(9, 12), 1500)

    award = services.compute_award(None, workshop, *YEAR)

    rows = [r for r in award.details["workers"] if r["name"] == "两段"]
    assert len(rows) == 1 and rows[0]["months"] == 6 and rows[0]["wages"] == "9000.00"
    assert rows[0]["award"] == "1000" and award.amount == Decimal(6000)


def base_with(make_workshop, make_person, hire, qualifying):
    """A certified base of ten contracted workers, of whom ``qualifying`` were paid 2000 元 for six months."""
    base = make_workshop(kind="base")
    workers = [hire(base, make_person(), start=dt.date(2025, 6, 1), contract_months=12) for _ in range(10)]
    for worker in workers[:qualifying]:
        pay(worker, range(1, 7))
    services.certify(None, base, dt.date(2025, 6, 1))
    return base


def test_a_base_earns_the_tier_for_its_number_of_workers(make_workshop, make_person, hire):
    base = base_with(make_workshop, make_person, hire, 10)

    award = services.compute_award(None, base, *YEAR)

    assert "基地吸纳满6个月且工资≥6000元的脱贫人口10人（10人及以上档）：20000元" in award.explanation
    assert award.amount == Decimal(10 * 1000 + 20000)


def test_a_base_below_the_lowest_tier_gets_no_base_award(make_workshop, make_person, hire):
    # Given a base where nine of ten workers qualify (the lowest base tier is 10)
    base = base_with(make_workshop, make_person, hire, 9)

    # When the year's award is computed
    award = services.compute_award(None, base, *YEAR)

    # Then only the per-worker award is paid
    assert "基地吸纳人数未达到最低档（10人），不享受基地奖补" in award.explanation
    assert award.amount == Decimal(9 * 1000)


BASE_TIERS = [
    {"kind": AwardTierKind.PER_WORKER, "min_months": 6, "min_wages": Decimal(6000), "amount": Decimal(1000)},
    {"kind": AwardTierKind.BASE, "min_workers": 2, "amount": Decimal(2000)},
    {"kind": AwardTierKind.BASE, "min_workers": 4, "amount": Decimal(4000)},
    {"kind": AwardTierKind.BASE, "min_workers": 6, "amount": Decimal(6000)},
]


def test_a_base_gets_the_highest_base_tier_it_meets_and_only_that_one(make_workshop, make_person, hire):
    # Given a city's base tiers of 2, 4 and 6 workers, and a base with five qualifying workers
    services.set_tiers(None, region(ZAOZHUANG), BASE_TIERS)
    base = base_with(make_workshop, make_person, hire, 5)

    # When the year's award is computed
    award = services.compute_award(None, base, *YEAR)

    # Then the 4-worker tier applies, not the 2-worker one as well, nor the 6-worker one
    assert "的脱贫人口5人（4人及以上档）：4000元" in award.explanation
    assert "2人及以上档" not in award.explanation and "6人及以上档" not in award.explanation
    assert award.amount == Decimal(5 * 1000 + 4000)


def test_a_workshop_gets_no_base_tier(workshop):
    award = services.compute_award(None, workshop, *YEAR)

    assert "基地" not in award.explanation
    assert award.amount == Decimal(5000)


def test_a_worker_meeting_two_tiers_gets_the_higher_one_only(workshop, make_person, hire):
    # Given a city's tiers of 800 元 (6 months, 6000 元) and 1500 元 (12 months, 20000 元), and a
    # worker paid 2000 元 in each month of 2025 besides the five paid six months in 2026
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
    pay(hire(workshop, make_person(name="全年"), start=dt.date(2025, 1, 1)), range(1, 13), year=2025)

    # When the award of 2025 is computed
    award = services.compute_award(None, workshop, dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    # Then the worker paid all year gets 1500 元, not 1500 + 800; the others were not paid in 2025
    assert (
        "1 人满12个月且工资≥20000元 × 1500元 = 1500元：全年（发放12个月，实发24000元）" in award.explanation
    )
    assert "0 人满6个月且工资≥6000元 × 800元 = 0元" in award.explanation
    assert award.amount == Decimal(1500)


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
