import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import ZAOZHUANG, region
from fangfan.quality import rulebook
from fangfan.workshops import services
from fangfan.workshops.models import Track, WorkshopEvaluation, WorkshopKind, WorkshopRule

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 15)


def test_a_workshop_with_five_insured_poverty_workers_is_certified(staffed):
    workshop, _ = staffed(5)

    services.certify(None, workshop, JAN)

    workshop.refresh_from_db()
    assert workshop.certified_on == JAN


def test_a_workshop_with_four_poverty_workers_is_not_certified_and_is_told_why(staffed):
    workshop, _ = staffed(4)

    with pytest.raises(ValidationError) as caught:
        services.certify(None, workshop, JAN)

    assert "4人，<车间认定标准5人：不达标" in caught.value.messages[0]
    workshop.refresh_from_db()
    assert workshop.certified_on is None


def test_a_worker_insured_below_fifteen_yuan_a_month_does_not_count(staffed, make_person, hire):
    workshop, _ = staffed(4)
    hire(workshop, make_person(), insurance_premium=Decimal("14.50"))

    with pytest.raises(ValidationError) as caught:
        services.certify(None, workshop, JAN)

    assert (
        "在岗脱贫人口（含监测对象）5人，其中参加意外伤害保险且保费≥15元/人/月的4人"
        in caught.value.messages[0]
    )


def test_an_uninsured_worker_does_not_count(staffed, make_person, hire):
    workshop, _ = staffed(4)
    hire(workshop, make_person(), insured=False)

    with pytest.raises(ValidationError):
        services.certify(None, workshop, JAN)


def test_a_worker_who_left_before_the_day_does_not_count(staffed, make_person, hire):
    workshop, _ = staffed(4)
    hire(workshop, make_person(), end=dt.date(2026, 1, 10))

    with pytest.raises(ValidationError):
        services.certify(None, workshop, JAN)


def test_a_city_can_lower_the_certification_threshold(staffed):
    rulebook.set_rule(None, WorkshopRule, region(ZAOZHUANG), min_poverty_workers=3)
    workshop, _ = staffed(3)

    services.certify(None, workshop, JAN)

    assert workshop.certified_on == JAN


def test_a_base_needs_ten_insured_workers_on_contracts_of_a_year(staffed, make_person, hire):
    workshop, _ = staffed(9, contract_months=12)
    hire(workshop, make_person(), contract_months=6)
    services.certify(None, workshop, JAN)

    with pytest.raises(ValidationError) as caught:
        services.upgrade(None, workshop, JAN)
    assert "签订12个月及以上劳动合同并参保的脱贫人口9人，<基地认定标准10人" in caught.value.messages[0]

    hire(workshop, make_person(), contract_months=24)
    services.upgrade(None, workshop, JAN)
    workshop.refresh_from_db()
    assert workshop.kind == WorkshopKind.BASE and workshop.upgraded_on == JAN


def certified(staffed, n, on=dt.date(2025, 1, 1), **fields):
    workshop, people = staffed(n, start=on, **fields)
    services.certify(None, workshop, on)
    return workshop, people


def test_three_months_below_standard_puts_a_workshop_on_the_adjust_track(staffed, make_person, hire):
    workshop, people = certified(staffed, 5)
    services.end_worker(None, workshop.workers.get(person=people[0]), dt.date(2025, 12, 31))

    results = {
        m: services.evaluate_month(None, workshop.__class__.objects.filter(pk=workshop.pk), 2026, m)[0]
        for m in (1, 2, 3)
    }

    assert results[1].track == Track.SUPPORT and "已连续1个月" in results[1].explanation
    assert results[2].track == Track.SUPPORT
    assert results[3].track == Track.ADJUST
    assert "已连续3个月未达到认定标准" in results[3].explanation
    workshop.refresh_from_db()
    assert workshop.track == Track.ADJUST


def test_a_workshop_back_to_standard_leaves_the_adjust_track(staffed, make_person, hire):
    # Given a workshop below standard from January to March 2026, put on 调整一批 in March
    workshop, people = certified(staffed, 5)
    qs = workshop.__class__.objects.filter(pk=workshop.pk)
    services.end_worker(None, workshop.workers.get(person=people[0]), dt.date(2025, 12, 31))
    for month in (1, 2, 3):
        services.evaluate_month(None, qs, 2026, month)
    workshop.refresh_from_db()
    assert workshop.track == Track.ADJUST

    # When a fifth insured worker joins in April and April is evaluated
    hire(workshop, make_person(), start=dt.date(2026, 4, 20))
    result = services.evaluate_month(None, qs, 2026, 4)[0]

    # Then it meets the standard again and leaves 调整 for 扶持, and its history keeps both
    assert result.meets_standard and result.track == Track.SUPPORT
    workshop.refresh_from_db()
    assert workshop.track == Track.SUPPORT
    assert list(workshop.evaluations.values_list("track", flat=True)[:2]) == [Track.SUPPORT, Track.ADJUST]


def test_a_workshop_meeting_the_base_standard_is_an_upgrade_candidate(staffed):
    workshop, _ = certified(staffed, 10, contract_months=12)

    result = services.evaluate_month(None, workshop.__class__.objects.filter(pk=workshop.pk), 2026, 1)[0]

    assert result.track == Track.UPGRADE
    assert "可认定为就业帮扶基地 → 升级一批" in result.explanation


def test_a_newly_certified_workshop_meeting_the_standard_is_on_the_new_track(staffed):
    workshop, _ = certified(staffed, 5, on=dt.date(2025, 11, 1))

    result = services.evaluate_month(None, workshop.__class__.objects.filter(pk=workshop.pk), 2026, 1)[0]

    assert result.track == Track.NEW
    assert "认定第3个月" in result.explanation


def test_evaluations_keep_their_history_and_a_rerun_does_not_duplicate(staffed):
    workshop, _ = certified(staffed, 5)
    qs = workshop.__class__.objects.filter(pk=workshop.pk)

    services.evaluate_month(None, qs, 2026, 1)
    services.evaluate_month(None, qs, 2026, 2)
    services.evaluate_month(None, qs, 2026, 2)
    services.evaluate_month(None, qs, 2025, 12)

    assert list(WorkshopEvaluation.objects.filter(workshop=workshop).values_list("month", flat=True)) == [
        dt.date(2026, 2, 1),
        dt.date(2026, 1, 1),
        dt.date(2025, 12, 1),
    ]


def test_an_uncertified_or_exited_workshop_is_not_evaluated(staffed):
    pending, _ = staffed(5)
    gone, _ = certified(staffed, 5)
    services.exit_workshop(None, gone, dt.date(2025, 6, 30), "经营困难")

    results = services.evaluate_month(
        None, pending.__class__.objects.filter(pk__in=[pending.pk, gone.pk]), 2026, 1
    )

    assert results == []
