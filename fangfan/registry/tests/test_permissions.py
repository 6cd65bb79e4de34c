"""Permission matrix: a user of one county (or one village) reads nothing of another's people, and a
denied write changes nothing — not the records, not the audit trail, not the access log."""

import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, first_village, region
from fangfan.accounts.roles import Role
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.imports.models import BatchStatus, ImportBatch
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
    "/registry/households/{household}/head/",
    "/imports/{batch}/",
    "/imports/{batch}/errors.xlsx",
    "/imports/{batch}/errors.xlsx?full=1",
]
FIGURE_URL = "/figures/registry.labourers/?region={village}&first=2026-01-01&last=2026-12-31"


@pytest.fixture
def target(make_person, shanting_operator, tmp_path):
    village = first_village(SHANTING[:6])
    person = make_person(village, name="王大山", phone="13812345678", actor=shanting_operator)
    batch = _batch_with_errors(shanting_operator, tmp_path, person)
    return {
        "person": person.pk,
        "household": person.household_id,
        "village": village.code,
        "batch": batch.pk,
        "obj": person,
    }


def _batch_with_errors(user, tmp_path, person):
    """An import of the owner county whose bad row repeats the person's ID number."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fangfan.imports import services
    from fangfan.registry.tests.sheets import xlsx

    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["村级区划代码", "姓名", "身份证号", "劳动技能"],
            [person.village_id, "王大山", person.id_number, "全劳力"],
        ],
    )
    batch = services.create_batch(user, "people", SimpleUploadedFile("台账.xlsx", path.read_bytes()))
    services.validate(batch)
    assert batch.error_count == 1
    return batch


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
    before = state()

    assert client.get(url.format(**target)).status_code == 404
    assert state() == before  # not even an access log entry


def test_an_outsider_finds_nobody_in_lists_search_and_export(client, outsider, target):
    client.force_login(outsider)
    person = target["obj"]

    listing = client.get("/registry/", {"region": region(SHANTING).code})
    search = client.get("/registry/", {"q": person.id_number})
    by_name = client.get("/registry/", {"q": "王大山"})
    count = client.get("/registry/count/", {"q": "王大山"})
    export = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/registry/export/").content))
    batches = client.get("/imports/")

    assert listing.context["total"] == 0
    assert search.context["total"] == 0 and by_name.context["total"] == 0
    assert count.context["total"] == 0
    assert export.get_sheet_by_index(0).to_python()[1:] == []
    assert "王大山" not in listing.content.decode()
    assert list(batches.context["page"].items) == []


@pytest.mark.parametrize("url", ["/audit/", "/audit/access/"])
def test_an_outsider_reads_nothing_of_anothers_audit_trail(client, outsider, target, shanting_operator, url):
    client.force_login(shanting_operator)
    client.post("/registry/people/{person}/unmask/".format(**target))  # the owner's unmask is logged
    client.force_login(outsider)

    everything = client.get(url)
    asked_for = client.get(url, {"region": target["village"]})

    for response in (everything, asked_for):
        assert response.status_code in (200, 403)  # a village worker may not read the trail at all
        if response.status_code == 200:
            assert all(
                i.region_id is None or i.region_id.startswith(outsider.region.prefix)
                for i in response.context["page"].items
            )
            assert "王大山" not in response.content.decode()


def test_a_person_cannot_be_registered_in_a_village_outside_the_scope(client, shanting_operator):
    from conftest import TENGZHOU, make_id

    client.force_login(shanting_operator)
    elsewhere = first_village(TENGZHOU[:6])
    before = state()

    response = client.post(
        "/registry/people/new/",
        {
            "name": "越权",
            "id_number": make_id(elsewhere.code),
            "village": elsewhere.code,
            "labour_capacity": "ordinary",
            "health": "healthy",
        },
    )

    assert response.status_code == 200 and response.context["form"].errors["village"]
    assert state() == before


def test_an_outsider_county_reviewer_neither_sees_nor_changes_anothers_accounts(
    client, make_user, shanting_operator
):
    from conftest import TENGZHOU

    client.force_login(make_user(Role.COUNTY_REVIEWER, TENGZHOU))
    before = (list(type(shanting_operator).objects.order_by("pk").values()), state())

    listing = client.get("/accounts/users/", {"q": shanting_operator.username})
    pages = [
        client.get(f"/accounts/users/{shanting_operator.pk}/"),
        client.post(
            f"/accounts/users/{shanting_operator.pk}/", {"full_name": "改", "role": "county_operator"}
        ),
        client.post(
            f"/accounts/users/{shanting_operator.pk}/password/",
            {"password1": "X-y-12345", "password2": "X-y-12345"},
        ),
        client.post(f"/accounts/users/{shanting_operator.pk}/unlock/"),
    ]

    assert list(listing.context["rows"]) == []
    assert [p.status_code for p in pages] == [404, 404, 404, 404]
    assert (list(type(shanting_operator).objects.order_by("pk").values()), state()) == before


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
        ("/registry/households/{household}/head/", {"head": "{person}"}),
        ("/imports/{batch}/commit/", {"skip_invalid": "1"}),
        ("/imports/{batch}/cancel/", {}),
    ],
)
def test_an_outsiders_write_is_refused_and_changes_nothing(client, outsider, target, url, data):
    client.force_login(outsider)
    before = state()

    response = client.post(url.format(**target), {k: v.format(**target) for k, v in data.items()})

    assert response.status_code == 404
    assert state() == before
    assert ImportBatch.objects.get(pk=target["batch"]).status == BatchStatus.VALIDATED


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
