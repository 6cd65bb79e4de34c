import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD, SHANTING
from fangfan.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["abcdefgh", "abcd1234", "ABCDEFG!", "Ab1!"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Shanting2023", "shanting-2023", "SHANTING-2023"])
def test_passwords_with_three_character_classes_are_accepted(password):
    validate_password(password)


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, make_user):
    user = make_user(Role.COUNTY_OPERATOR, SHANTING)

    for _ in range(4):
        assert _login(client, user.username, "wrong-Password1").status_code == 200
    fifth = _login(client, user.username, "wrong-Password1")
    locked = _login(client, user.username, PASSWORD)

    assert fifth.status_code == 429
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_after_a_few_failures_succeeds(client, make_user):
    user = make_user(Role.COUNTY_OPERATOR, SHANTING)
    for _ in range(3):
        _login(client, user.username, "wrong-Password1")

    response = _login(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_session_idle_for_30_minutes_ends(client, make_user, settings):
    user = make_user(Role.COUNTY_OPERATOR, SHANTING)
    _login(client, user.username, PASSWORD)
    assert client.get("/registry/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/registry/")

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_each_request_extends_the_session_by_30_minutes(client, make_user):
    user = make_user(Role.COUNTY_OPERATOR, SHANTING)
    _login(client, user.username, PASSWORD)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=1))

    client.get("/registry/")

    remaining = Session.objects.get().expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)


def test_requests_within_a_minute_of_the_last_save_write_no_session(client, make_user):
    user = make_user(Role.COUNTY_OPERATOR, SHANTING)
    _login(client, user.username, PASSWORD)
    saved = Session.objects.get().expire_date

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/registry/").status_code == 200

    assert Session.objects.get().expire_date == saved
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []


def test_anonymous_visitors_are_sent_to_login_and_htmx_gets_a_full_page_redirect(client):
    page = client.get("/registry/")
    partial = client.get("/registry/", headers={"HX-Request": "true"})

    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert partial["HX-Redirect"].startswith("/accounts/login/")


def test_security_headers_are_sent(client):
    response = client.get("/accounts/login/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_post_without_the_csrf_token_is_refused(make_user, make_person):
    from django.test import Client

    person = make_person()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.COUNTY_OPERATOR, SHANTING))

    response = client.post(f"/registry/people/{person.pk}/unmask/")

    assert response.status_code == 403


def test_refusals_and_missing_pages_speak_chinese(client, make_user, make_person):
    person = make_person()
    client.force_login(make_user(Role.CITY, "370400000000"))

    refused = client.post(f"/registry/people/{person.pk}/unmask/")
    missing = client.get("/registry/people/999999/")

    assert refused.status_code == 403 and "没有权限" in refused.content.decode()
    assert missing.status_code == 404 and "不在您的管辖范围内" in missing.content.decode()
