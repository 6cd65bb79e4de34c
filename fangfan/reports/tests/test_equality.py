"""The report's numbers equal a recomputation from the raw records, on generated data with every
instrument present; the page and the xlsx show the same numbers."""

import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import region
from fangfan.regions.codes import Level
from fangfan.reports import definitions
from fangfan.reports.computing import compute, sub_regions
from fangfan.reports.definitions import Period
from fangfan.reports.models.progress import quarter_window

from .generated import RECOMPUTE, generate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", [Period(2026, 2), Period(2026, 4)])
def test_every_column_equals_its_recomputation_from_raw_records(make_person, period):
    generate(make_person)
    city = region("370400")
    columns = list(definitions.COLUMNS)
    assert set(RECOMPUTE) == {c.key for c in columns}

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

    assert {c.key for c in additive} == {"brands", "bases", "cooperatives", "workshops", "job_fairs"}
    for column in additive:
        counts = computed.counts[column.key]
        on_city = RECOMPUTE[column.key](city.code, period.first, period.last)
        assert counts.total == counts.row_sum + on_city, column.key
    assert computed.counts["brands"].total > computed.counts["brands"].row_sum


def test_the_exported_numbers_equal_the_screens_and_both_equal_the_raw_records(
    client, make_person, city_user
):
    """附件1 of Zaozhuang: the numbers in the page's table, in the xlsx and recomputed from the rows."""
    generate(make_person)
    city = region("370400")
    period = Period(2026, 4)
    client.force_login(city_user)

    page = client.get(reverse("reports:progress", args=[city.code, period.year, period.quarter]))
    exported = client.get(
        reverse("reports:progress_export", args=[city.code, period.year, period.quarter, "xlsx"])
    )

    screen = screen_numbers(page.content.decode())
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    rows = [city, *sub_regions(city, Level.COUNTY)]
    first, last = quarter_window(city, period)
    xlsx_numbers = {row.code: [int(v) for v in line[1:13]] for row, line in zip(rows, sheet[6:], strict=True)}
    raw = {row.code: [RECOMPUTE[c.key](row.prefix, first, last) for c in definitions.COLUMNS] for row in rows}
    assert [line[0] for line in sheet[6:]] == [row.name for row in rows]
    assert screen == xlsx_numbers == raw
    assert sum(raw[city.code]) > 20


def screen_numbers(html: str) -> dict[str, list[int]]:
    """Region code → the numbers shown in its row of the report table, in column order."""
    table = html[html.index('id="progress-table"') :]
    table = table[: table.index("</table>")]
    out = {}
    for code, body in re.findall(r'<tr class="[^"]*" data-row="(\d{12})">(.*?)</tr>', table, re.S):
        out[code] = [int(v) for v in re.findall(r'<a class="figure-link" href="[^"]+"[^>]*>(\d+)</a>', body)]
    return out
