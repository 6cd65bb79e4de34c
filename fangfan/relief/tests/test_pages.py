import datetime as dt

import pytest

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
