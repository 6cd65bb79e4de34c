"""Alliances, brands, bases, cooperatives and brokers: their rules, firing and not firing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import SHANTING, first_township, make_id, region
from fangfan.audit.models import AuditEvent
from fangfan.cooperation import services
from fangfan.cooperation.kit.records import clean_credit_code, credit_code_check
from fangfan.cooperation.models import AllianceLevel, AllianceMember, LabourAlliance

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(make_user):
    city = make_user("city", "370400000000")
    return services.create_alliance(
        city,
        name="鲁晋劳务协作联盟",
        level=AllianceLevel.INTER_PROVINCE,
        region=region("370400000000"),
        lead_organisation="枣庄市人力资源和社会保障局",
        formed_on=dt.date(2023, 12, 1),
    ), city


def test_the_lead_region_is_a_member_of_its_alliance(alliance):
    created, _ = alliance

    lead = AllianceMember.objects.get(alliance=created)
    assert lead.is_lead and lead.region_id == "370400000000"
    assert lead.organisation == "枣庄市人力资源和社会保障局"


def test_an_inter_province_alliance_with_one_province_is_flagged(alliance):
    created, _ = alliance

    finding = services.level_check(created)

    assert not finding.ok
    assert "省际联盟应有至少两个省的成员单位，目前只有1个（山东省）" in finding.text


def test_an_inter_province_alliance_with_two_provinces_passes(alliance):
    created, city = alliance
    services.add_alliance_member(city, created, region=region("141000000000"), organisation="临汾市人社局")

    finding = services.level_check(created)

    assert finding.ok
    assert "成员分布在2个省（山西省、山东省）" in finding.text


def test_an_inter_county_alliance_counts_counties_not_provinces(make_user):
    city = make_user("city", "370400000000")
    created = services.create_alliance(
        city,
        name="枣庄县际联盟",
        level=AllianceLevel.INTER_COUNTY,
        region=region("370400000000"),
        lead_organisation="枣庄市人社局",
        formed_on=dt.date(2024, 1, 1),
    )
    assert not services.level_check(created).ok

    services.add_alliance_member(city, created, region=region(SHANTING), organisation="山亭区人社局")
    services.add_alliance_member(city, created, region=region("370481000000"), organisation="滕州市人社局")

    assert services.level_check(created).ok


def test_a_member_region_cannot_join_twice(alliance):
    created, city = alliance
    services.add_alliance_member(city, created, region=region("141000000000"), organisation="临汾市人社局")

    with pytest.raises(ValidationError) as exc:
        services.add_alliance_member(city, created, region=region("141000000000"), organisation="又一次")

    assert "已是联盟成员" in str(exc.value)


def test_the_lead_member_cannot_be_removed(alliance):
    created, city = alliance

    with pytest.raises(ValidationError):
        services.remove_alliance_member(city, created.members.get(is_lead=True))
    assert created.members.count() == 1


def test_changing_the_lead_region_moves_the_lead_member(alliance):
    created, city = alliance

    services.update_alliance(city, created, region=region(SHANTING), lead_organisation="山亭区人社局")

    lead = created.members.get(is_lead=True)
    assert (lead.region_id, lead.organisation) == (region(SHANTING).code, "山亭区人社局")


def test_an_alliance_is_visible_to_its_member_counties_but_not_to_others(
    alliance, shanting_operator, tengzhou_operator
):
    created, city = alliance
    services.add_alliance_member(city, created, region=region(SHANTING), organisation="山亭区人社局")

    assert LabourAlliance.objects.visible_to(shanting_operator).filter(pk=created.pk).exists()
    assert not LabourAlliance.objects.visible_to(tengzhou_operator).filter(pk=created.pk).exists()


def test_an_alliance_cannot_be_dissolved_before_it_was_formed(alliance):
    created, city = alliance

    with pytest.raises(ValidationError) as exc:
        services.update_alliance(city, created, dissolved_on=dt.date(2023, 1, 1))

    assert "解散日期不能早于成立日期" in str(exc.value)


def test_a_brand_revoked_without_certification_is_refused(shanting_operator, shanting):
    with pytest.raises(ValidationError) as exc:
        services.create_brand(
            shanting_operator,
            name="山亭月嫂",
            region=shanting,
            skill="家政服务",
            level="municipal",
            revoked_on=dt.date(2024, 1, 1),
        )
    assert "尚未认定" in str(exc.value)


def test_a_brand_must_belong_to_a_city_or_county(shanting_operator):
    with pytest.raises(ValidationError) as exc:
        services.create_brand(
            shanting_operator,
            name="某品牌",
            region=first_township(SHANTING[:6]),
            skill="焊工",
            level="municipal",
        )
    assert "请选到市、县一级" in str(exc.value)


def test_a_credit_code_with_a_wrong_check_character_is_refused(shanting_operator):
    first17 = "91370406MA3C12345"
    good = first17 + credit_code_check(first17)
    bad = first17 + ("0" if good[-1] != "0" else "1")

    assert clean_credit_code(good.lower()) == good
    with pytest.raises(ValidationError) as exc:
        services.create_cooperative(
            shanting_operator,
            name="合作社",
            region=first_township(SHANTING[:6]),
            leader="张三",
            credit_code=bad,
            registered_on=dt.date(2023, 1, 1),
        )
    assert "校验位不正确" in str(exc.value)


def test_a_broker_with_an_invalid_id_number_is_refused(shanting_operator):
    valid = make_id(SHANTING)
    wrong = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    with pytest.raises(ValidationError) as exc:
        services.create_broker(
            shanting_operator,
            name="经纪人",
            id_number=wrong,
            phone="13800000000",
            region=first_township(SHANTING[:6]),
            registered_on=dt.date(2023, 1, 1),
        )
    assert "id_number" in exc.value.message_dict


def test_a_broker_phone_is_normalised_and_the_change_audited(shanting_operator):
    broker = services.create_broker(
        shanting_operator,
        name="经纪人",
        phone="138 0000 0000",
        region=first_township(SHANTING[:6]),
        registered_on=dt.date(2023, 1, 1),
    )

    assert broker.phone == "13800000000"
    event = AuditEvent.objects.get(action="cooperation.labourbroker.create")
    assert event.region_id == broker.region_id


def test_a_base_exited_before_certification_is_refused(shanting_operator, shanting):
    with pytest.raises(ValidationError) as exc:
        services.create_base(
            shanting_operator,
            name="基地",
            region=shanting,
            operator="运营单位",
            level="provincial",
            certified_on=dt.date(2024, 5, 1),
            exited_on=dt.date(2024, 4, 1),
        )
    assert "退出日期不能早于认定日期" in str(exc.value)


def test_an_update_with_no_change_writes_no_audit_event(shanting_operator, cooperative):
    events = AuditEvent.objects.count()

    services.update_cooperative(shanting_operator, cooperative, name=cooperative.name)

    assert AuditEvent.objects.count() == events
