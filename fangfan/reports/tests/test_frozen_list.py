"""A frozen figure opens the records it counted when it was submitted, marking those that have since
left the figure or changed, with today's list beside it."""

import pytest
from django.urls import reverse

from fangfan.regions.codes import Level
from fangfan.registry import services as registry
from fangfan.reports import members, services
from fangfan.reports.computing import compute
from fangfan.reports.definitions import COLUMNS, Period
from fangfan.reports.sheet import current_sheet

from .conftest import withdraw_from_first_course

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 4)


@pytest.mark.parametrize(
    "pks", [[], [1], [5, 3, 3, 1], [1, 127, 128, 16_383, 16_384, 10**12], list(range(1, 5000, 7))]
)
def test_members_pack_and_unpack_to_the_sorted_primary_keys(pks):
    assert members.unpack(members.pack(pks)) == sorted(set(pks))


def test_a_hundred_thousand_people_take_a_few_kilobytes():
    assert len(members.pack(range(1, 200_000, 2))) < 5_000


@pytest.fixture
def approved(shanting, shanting_records, shanting_operator, shanting_reviewer, city_user):
    report = services.start_report(shanting_operator, shanting, PERIOD)
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    services.approve(city_user, report)
    report.refresh_from_db()
    return report


def test_each_frozen_cell_keeps_exactly_the_records_its_figure_counted(approved, shanting, shanting_records):
    version = approved.approved_version
    first, last = version.first, version.last
    regions = {shanting.code: shanting, shanting_records.first.code: shanting_records.first}

    for cell in version.cells.filter(row_code__in=regions):
        column = next(c for c in COLUMNS if c.key == cell.column)
        counted = column.figure.queryset(regions[cell.row_code], first, last).values_list("pk", flat=True)
        assert members.unpack(cell.members) == sorted(counted), (cell.row_code, cell.column)
        assert len(members.unpack(cell.members)) == cell.computed


def test_collecting_the_members_takes_one_query_per_column(
    shanting, shanting_records, django_assert_max_num_queries
):
    # The rows, a savepoint and its release, the planner setting and its restoration, then one
    # statement per column.
    with django_assert_max_num_queries(5 + len(COLUMNS)):
        computed = compute(shanting, PERIOD.first, PERIOD.last, Level.TOWNSHIP, members=True)

    assert computed.counts["trainees"].total == len(computed.members_of("trainees", shanting.code)) == 5


def test_a_frozen_figure_opens_its_own_list_marking_who_left_and_who_changed(
    client, approved, shanting, shanting_records, city_user
):
    withdraw_from_first_course(shanting_records)
    changed = shanting_records.people[0]
    registry.update_person(None, changed, name="改名后")
    client.force_login(city_user)

    sheet = current_sheet(shanting, PERIOD, approved)
    cell = sheet.cell(shanting.code, "trainees")
    page = client.get(cell.url)

    assert "/v1/" in cell.url and cell.live_url.startswith("/figures/training.poverty_trainees/")
    assert page.status_code == 200
    assert page.context["total"] == cell.value == 5
    assert (page.context["left"], page.context["joined"], page.context["today"]) == (1, 0, 4)
    states = {e["pk"]: e["state"] for e in page.context["entries"]}
    assert states[shanting_records.people[1].pk] == "left"
    assert states[changed.pk] == "changed"
    assert sum(1 for s in states.values() if s == "") == 3
    html = page.content.decode()
    assert "现已不再计入" in html and cell.live_url.replace("&", "&amp;") in html
    today = client.get(cell.live_url)
    assert today.context["total"] == 4


def test_another_county_cannot_open_a_frozen_list(client, approved, shanting, tengzhou_operator):
    client.force_login(tengzhou_operator)
    url = reverse("reports:frozen_list", args=[shanting.code, 2026, 4, 1, shanting.code, "trainees"])

    assert client.get(url).status_code == 404


def test_a_cell_that_does_not_exist_is_not_found(client, approved, shanting, city_user):
    client.force_login(city_user)

    for number, column in ((2, "trainees"), (1, "nothing")):
        url = reverse("reports:frozen_list", args=[shanting.code, 2026, 4, number, shanting.code, column])
        assert client.get(url).status_code == 404
