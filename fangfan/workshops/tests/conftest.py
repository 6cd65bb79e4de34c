import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, TENGZHOU, first_village
from fangfan.workshops import services
from fangfan.workshops.models import WorkshopCategory


@pytest.fixture
def shanting_village(db):
    return first_village(SHANTING[:6])


@pytest.fixture
def tengzhou_village(db):
    return first_village(TENGZHOU[:6])


@pytest.fixture
def make_workshop(db, shanting_village):
    counter = iter(range(1, 1000))

    def make(village=None, **fields):
        n = next(counter)
        data = {
            "name": f"帮扶车间{n}",
            "category": WorkshopCategory.FACTORY,
            "operator": f"某某服饰有限公司{n}",
            "village": village or shanting_village,
        } | fields
        return services.create_workshop(None, **data)

    return make


@pytest.fixture
def hire(db):
    """Put a person to work in a workshop (insured at 20 元/月 unless told otherwise)."""

    def add(workshop, person, start=dt.date(2026, 1, 1), **fields):
        data = {
            "start": start,
            "monthly_wage": Decimal(2000),
            "insured": True,
            "insurance_premium": Decimal(20),
        } | fields
        return services.add_worker(None, workshop, person, **data)

    return add


@pytest.fixture
def staffed(make_workshop, make_person, hire):
    """A workshop with ``n`` insured 脱贫 workers from 1 January 2026."""

    def make(n, village=None, **worker_fields):
        workshop = make_workshop(village=village)
        people = [make_person(village or workshop.village) for _ in range(n)]
        for person in people:
            hire(workshop, person, **worker_fields)
        return workshop, people

    return make
