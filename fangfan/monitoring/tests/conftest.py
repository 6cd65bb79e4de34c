import datetime as dt

import pytest

from fangfan.employment.tests.conftest import make_spell  # noqa: F401  (the spell fixture, shared)
from fangfan.monitoring import services
from fangfan.regions.models import Region


@pytest.fixture
def rule_for_province(db):
    """Set thresholds for 山东 (37) through the service, as a province admin would."""

    def set_rule(**values):
        return services.save_rule(None, Region.objects.get(code="370000000000"), **values)

    return set_rule


def month(year: int, number: int) -> dt.date:
    return dt.date(year, number, 1)
