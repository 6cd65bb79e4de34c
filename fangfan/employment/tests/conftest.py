import datetime as dt
from decimal import Decimal

import pytest

from conftest import region
from fangfan.employment import services
from fangfan.employment.models import EmploymentKind, WorkArea


@pytest.fixture
def make_spell(db):
    """A spell created through the employment services (actor: the system unless given)."""

    def make(
        person,
        start: dt.date,
        end: dt.date | None = None,
        *,
        area: str = WorkArea.IN_COUNTY,
        income: int | str = 3000,
        actor=None,
        **fields,
    ):
        data = {
            "start": start,
            "end": end,
            "employer": fields.pop("employer", "枣庄某纺织公司"),
            "kind": fields.pop("kind", EmploymentKind.ENTERPRISE),
            "work_area": area,
            "monthly_income": Decimal(income),
            "organised": fields.pop("organised", False),
            **fields,
        }
        if area == WorkArea.OUT_OF_PROVINCE and "destination_province" not in data:
            home = person.village_id[:2]
            data["destination_province"] = region("14" if home != "14" else "37")
        return services.create_spell(actor, person, **data)

    return make
