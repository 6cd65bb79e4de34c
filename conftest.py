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
            "relation_to_head": fields.pop("relation_to_head", "head"),
            "village": village,
            "household": household,
            **fields,
        }
        return services.create_person(actor, **data)

    return make
