import datetime as dt

import pytest

from conftest import SHANTING, region
from fangfan.cooperation.tests.conftest import overview_agrees, read_xlsx, write_xlsx  # noqa: F401
from fangfan.training import services


@pytest.fixture
def make_course(shanting_operator):
    def make(actor=None, **changes):
        data = {
            "name": "2024年第一期电工订单班",
            "region": region(SHANTING),
            "kind": "order",
            "provider": "山亭区职业培训学校",
            "occupation": "电工",
            "employer": "枣庄某电气公司",
            "start": dt.date(2024, 3, 1),
            "end": dt.date(2024, 3, 20),
        } | changes
        return services.create_training(actor or shanting_operator, **data)

    return make
