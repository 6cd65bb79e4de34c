"""Organised outbound batches: every member is one organised employment spell."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import SHANTING, first_village, region
from fangfan.audit.models import AuditEvent
from fangfan.cooperation import services
from fangfan.cooperation.models import BatchMember, CooperationRule
from fangfan.employment.models import Employment, Source, WorkArea

pytestmark = pytest.mark.django_db


def test_adding_a_member_creates_one_organised_spell_out_of_province(
    shanting_operator, make_batch, make_person
):
    batch = make_batch()
    person = make_person()

    member = services.add_member(shanting_operator, batch, person=person)

    spells = Employment.objects.filter(person=person)
    assert spells.count() == 1
    spell = spells.get()
    assert member.spell == spell
    assert spell.source == Source.ORGANISED
    assert spell.source_ref == f"cooperation.batchmember:{member.pk}"
    assert spell.organised is True
    assert spell.work_area == WorkArea.OUT_OF_PROVINCE
    assert spell.destination_province.code == "140000000000"
    assert spell.destination_city.code == "141000000000"
    assert spell.start == dt.date(2024, 3, 1) and spell.end is None
    assert spell.monthly_income == Decimal("4500.00")
    assert spell.employer == "临汾某电子有限公司"


def test_a_member_whose_link_to_its_spell_was_lost_still_updates_its_own_spell(
    shanting_operator, make_batch, make_person
):
    # Given a member whose spell link was cleared (as SET_NULL does)
    member = services.add_member(shanting_operator, make_batch(), person=make_person())
    spell = member.spell
    BatchMember.objects.filter(pk=member.pk).update(spell=None)
    member.refresh_from_db()

    # When the member's wage changes
    services.update_member(shanting_operator, member, monthly_income=Decimal(5000))

    # Then the same spell is updated and linked again: no second spell
    assert Employment.objects.filter(person=member.person).count() == 1
    spell.refresh_from_db()
    assert spell.monthly_income == Decimal(5000)
    member.refresh_from_db()
    assert member.spell_id == spell.pk


def test_a_destination_in_the_home_province_is_in_province_work(shanting_operator, make_batch, make_person):
    batch = make_batch(destination=region("370100000000"))

    member = services.add_member(shanting_operator, batch, person=make_person())

    assert member.spell.work_area == WorkArea.IN_PROVINCE
    assert member.spell.destination_city.code == "370100000000"


def test_a_destination_inside_the_sending_county_is_refused(make_batch, shanting):
    with pytest.raises(ValidationError) as exc:
        make_batch(destination=shanting)

    assert "输出县" in str(exc.value)


def test_a_batch_needs_a_cooperative_or_a_broker(make_batch):
    with pytest.raises(ValidationError) as exc:
        make_batch(cooperative=None)

    assert "劳务合作社或劳务经纪人" in str(exc.value)


def test_a_cooperative_dissolved_before_departure_cannot_organise(shanting_operator, make_batch, cooperative):
    services.update_cooperative(shanting_operator, cooperative, dissolved_on=dt.date(2024, 2, 1))

    with pytest.raises(ValidationError) as exc:
        make_batch()

    assert "不在存续期内" in str(exc.value)


def test_a_cooperative_dissolved_after_departure_can_organise(shanting_operator, make_batch, cooperative):
    services.update_cooperative(shanting_operator, cooperative, dissolved_on=dt.date(2024, 12, 1))

    assert make_batch().cooperative == cooperative


def test_a_seasonal_batch_within_the_default_window_is_accepted(make_batch):
    batch = make_batch(seasonal=True, return_on=dt.date(2024, 8, 30))

    finding = services.seasonal_check({f: getattr(batch, f) for f in services.BATCH_FIELDS})
    assert finding.ok
    assert "共183天" in finding.text and "系统默认值的183天上限" in finding.text


def test_a_seasonal_batch_longer_than_the_window_is_refused(make_batch):
    with pytest.raises(ValidationError) as exc:
        make_batch(seasonal=True, return_on=dt.date(2024, 8, 31))

    assert "共184天，超过系统默认值的183天上限" in str(exc.value)


def test_a_province_can_lengthen_the_seasonal_window(make_batch):
    CooperationRule.objects.create(region=region("370000000000"), seasonal_max_days=200)

    batch = make_batch(seasonal=True, return_on=dt.date(2024, 8, 31))

    assert batch.seasonal


def test_a_seasonal_batch_must_name_its_return(make_batch):
    with pytest.raises(ValidationError) as exc:
        make_batch(seasonal=True)

    assert "须填写计划返回日期" in str(exc.value)


def test_seasonal_members_are_employed_until_the_planned_return(shanting_operator, make_batch, make_person):
    batch = make_batch(seasonal=True, return_on=dt.date(2024, 6, 30))

    member = services.add_member(shanting_operator, batch, person=make_person())

    assert member.spell.end == dt.date(2024, 6, 30)
    assert "季节性" in member.spell.notes


def test_changing_the_batch_updates_every_member_spell(shanting_operator, make_batch, make_person):
    batch = make_batch()
    members = [services.add_member(shanting_operator, batch, person=make_person()) for _ in range(2)]
    own_wage = services.add_member(
        shanting_operator, batch, person=make_person(), monthly_income=Decimal(5000)
    )

    services.update_batch(
        shanting_operator,
        batch,
        employer="新用工单位",
        monthly_wage=Decimal(4800),
        return_on=dt.date(2024, 12, 31),
    )

    for member in members:
        member.spell.refresh_from_db()
        assert (member.spell.employer, member.spell.monthly_income) == ("新用工单位", Decimal(4800))
        assert member.spell.end == dt.date(2024, 12, 31)
    own_wage.spell.refresh_from_db()
    assert own_wage.spell.monthly_income == Decimal(5000)
    assert Employment.objects.count() == 3


def test_moving_the_departure_after_a_members_start_is_refused_whole(
    shanting_operator, make_batch, make_person
):
    batch = make_batch()
    services.add_member(
        shanting_operator, batch, person=make_person(name="早到者"), start=dt.date(2024, 3, 1)
    )
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.update_batch(shanting_operator, batch, departure=dt.date(2024, 3, 10))

    assert "早到者" in str(exc.value)
    batch.refresh_from_db()
    assert batch.departure == dt.date(2024, 3, 1)
    assert AuditEvent.objects.count() == events


def test_a_member_cannot_start_before_the_departure(shanting_operator, make_batch, make_person):
    with pytest.raises(ValidationError) as exc:
        services.add_member(shanting_operator, make_batch(), person=make_person(), start=dt.date(2024, 2, 1))

    assert "不能早于批次出发日期" in str(exc.value)
    assert not Employment.objects.exists()


def test_a_person_cannot_be_in_two_overlapping_batches(shanting_operator, make_batch, make_person):
    person = make_person(name="王五")
    services.add_member(shanting_operator, make_batch(return_on=dt.date(2024, 6, 30)), person=person)
    second = make_batch(name="夏季批次", departure=dt.date(2024, 6, 1))

    with pytest.raises(ValidationError) as exc:
        services.add_member(shanting_operator, second, person=person)

    assert "王五已在批次“2024年春季赴临汾输出”中" in str(exc.value)
    assert Employment.objects.filter(person=person).count() == 1


def test_a_person_can_go_with_a_later_batch_after_returning(shanting_operator, make_batch, make_person):
    person = make_person()
    services.add_member(shanting_operator, make_batch(return_on=dt.date(2024, 6, 30)), person=person)

    services.add_member(
        shanting_operator, make_batch(name="秋季批次", departure=dt.date(2024, 9, 1)), person=person
    )

    assert Employment.objects.filter(person=person, organised=True).count() == 2


def test_a_person_who_left_the_ledger_cannot_be_sent(shanting_operator, make_batch, make_person):
    from fangfan.registry.services import mark_left

    person = make_person(name="已迁出")
    mark_left(shanting_operator, person, dt.date(2024, 1, 10), "moved")

    with pytest.raises(ValidationError) as exc:
        services.add_member(shanting_operator, make_batch(), person=person)

    assert "已迁出已于2024年1月10日迁出减少" in str(exc.value)


def test_a_member_coming_home_ends_their_spell(shanting_operator, make_batch, make_person):
    member = services.add_member(shanting_operator, make_batch(), person=make_person())

    services.update_member(shanting_operator, member, end=dt.date(2024, 5, 15))

    member.spell.refresh_from_db()
    assert member.spell.end == dt.date(2024, 5, 15)


def test_removing_a_member_deletes_their_spell_and_keeps_the_trail(
    shanting_operator, make_batch, make_person
):
    batch = make_batch()
    member = services.add_member(shanting_operator, batch, person=make_person())
    spell_id = member.spell_id

    services.remove_member(shanting_operator, member)

    assert not Employment.objects.filter(pk=spell_id).exists()
    assert AuditEvent.objects.filter(action="employment.spell.delete", object_id=str(spell_id)).exists()
    assert AuditEvent.objects.filter(
        action="cooperation.batchmember.delete", context__parent=f"cooperation.outboundbatch:{batch.pk}"
    ).exists()


def test_an_organised_spell_cannot_be_changed_outside_the_batch(shanting_operator, make_batch, make_person):
    from fangfan.employment import services as employment

    member = services.add_member(shanting_operator, make_batch(), person=make_person())

    with pytest.raises(ValidationError) as exc:
        employment.update_spell(shanting_operator, member.spell, employer="私自修改")

    assert "有组织劳务输出" in str(exc.value)


def test_a_member_from_another_county_is_refused_for_a_county_operator(
    shanting_operator, make_batch, make_person
):
    from django.core.exceptions import PermissionDenied

    outsider = make_person(first_village("370481"))

    with pytest.raises(PermissionDenied):
        services.add_member(shanting_operator, make_batch(), person=outsider)
    assert not Employment.objects.exists()


def test_a_village_worker_cannot_organise_batches(make_user, make_batch):
    from django.core.exceptions import PermissionDenied

    worker = make_user("village_worker", first_village(SHANTING[:6]).code)

    with pytest.raises(PermissionDenied):
        make_batch(actor=worker)


def test_a_broker_who_stopped_before_departure_cannot_organise(shanting_operator, make_batch):
    broker = services.create_broker(
        shanting_operator,
        name="停业经纪人",
        phone="13800000003",
        region=region(SHANTING),
        registered_on=dt.date(2022, 1, 1),
        ended_on=dt.date(2023, 12, 31),
    )

    with pytest.raises(ValidationError) as exc:
        make_batch(cooperative=None, broker=broker)

    assert "劳务经纪人“停业经纪人”在出发日期2024年3月1日不在登记有效期内" in str(exc.value)


def test_a_broker_alone_may_organise_a_batch(shanting_operator, make_batch):
    broker = services.create_broker(
        shanting_operator,
        name="经纪人",
        phone="13800000004",
        region=region(SHANTING),
        registered_on=dt.date(2022, 1, 1),
    )

    assert make_batch(cooperative=None, broker=broker).organiser == "经纪人"
