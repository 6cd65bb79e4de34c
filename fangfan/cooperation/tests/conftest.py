import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import LINFEN, SHANTING, TENGZHOU, first_township, region
from fangfan.cooperation import services


@pytest.fixture
def shanting(db):
    return region(SHANTING)


@pytest.fixture
def tengzhou(db):
    return region(TENGZHOU)


@pytest.fixture
def linfen(db):
    return region(LINFEN)


@pytest.fixture
def cooperative(shanting_operator, shanting):
    return services.create_cooperative(
        shanting_operator,
        name="山亭区兴农劳务专业合作社",
        region=first_township(SHANTING[:6]),
        leader="李明",
        registered_on=dt.date(2022, 5, 1),
    )


@pytest.fixture
def make_batch(shanting_operator, shanting, linfen, cooperative):
    def make(actor=None, **changes):
        data = {
            "name": "2024年春季赴临汾输出",
            "region": shanting,
            "cooperative": cooperative,
            "employer": "临汾某电子有限公司",
            "job": "普工",
            "destination": linfen,
            "departure": dt.date(2024, 3, 1),
            "monthly_wage": Decimal("4500.00"),
        } | changes
        return services.create_batch(actor or shanting_operator, **data)

    return make


@pytest.fixture
def read_xlsx(tmp_path):
    """The rows of an xlsx response, read back with the import reader."""
    from fangfan.imports.reader import read_table

    def read(content: bytes) -> list[list]:
        path = tmp_path / "download.xlsx"
        path.write_bytes(content)
        return read_table(path).rows

    return read


@pytest.fixture
def write_xlsx(tmp_path):
    """A sheet as a clerk would fill it: a title row, the header, the rows."""
    from fangfan.core import xlsx

    counter = iter(range(1000))

    def write(headers: list[str], rows: list[list]) -> Path:
        path = tmp_path / f"upload-{next(counter)}.xlsx"
        path.write_bytes(xlsx.table(headers, rows, title="导入表"))
        return path

    return write


@pytest.fixture
def overview_agrees(client):
    """Open an overview page, then every figure's drill-down: each count is the length of its list."""

    def check(user, url: str) -> dict[str, int]:
        client.force_login(user)
        items = client.get(url).context["items"]
        values = {}
        for item in items:
            listed = client.get(item["url"])
            assert listed.status_code == 200, item["key"]
            assert listed.context["total"] == item["value"] == len(listed.context["page"].items), item["key"]
            values[item["key"]] = item["value"]
        return values

    return check
