import datetime as dt

import pytest

from conftest import SHANTING, first_township, region
from fangfan.cooperation.tests.conftest import overview_agrees, read_xlsx, write_xlsx  # noqa: F401
from fangfan.relocation import services


@pytest.fixture
def make_site(shanting_operator):
    def make(actor=None, **changes):
        data = {
            "name": "幸福家园安置区",
            "region": first_township(SHANTING[:6]),
            "kind": "relocation",
            "households_planned": 120,
            "people_planned": 400,
            "built_on": dt.date(2020, 6, 1),
        } | changes
        return services.create_site(actor or shanting_operator, **data)

    return make


@pytest.fixture
def make_fair(shanting_operator):
    def make(actor=None, posts=5, **changes):
        data = {
            "name": "2024年乐业搬迁春风行动专场招聘会",
            "region": region(SHANTING),
            "held_on": dt.date(2024, 3, 8),
            "organiser": "山亭区人力资源和社会保障局",
        } | changes
        fair = services.create_fair(actor or shanting_operator, **data)
        services.add_employer(
            actor or shanting_operator, fair, name="山亭某食品公司", posts_offered=posts, jobs="普工"
        )
        return fair

    return make
