"""The report's numbers equal a recomputation from the raw records, on generated data with every
instrument present; the page and the xlsx show the same numbers."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import region
from fangfan.regions.codes import Level
from fangfan.reports import definitions, services
from fangfan.reports.computing import compute, sub_regions
from fangfan.reports.definitions import Period
from fangfan.reports.exports import pdf
from fangfan.reports.models.progress import quarter_window
from fangfan.reports.sheet import current_sheet
from fangfan.training import services as training
from fangfan.training.models import TrainingEnrolment

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


@pytest.mark.parametrize("frozen", [False, True], ids=["live", "approved"])
def test_the_exported_numbers_equal_the_screens_and_both_equal_the_raw_records(
    client, make_person, city_user, province_user, tmp_path, frozen
):
    """附件1 of Zaozhuang: the numbers in the page's table, in the xlsx, in the PDF's table, in the
    export command's file, and recomputed from the rows. Approved, they stay those of the day it was
    submitted after the ledger changes."""
    generate(make_person)
    city = region("370400")
    period = Period(2026, 4)
    rows = [city, *sub_regions(city, Level.COUNTY)]
    first, last = quarter_window(city, period)
    raw = {row.code: [RECOMPUTE[c.key](row.prefix, first, last) for c in definitions.COLUMNS] for row in rows}
    report = None
    if frozen:
        report = services.start_report(city_user, city, period)
        services.submit(city_user, report, filled_by="张三", phone="0632-1234567")
        services.approve(province_user, report)
        for enrolment in TrainingEnrolment.objects.filter(training__start__year=2026):
            training.remove_enrolment(None, enrolment)
        report.refresh_from_db()
    client.force_login(city_user)
    args = [city.code, period.year, period.quarter]

    page = client.get(reverse("reports:progress", args=args))
    exported = client.get(reverse("reports:progress_export", args=[*args, "xlsx"]))
    printed = client.get(reverse("reports:progress_export", args=[*args, "pdf"]))
    out = tmp_path / "附件1.xlsx"
    call_command(
        "export_progress_report",
        *("--region", city.code, "--year", "2026", "--quarter", "4", "--output", str(out)),
        stdout=io.StringIO(),
    )

    screen = screen_numbers(page.content.decode())
    assert [line[0] for line in xlsx_rows(exported.content)] == [row.name for row in rows]
    assert screen == xlsx_numbers(rows, exported.content) == xlsx_numbers(rows, out.read_bytes()) == raw
    assert printed.content.startswith(b"%PDF")
    table, _ = pdf.progress_table(current_sheet(city, period, report, live=False))
    assert table[0][0] == "区（市）"
    assert {row.code: line[1:] for row, line in zip(rows, table[2:], strict=True)} == raw
    assert sum(raw[city.code]) > 20
    assert page.context["sheet"].frozen is frozen
    if frozen:
        assert page.context["sheet"].drifted > 0


def xlsx_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()[6:]


def xlsx_numbers(rows, content: bytes) -> dict[str, list[int]]:
    lines = xlsx_rows(content)
    return {row.code: [int(v) for v in line[1:13]] for row, line in zip(rows, lines, strict=True)}


def screen_numbers(html: str) -> dict[str, list[int]]:
    """Region code → the numbers shown in its row of the report table, in column order."""
    table = html[html.index('id="progress-table"') :]
    table = table[: table.index("</table>")]
    out = {}
    for code, body in re.findall(r'<tr class="[^"]*" data-row="(\d{12})">(.*?)</tr>', table, re.S):
        out[code] = [int(v) for v in re.findall(r'<a class="figure-link" href="[^"]+"[^>]*>(\d+)</a>', body)]
    return out
