import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from python_calamine import CalamineWorkbook

from fangfan.relief import services

pytestmark = pytest.mark.django_db


def test_every_relief_page_opens_for_an_operator(
    client, shanting_operator, closed_march, make_project, local_labourer, hire_in
):
    project = closed_march.project
    hire = project.hires.first()
    monthly = make_project(attendance_mode="monthly")
    hire_in(monthly, local_labourer("按月"))
    services.sheet_for(None, monthly, dt.date(2026, 3, 1))
    open_daily = services.sheet_for(None, project, dt.date(2026, 4, 1))
    client.force_login(shanting_operator)

    for url in (
        "/relief/",
        "/relief/?below=1&q=道路",
        "/relief/new/",
        f"/relief/{project.pk}/",
        f"/relief/{project.pk}/edit/",
        f"/relief/{project.pk}/hires/new/",
        f"/relief/hires/{hire.pk}/edit/",
        f"/relief/{project.pk}/sheets/2026-03/",
        f"/relief/{project.pk}/sheets/2026-03/publicity/",
        f"/relief/{monthly.pk}/sheets/2026-03/",
        "/relief/workers/",
        "/relief/workers/?poverty=0",
        f"/relief/workers/{hire.worker_id}/",
        "/relief/export/",
        f"/relief/{project.pk}/export/?what=hires",
        f"/relief/{project.pk}/export/?what=attendance",
    ):
        assert client.get(url).status_code == 200, url
    grid = client.get(open_daily.get_absolute_url()).content.decode()
    assert f'name="d-{hire.pk}" value="30"' in grid and "保存考勤" in grid
    assert client.get(f"/relief/{project.pk}/sheets/2026-13/").status_code == 404


def test_a_project_shows_and_exports_its_funds_in_total(client, shanting_operator, make_project):
    # Given a project with central, provincial and other funds
    project = make_project(
        central_funds=Decimal(1_000_000), provincial_funds=Decimal(200_000), other_funds=Decimal("50000.50")
    )
    client.force_login(shanting_operator)

    # When its page and the project list are opened and exported
    page = client.get(f"/relief/{project.pk}/").content.decode()
    sheet = CalamineWorkbook.from_filelike(BytesIO(client.get("/relief/export/").content))
    rows = sheet.get_sheet_by_index(0).to_python()
    header = next(r for r in rows if "项目名称" in r)

    # Then both carry the sum of the three sources
    assert 'id="total-funds">1,250,000.50<' in page
    assert rows[rows.index(header) + 1][header.index("资金合计")] == 1250000.5


def test_the_project_list_figures_follow_the_period_picked(client, shanting_operator, closed_march):
    client.force_login(shanting_operator)

    page = client.get("/relief/?region=370406000000&year=2026&month=3").content.decode()
    workers = client.get("/relief/workers/?region=370406000000&year=2026&quarter=1").content.decode()

    assert "2026年3月" in page and "first=2026-03-01&amp;last=2026-03-31" in page
    assert "2026年第1季度吸纳" in workers and "first=2026-01-01&amp;last=2026-03-31" in workers
