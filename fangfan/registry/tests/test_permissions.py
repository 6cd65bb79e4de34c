"""Permission matrix: a user of one county (or one village) reads nothing of another's people, and a
denied write changes nothing — not the records, not the audit trail, not the access log."""

import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, first_village, region
from fangfan.accounts.roles import Role
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.registry.models import Household, Person

pytestmark = pytest.mark.django_db

DETAIL_URLS = [
    "/registry/people/{person}/",
    "/registry/people/{person}/history/",
    "/registry/people/{person}/edit/",
    "/registry/people/{person}/leave/",
    "/registry/households/{household}/",
    "/registry/households/{household}/edit/",
    "/registry/households/{household}/members/new/",
]
FIGURE_URL = "/figures/registry.labourers/?region={village}&first=2026-01-01&last=2026-12-31"


@pytest.fixture
def target(make_person):
    village = first_village(SHANTING[:6])
    person = make_person(village, name="王大山", phone="13812345678")
    return {"person": person.pk, "household": person.household_id, "village": village.code, "obj": person}


@pytest.fixture(params=["other_county", "other_village"])
def outsider(request, make_user, tengzhou_operator):
    if request.param == "other_county":
        return tengzhou_operator
    villages = first_village(SHANTING[:6]).parent.children.order_by("code")
    return make_user(Role.VILLAGE_WORKER, villages[1].code)


def state():
    return (
        list(Person.objects.order_by("pk").values()),
        list(Household.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        AccessLog.objects.count(),
    )


@pytest.mark.parametrize("url", [*DETAIL_URLS, FIGURE_URL])
def test_the_owner_county_can_open_every_page(client, shanting_operator, target, url):
    client.force_login(shanting_operator)

    assert client.get(url.format(**target)).status_code == 200


@pytest.mark.parametrize("url", [*DETAIL_URLS, FIGURE_URL])
def test_an_outsider_gets_not_found_for_every_page(client, outsider, target, url):
    client.force_login(outsider)

    assert client.get(url.format(**target)).status_code == 404


def test_an_outsider_finds_nobody_in_lists_search_and_export(client, outsider, target):
    client.force_login(outsider)
    person = target["obj"]

    listing = client.get("/registry/", {"region": region(SHANTING).code})
    search = client.get("/registry/", {"q": person.id_number})
    by_name = client.get("/registry/", {"q": "王大山"})
    export = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/registry/export/").content))

    assert listing.context["total"] == 0
    assert search.context["total"] == 0 and by_name.context["total"] == 0
    assert export.get_sheet_by_index(0).to_python()[1:] == []
    assert "王大山" not in listing.content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/registry/people/{person}/edit/",
            {"name": "改名", "id_number": "", "village": "", "labour_capacity": "none"},
        ),
        ("/registry/people/{person}/leave/", {"left_on": "2026-01-01", "left_reason": "moved"}),
        ("/registry/people/{person}/unmask/", {}),
        ("/registry/households/{household}/edit/", {"number": "X", "household_type": "monitored"}),
        ("/registry/households/{household}/members/new/", {"name": "新人"}),
    ],
)
def test_an_outsiders_write_is_refused_and_changes_nothing(client, outsider, target, url, data):
    client.force_login(outsider)
    before = state()

    response = client.post(url.format(**target), data)

    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize("role", [Role.CITY, Role.PROVINCE, Role.COUNTY_REVIEWER])
def test_reviewers_and_higher_levels_read_but_cannot_write(client, make_user, target, role):
    anchor = {Role.CITY: "370400000000", Role.PROVINCE: "370000000000", Role.COUNTY_REVIEWER: SHANTING}[role]
    client.force_login(make_user(role, anchor))
    before = state()

    read = client.get("/registry/people/{person}/".format(**target))
    write = client.post(
        "/registry/people/{person}/leave/".format(**target), {"left_on": "2026-01-01", "left_reason": "moved"}
    )

    assert read.status_code == 200
    assert write.status_code == 403
    assert state() == before
