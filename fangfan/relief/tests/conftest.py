import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, first_village, make_id
from fangfan.cooperation.tests.conftest import read_xlsx  # noqa: F401
from fangfan.relief import services


@pytest.fixture
def village(db):
    return first_village(SHANTING[:6])


@pytest.fixture
def make_project(db, village):
    counter = iter(range(1, 1000))

    def make(**fields):
        n = next(counter)
        data = {
            "name": f"村组道路硬化以工代赈项目{n}",
            "owner": "山亭区交通运输局",
            "contractor": "某某建设有限公司",
            "village": village,
            "start": dt.date(2026, 3, 1),
            "central_funds": Decimal(1_000_000),
            "planned_wages": Decimal(300_000),
            "attendance_mode": "daily",
        } | fields
        return services.create_project(None, **data)

    return make


@pytest.fixture
def local_labourer(db, village):
    """A local rural labourer who is not in the registry."""
    counter = iter(range(200, 450))

    def make(name="当地村民", **fields):
        return services.register_worker(
            None, name=name, id_number=make_id(village.code, seq=next(counter)), village=village, **fields
        )

    return make


@pytest.fixture
def hire_in(db):
    def add(project, worker, start=dt.date(2026, 3, 1), **fields):
        data = {"start": start, "daily_wage": Decimal(150), "job": "普工"} | fields
        return services.hire(None, project, worker, **data)

    return add


@pytest.fixture
def closed_march(make_project, local_labourer, hire_in):
    """March 2026 with two workers, 22 and 10 days, attendance closed on 31 March."""
    project = make_project()
    a, b = hire_in(project, local_labourer("甲")), hire_in(project, local_labourer("乙"))
    sheet = services.sheet_for(None, project, dt.date(2026, 3, 1))
    services.record_attendance(None, sheet, a, day_list=list(range(1, 23)))
    services.record_attendance(None, sheet, b, day_list=list(range(1, 11)))
    services.close_attendance(None, sheet, dt.date(2026, 3, 31))
    return sheet
