"""The report's numbers equal a recomputation from the raw records, on generated data."""

import pytest

from conftest import region
from fangfan.regions.codes import Level
from fangfan.reports import definitions
from fangfan.reports.computing import compute
from fangfan.reports.definitions import Period

from .generated import RECOMPUTE, generate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", [Period(2026, 2), Period(2026, 4)])
def test_every_landed_column_equals_its_recomputation_from_raw_records(make_person, period):
    generate(make_person)
    city = region("370400")
    columns = [definitions.column(key) for key in RECOMPUTE]

    computed = compute(city, period.first, period.last, Level.COUNTY, columns)

    for column in columns:
        recompute = RECOMPUTE[column.key]
        counts = computed.counts[column.key]
        assert counts.total == recompute(city.prefix, period.first, period.last), column.key
        for row in computed.rows:
            assert counts.by_row[row.code] == recompute(row.prefix, period.first, period.last), (
                column.key,
                row.name,
            )
    assert sum(computed.counts[c.key].total for c in columns) > 10
    # The data holds people and alliances that count in two districts, and records on the city itself.
    assert any(computed.counts[c.key].row_sum > computed.counts[c.key].total for c in columns)
    assert any(computed.counts[c.key].row_sum < computed.counts[c.key].total for c in columns)


def test_an_additive_column_totals_its_rows_plus_what_sits_on_the_city_itself(make_person):
    generate(make_person)
    city = region("370400")
    period = Period(2026, 4)
    additive = [definitions.column(key) for key in RECOMPUTE if definitions.column(key).additive]

    computed = compute(city, period.first, period.last, Level.COUNTY, additive)

    assert {c.key for c in additive} == {"brands", "bases", "cooperatives", "job_fairs"}
    for column in additive:
        counts = computed.counts[column.key]
        on_city = RECOMPUTE[column.key](city.code, period.first, period.last)
        assert counts.total == counts.row_sum + on_city, column.key
    assert computed.counts["brands"].total > computed.counts["brands"].row_sum
