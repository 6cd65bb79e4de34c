"""The pages of labour cooperation, through the client: lists, detail, forms, exports, rules, scope."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import SHANTING, first_township, first_village
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.cooperation import services
from fangfan.cooperation.models import BatchMember, CooperationRule, LabourCooperative, OutboundBatch
from fangfan.employment.models import Employment

pytestmark = pytest.mark.django_db


def test_the_overview_shows_the_figures_of_the_users_county(client, shanting_operator, cooperative):
    client.force_login(shanting_operator)

    page = client.get(reverse("cooperation:home") + "?year=2024")

    assert page.status_code == 200
    items = {i["key"]: i["value"] for i in page.context["items"]}
    assert items["cooperation.cooperatives"] == 1
    assert items["cooperation.alliances"] == 0


def test_every_register_lists_and_opens_a_blank_form(client, shanting_operator, cooperative):
    client.force_login(shanting_operator)

    for key in ("alliance", "brand", "base", "cooperative", "broker", "batch"):
        assert client.get(reverse(f"cooperation:{key}_list")).status_code == 200
        assert client.get(reverse(f"cooperation:{key}_create")).status_code == 200
    listing = client.get(reverse("cooperation:cooperative_list"))
    assert cooperative.name in listing.content.decode()


def test_creating_a_cooperative_through_the_form_is_audited(client, shanting_operator):
    client.force_login(shanting_operator)
    town = first_township(SHANTING[:6])

    response = client.post(
        reverse("cooperation:cooperative_create"),
        {
            "name": "新合作社",
            "region": town.code,
            "leader": "赵六",
            "registered_on": "2024-02-01",
            "phone": "",
        },
    )

    created = LabourCooperative.objects.get(name="新合作社")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert AuditEvent.objects.filter(
        action="cooperation.labourcooperative.create", object_id=str(created.pk)
    ).exists()


def test_a_form_error_is_shown_in_chinese_and_nothing_is_written(client, shanting_operator):
    client.force_login(shanting_operator)

    response = client.post(
        reverse("cooperation:cooperative_create"),
        {
            "name": "坏合作社",
            "region": first_township(SHANTING[:6]).code,
            "leader": "赵六",
            "registered_on": "2024-02-01",
            "dissolved_on": "2023-01-01",
        },
    )

    assert response.status_code == 200
    assert "注销日期不能早于成立日期" in response.content.decode()
    assert not LabourCooperative.objects.filter(name="坏合作社").exists()


def test_the_batch_page_adds_a_member_by_id_number(client, shanting_operator, make_batch, make_person):
    batch = make_batch()
    person = make_person(name="孙七")
    client.force_login(shanting_operator)

    response = client.post(
        reverse("cooperation:batchmember_add", args=[batch.pk]), {"person": person.id_number}
    )
    page = client.get(batch.get_absolute_url())

    assert response.status_code == 302
    assert BatchMember.objects.filter(batch=batch, person=person).exists()
    assert "孙七" in page.content.decode()
    assert Employment.objects.filter(person=person, organised=True).count() == 1


def test_adding_an_unknown_id_number_says_so(client, shanting_operator, make_batch):
    batch = make_batch()
    client.force_login(shanting_operator)

    response = client.post(
        reverse("cooperation:batchmember_add", args=[batch.pk]), {"person": "370406199001011234"}
    )

    assert response.status_code == 200
    assert "台账中没有身份证号为370406********1234的人员" in response.content.decode()


def test_the_person_page_shows_the_batch(client, shanting_operator, make_batch, make_person):
    person = make_person()
    batch = make_batch()
    services.add_member(shanting_operator, batch, person=person)
    client.force_login(shanting_operator)

    page = client.get(reverse("registry:person_detail", args=[person.pk]))

    assert "cooperation" in [s.key for s in page.context["sections"]]
    assert batch.name in page.content.decode()


def test_the_batch_members_export_is_masked_and_logged(
    client, shanting_operator, make_batch, make_person, read_xlsx
):
    batch = make_batch()
    person = make_person()
    services.add_member(shanting_operator, batch, person=person)
    client.force_login(shanting_operator)

    response = client.get(reverse("cooperation:batch_members_export", args=[batch.pk]))

    rows = read_xlsx(response.content)
    assert rows[0][:4] == ["批次编号", "批次名称", "姓名", "身份证号"]
    assert rows[1][3] == person.id_number[:6] + "********" + person.id_number[-4:]
    log = AccessLog.objects.get(object_type="cooperation.batchmember")
    assert log.detail["rows"] == 1 and log.region_id == batch.region_id


def test_a_register_export_is_logged(client, shanting_operator, cooperative):
    client.force_login(shanting_operator)

    response = client.get(reverse("cooperation:cooperative_export"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AccessLog.objects.filter(object_type="cooperation.labourcooperative").exists()


# ----- scope ---------------------------------------------------------------------------------


def _state():
    return (
        list(OutboundBatch.objects.values_list("pk", "employer", "monthly_wage")),
        BatchMember.objects.count(),
        Employment.objects.count(),
        AuditEvent.objects.count(),
    )


def test_another_county_cannot_read_a_batch(client, tengzhou_operator, make_batch):
    batch = make_batch()
    client.force_login(tengzhou_operator)

    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.get(reverse("cooperation:batch_members_export", args=[batch.pk])).status_code == 404
    assert batch.name not in client.get(reverse("cooperation:batch_list")).content.decode()


def test_another_countys_writes_are_refused_and_change_nothing(
    client, tengzhou_operator, shanting_operator, make_batch, make_person
):
    batch = make_batch()
    member = services.add_member(shanting_operator, batch, person=make_person())
    own = make_person(first_village("370481"))
    before = _state()
    client.force_login(tengzhou_operator)

    responses = [
        client.post(reverse("cooperation:batch_edit", args=[batch.pk]), {"employer": "篡改"}),
        client.post(reverse("cooperation:batchmember_add", args=[batch.pk]), {"person": own.id_number}),
        client.post(reverse("cooperation:batchmember_edit", args=[member.pk]), {"monthly_income": "1"}),
        client.post(reverse("cooperation:batchmember_remove", args=[member.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert _state() == before


def test_a_member_county_can_read_but_not_edit_an_alliance(client, make_user, shanting_operator):
    from conftest import region
    from fangfan.cooperation.models import AllianceLevel

    city = make_user("city", "370400000000")
    alliance = services.create_alliance(
        city,
        name="市级联盟",
        level=AllianceLevel.INTER_PROVINCE,
        region=region("370400000000"),
        lead_organisation="市人社局",
        formed_on=dt.date(2024, 1, 1),
    )
    services.add_alliance_member(city, alliance, region=region(SHANTING), organisation="山亭区人社局")
    events = AuditEvent.objects.count()
    client.force_login(shanting_operator)

    page = client.get(alliance.get_absolute_url())
    edit = client.post(reverse("cooperation:alliance_edit", args=[alliance.pk]), {"name": "改名"})

    assert page.status_code == 200 and page.context["can_edit"] is False
    assert edit.status_code == 403
    alliance.refresh_from_db()
    assert alliance.name == "市级联盟" and AuditEvent.objects.count() == events


# ----- rules -----------------------------------------------------------------------------------


RULE_PAGE = "/quality/rules/cooperation.cooperationrule/?region={}"


def test_a_city_administrator_sets_the_seasonal_window_for_the_city(client, make_user):
    city = make_user("city", "370400000000")
    client.force_login(city)

    page = client.get(RULE_PAGE.format("370400000000"))
    saved = client.post(RULE_PAGE.format("370400000000"), {"seasonal_max_days": "150"})

    assert page.context["current"].source is None
    assert saved.status_code == 302
    rule = CooperationRule.objects.get(region_id="370400000000")
    assert rule.seasonal_max_days == 150
    assert rule.source_label == "枣庄市设定"
    assert AuditEvent.objects.filter(
        action="quality.rule.create", object_type="cooperation.cooperationrule"
    ).exists()
    assert CooperationRule.objects.for_region(first_village(SHANTING[:6])).seasonal_max_days == 150


def test_a_county_operator_cannot_set_rules(client, shanting_operator):
    client.force_login(shanting_operator)

    response = client.post(RULE_PAGE.format("370406000000"), {"seasonal_max_days": "10"})

    assert response.status_code == 404
    assert not CooperationRule.objects.exists()
