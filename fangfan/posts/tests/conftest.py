import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, first_village
from fangfan.posts import services


@pytest.fixture
def village(db):
    return first_village(SHANTING[:6])


@pytest.fixture
def make_post(db, village):
    counter = iter(range(1, 1000))

    def make(**fields):
        n = next(counter)
        data = {
            "name": f"村庄保洁员{n}",
            "post_type": "general",
            "work_time": "part",
            "village": village,
            "employer": "村民委员会",
            "duties": "负责村内主干道和公共场所保洁",
            "subsidy": Decimal(800),
            "hours_per_month": 40,
            "required_days": 20,
            "created_on": dt.date(2020, 1, 1),
        } | fields
        return services.create_post(None, **data)

    return make


@pytest.fixture
def appoint(db):
    def make(post, person, start=dt.date(2026, 1, 1), **fields):
        return services.appoint(None, post, person, start=start, **fields)

    return make
