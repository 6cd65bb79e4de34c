"""Shared fixtures. Regions of 山东 (37) and 山西 (14) are loaded once per test
database; the demo cities are 枣庄 (3704) and 临汾 (1410)."""

from __future__ import annotations

import datetime as dt

import pytest

from fangfan.accounts.models import User
from fangfan.accounts.roles import Role
from fangfan.regions.models import Region
from fangfan.registry.idnumber import check_char

PASSWORD = "Test-pass-2023"

# 枣庄市山亭区 and 滕州市: two counties of one city, for scope tests.
SHANTING = "370406000000"
TENGZHOU = "370481000000"
ZAOZHUANG = "370400000000"
LINFEN = "141000000000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from fangfan.regions.services import load_regions

    with django_db_blocker.unblock():
        load_regions(["37", "14"])


_regions_flushed = False


@pytest.fixture(autouse=True)
def _regions_present(django_db_blocker):
    """A live-server test ends with Django emptying every table; the next test gets the regions back."""
    global _regions_flushed
    if _regions_flushed:
        from fangfan.regions.services import load_regions

        with django_db_blocker.unblock():
            load_regions(["37", "14"])
        _regions_flushed = False


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.AXES_ENABLED = True


def region(code: str) -> Region:
    return Region.objects.get(code=code.ljust(12, "0"))


def first_village(prefix: str) -> Region:
    return Region.objects.filter(code__startswith=prefix, level=5).order_by("code").first()


def first_township(prefix: str) -> Region:
    return Region.objects.filter(code__startswith=prefix, level=4).order_by("code").first()


def make_id(county_code: str, birth: dt.date = dt.date(1985, 6, 1), seq: int = 1, male: bool = True) -> str:
    seq = seq * 2 + (1 if male else 0)
    first17 = f"{county_code[:6]}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_char(first17)


@pytest.fixture
def make_user(db):
    counter = iter(range(10_000))

    def make(role: str, region_code: str | None, **extra) -> User:
        user = User.objects.create_user(
            username=f"{role}-{next(counter)}",
            password=PASSWORD,
            role=role,
            region=region(region_code) if region_code else None,
            **extra,
        )
        return user

    return make


@pytest.fixture
def shanting_operator(make_user):
    return make_user(Role.COUNTY_OPERATOR, SHANTING)


@pytest.fixture
def tengzhou_operator(make_user):
    return make_user(Role.COUNTY_OPERATOR, TENGZHOU)


@pytest.fixture
def make_person(db):
    """A person (and household) created through the registry services."""
    from fangfan.registry import services

    counter = iter(range(1, 10_000))

    def make(village: Region | None = None, *, household=None, actor=None, **fields):
        village = village or first_village(SHANTING[:6])
        n = next(counter)
        if household is None and fields.pop("with_household", True):
            household = services.create_household(
                actor, number=f"H{village.code}{n:04d}", village=village, household_type="exited"
            )
        data = {
            "name": fields.pop("name", f"测试{n}"),
            "id_number": fields.pop("id_number", make_id(village.code, seq=n)),
            "labour_capacity": fields.pop("labour_capacity", "ordinary"),
            # The first member is the head; later ones added to the same household are not, unless said.
            "relation_to_head": fields.pop(
                "relation_to_head", "head" if household is None or household.head_id is None else ""
            ),
            "village": village,
            "household": household,
            **fields,
        }
        return services.create_person(actor, **data)

    return make


class BrowserSession:
    """A Playwright page on the live server, driving Debian's chromium (no browser download)."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        return response

    def login(self, user, password: str = PASSWORD) -> None:
        self.open("/accounts/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/accounts/login" not in url)

    def screenshot(self, name: str) -> str:
        from django.conf import settings

        folder = settings.VAR_DIR / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return str(path)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(live_server, transactional_db, monkeypatch):
    """Yields a BrowserSession on the live server.

    The live server needs committed data, so the test runs on a transactional
    database; Django empties every table after it, and ``_regions_present``
    loads the regions again before the next test.
    """
    global _regions_flushed
    import os
    from pathlib import Path

    # Django empties every table after this test, whether it runs or is skipped below.
    _regions_flushed = True
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("FANGFAN_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself are
    # ordinary synchronous calls, so Django's async guard is lifted for the test's duration.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            yield BrowserSession(context.new_page(), live_server.url)
        finally:
            context.close()
            chromium.close()
