"""Account management: within scope, at or below one's own rank, every change audited."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import LINFEN, PASSWORD, SHANTING, TENGZHOU, ZAOZHUANG, first_township, first_village, region
from fangfan.accounts import services
from fangfan.accounts.models import User
from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Neu-Passwort-2023"


@pytest.fixture
def city(make_user):
    return make_user(Role.CITY, ZAOZHUANG, full_name="市管理员")


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.COUNTY_REVIEWER, SHANTING, full_name="山亭审核员")


def test_a_city_creates_a_county_account_in_its_city_and_it_is_audited(city):
    user = services.create_user(
        city, username="shanting-op", password=PASSWORD, role=Role.COUNTY_OPERATOR, region=region(SHANTING)
    )

    event = AuditEvent.objects.get(action="accounts.user.create")
    assert (event.actor, event.object_id, event.region_id) == (city, str(user.pk), SHANTING)
    assert event.after["role"] == Role.COUNTY_OPERATOR and "password" not in event.after
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.PROVINCE, "370000000000"), (Role.ADMIN, None), (Role.COUNTY_OPERATOR, "141000000000")],
    ids=["above-its-rank", "administrator", "another-city"],
)
def test_a_city_cannot_create_an_account_above_its_rank_or_outside_its_city(city, role, code):
    with pytest.raises(PermissionDenied):
        services.create_user(
            city, username="x", password=PASSWORD, role=role, region=region(code) if code else None
        )

    assert not User.objects.filter(username="x").exists()
    assert not AuditEvent.objects.exists()


def test_the_region_must_fit_the_role(city):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            city, username="x", password=PASSWORD, role=Role.COUNTY_OPERATOR, region=region(ZAOZHUANG)
        )

    assert "县级" in error.value.message_dict["region"][0]


def test_a_county_reviewer_manages_its_county_but_not_the_neighbour(reviewer, make_user):
    own = make_user(Role.TOWNSHIP_STATION, first_township(SHANTING[:6]).code)
    neighbour = make_user(Role.COUNTY_OPERATOR, TENGZHOU)

    services.update_user(reviewer, own, full_name="徐庄站")
    with pytest.raises(PermissionDenied):
        services.update_user(reviewer, neighbour, full_name="改")

    neighbour.refresh_from_db()
    assert neighbour.full_name == ""
    event = AuditEvent.objects.get(action="accounts.user.update")
    assert (event.before, event.after) == ({"full_name": ""}, {"full_name": "徐庄站"})


def test_a_county_operator_may_not_manage_accounts(shanting_operator, make_user):
    other = make_user(Role.VILLAGE_WORKER, first_village(SHANTING[:6]).code)

    with pytest.raises(PermissionDenied):
        services.update_user(shanting_operator, other, is_active=False)


def test_nobody_changes_their_own_role_region_or_active_flag(city):
    for change in ({"role": Role.COUNTY_REVIEWER}, {"is_active": False}, {"region": region(TENGZHOU)}):
        with pytest.raises((ValidationError, PermissionDenied)):
            services.update_user(city, city, **change)

    city.refresh_from_db()
    assert (city.role, city.is_active, city.region_id) == (Role.CITY, True, ZAOZHUANG)


def test_a_role_change_moves_the_region_and_is_audited(city, reviewer):
    services.update_user(city, reviewer, role=Role.COUNTY_OPERATOR)

    reviewer.refresh_from_db()
    assert reviewer.role == Role.COUNTY_OPERATOR
    event = AuditEvent.objects.get(action="accounts.user.update")
    assert event.before == {"role": Role.COUNTY_REVIEWER} and event.after == {"role": Role.COUNTY_OPERATOR}


def test_a_reset_password_is_audited_without_the_password(city, reviewer):
    services.set_password(city, reviewer, NEW_PASSWORD)

    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.reset_password")
    assert event.actor == city and event.after is None and NEW_PASSWORD not in str(event.context)


def test_unlocking_clears_the_lockout_and_is_audited(client, city, reviewer):
    for _ in range(5):
        client.post("/accounts/login/", {"username": reviewer.username, "password": "wrong-Password1"})
    assert services.locked_usernames([reviewer.username]) == {reviewer.username}

    services.unlock(city, reviewer)

    assert services.locked_usernames([reviewer.username]) == set()
    assert not AccessAttempt.objects.filter(username=reviewer.username).exists()
    assert (
        client.post("/accounts/login/", {"username": reviewer.username, "password": PASSWORD}).status_code
        == 302
    )
    assert AuditEvent.objects.get(action="accounts.user.unlock").after == {"cleared": 1}


# ----- pages ----------------------------------------------------------------------------------


def test_the_list_shows_the_scope_searches_and_marks_locked_accounts(client, city, reviewer, make_user):
    make_user(Role.CITY, LINFEN)  # another province
    for _ in range(5):
        client.post("/accounts/login/", {"username": reviewer.username, "password": "wrong-Password1"})
    client.force_login(city)

    everything = client.get("/accounts/users/")
    found = client.get("/accounts/users/", {"q": "山亭"})

    assert {u.username for u, _, _ in everything.context["rows"]} == {city.username, reviewer.username}
    assert [(u.username, locked) for u, locked, _ in found.context["rows"]] == [(reviewer.username, True)]
    assert "已锁定" in found.content.decode()


def test_creating_an_account_through_the_page(client, city):
    client.force_login(city)
    township = first_township(SHANTING[:6])

    form = client.get("/accounts/users/new/")
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "xuzhuang",
            "full_name": "徐庄站",
            "role": Role.TOWNSHIP_STATION,
            "region": township.code,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    offered = [value for value, _ in form.context["form"].fields["role"].choices]
    assert Role.PROVINCE not in offered and Role.CITY in offered
    user = User.objects.get(username="xuzhuang")
    assert response.status_code == 302 and (user.role, user.region_id) == (
        Role.TOWNSHIP_STATION,
        township.code,
    )


def test_a_role_above_the_actor_is_not_offered_and_is_refused(client, city):
    client.force_login(city)

    response = client.post(
        "/accounts/users/new/",
        {
            "username": "boss",
            "role": Role.PROVINCE,
            "region": "370000000000",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.filter(username="boss").exists()


def test_editing_resetting_and_unlocking_through_the_pages(client, city, reviewer):
    client.force_login(city)

    edit = client.post(
        f"/accounts/users/{reviewer.pk}/",
        {"full_name": "新名字", "role": Role.COUNTY_REVIEWER, "region": SHANTING, "is_active": ""},
    )
    reset = client.post(
        f"/accounts/users/{reviewer.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    unlock = client.post(f"/accounts/users/{reviewer.pk}/unlock/")

    reviewer.refresh_from_db()
    assert [r.status_code for r in (edit, reset, unlock)] == [302, 302, 302]
    assert (reviewer.full_name, reviewer.is_active) == ("新名字", False)
    assert reviewer.check_password(NEW_PASSWORD)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"accounts.user.update", "accounts.user.reset_password", "accounts.user.unlock"} <= actions


def test_a_weak_reset_password_is_refused_on_the_page(client, city, reviewer):
    client.force_login(city)

    response = client.post(
        f"/accounts/users/{reviewer.pk}/password/", {"password1": "abc", "password2": "abc"}
    )

    assert response.status_code == 200 and response.context["form"].errors["password1"]
    reviewer.refresh_from_db()
    assert reviewer.check_password(PASSWORD)


def test_changing_ones_own_password_is_audited(client, reviewer):
    client.force_login(reviewer)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    reviewer.refresh_from_db()
    assert response.status_code == 302 and reviewer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.change_password")
    assert event.actor == reviewer and event.object_id == str(reviewer.pk)
    assert client.get("/registry/").status_code == 200  # still logged in


def test_the_admin_site_offers_no_way_to_change_accounts_regions_or_designations(client, make_user):
    admin = make_user(Role.ADMIN, None, is_staff=True, is_superuser=True)
    client.force_login(admin)

    assert client.get(f"/admin/accounts/user/{admin.pk}/change/").status_code == 200  # view only
    assert client.post(f"/admin/accounts/user/{admin.pk}/change/", {"username": "x"}).status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert client.get("/admin/regions/regiondesignation/add/").status_code == 403
    assert client.get(f"/admin/regions/region/{SHANTING}/delete/").status_code == 403
    admin.refresh_from_db()
    assert admin.username != "x"
