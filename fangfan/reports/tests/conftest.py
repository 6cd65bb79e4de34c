"""Fixtures of the reports app.

Before the instrument apps land, 附件1's columns are pointed at a real figure of the
ledger, ``registry.labourers``, through the column → figure-key mapping (data in
``reports.definitions``): the workflow, versions, adjustments, timeliness and layout
do not depend on which figure a column counts.
"""

from __future__ import annotations

import pytest

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, region
from fangfan.accounts.roles import Role
from fangfan.regions.models import Region
from fangfan.reports import definitions


@pytest.fixture
def ledger_columns(monkeypatch):
    monkeypatch.setattr(
        definitions, "FIGURE_KEYS", {c.key: "registry.labourers" for c in definitions.COLUMNS}
    )


@pytest.fixture
def shanting():
    return region(SHANTING)


@pytest.fixture
def tengzhou():
    return region(TENGZHOU)


@pytest.fixture
def zaozhuang():
    return region(ZAOZHUANG)


def townships(county: Region) -> list[Region]:
    return list(Region.objects.filter(parent=county).order_by("code"))


def village_of(township: Region) -> Region:
    return first_village(township.prefix)


@pytest.fixture
def shanting_reviewer(make_user):
    return make_user(Role.COUNTY_REVIEWER, SHANTING, full_name="山亭审核员", phone="0632-8811223")


@pytest.fixture
def tengzhou_reviewer(make_user):
    return make_user(Role.COUNTY_REVIEWER, TENGZHOU)


@pytest.fixture
def city_user(make_user):
    return make_user(Role.CITY, ZAOZHUANG, full_name="枣庄市审核人")


@pytest.fixture
def province_user(make_user):
    return make_user(Role.PROVINCE, "370000000000")


@pytest.fixture
def shanting_people(make_person, shanting):
    """Labourers in Shanting's first two townships: 3 in the first, 2 in the second; one non-labourer."""
    first, second = townships(shanting)[:2]
    people = [make_person(village_of(first)) for _ in range(3)]
    people += [make_person(village_of(second)) for _ in range(2)]
    make_person(village_of(first), labour_capacity="none")
    return people
