"""Every page of the app opens for the role it is meant for, and the system check."""

import datetime as dt

import pytest
from django.urls import reverse

from fangfan.reports import checks, definitions, services
from fangfan.reports.definitions import Period

from .conftest import townships, village_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(shanting_operator, shanting):
    return services.create_project(
        shanting_operator,
        shanting,
        name="服装加工车间",
        summary="",
        location=village_of(townships(shanting)[0]),
        contact="",
        phone="",
        notes="",
        started_on=dt.date(2026, 1, 1),
        ended_on=None,
    )


def test_the_county_pages_open(client, shanting_operator, shanting, project):
    report = services.start_report(shanting_operator, shanting, Period(2026, 4))
    client.force_login(shanting_operator)

    for path in (
        reverse("reports:index"),
        report.get_absolute_url(),
        reverse("reports:summary", args=[shanting.code, 2026]),
        reverse("reports:projects"),
        reverse("reports:project_create"),
        reverse("reports:project_detail", args=[project.pk]) + "?year=2026&quarter=4&show=poverty",
        reverse("reports:project_edit", args=[project.pk]),
    ):
        assert client.get(path).status_code == 200, path


def test_the_city_pages_open(client, city_user, zaozhuang, shanting):
    client.force_login(city_user)

    for path in (
        reverse("reports:index"),
        reverse("reports:progress", args=[zaozhuang.code, 2026, 4]),
        reverse("reports:progress", args=[shanting.code, 2026, 4]),
        reverse("reports:timeliness", args=[zaozhuang.code, 2026]),
        f"/quality/rules/reports.reportingrule/?region={zaozhuang.code}",
        reverse("reports:projects") + "?year=2026&quarter=4",
        reverse("reports:library", args=[zaozhuang.code]),
    ):
        assert client.get(path).status_code == 200, path


def test_a_nationwide_administrator_opens_on_the_first_province(client, make_user):
    from fangfan.accounts.roles import Role

    client.force_login(make_user(Role.ADMIN, None))

    page = client.get(reverse("reports:index"))
    projects = client.get(reverse("reports:projects"))

    assert page.status_code == 200 and page.context["region"].level == 1
    assert projects.status_code == 200


def test_a_village_worker_has_no_report_pages(client, make_user, shanting):
    from fangfan.accounts.roles import Role

    worker = make_user(Role.VILLAGE_WORKER, village_of(townships(shanting)[0]).code)
    client.force_login(worker)

    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:progress", args=[shanting.code, 2026, 4])).status_code == 403


def test_a_bad_period_or_export_format_is_not_found(client, shanting_operator, shanting):
    client.force_login(shanting_operator)

    assert client.get(reverse("reports:progress", args=[shanting.code, 2026, 5])).status_code == 404
    assert (
        client.get(reverse("reports:progress_export", args=[shanting.code, 2026, 4, "csv"])).status_code
        == 404
    )
    township = townships(shanting)[0]
    assert client.get(reverse("reports:progress", args=[township.code, 2026, 4])).status_code == 404


def test_the_system_check_names_a_column_whose_figure_is_not_registered(monkeypatch):
    assert checks.figures_registered(None) == []

    monkeypatch.setitem(definitions.FIGURE_KEYS, "brands", "cooperation.no_such_figure")

    warnings = checks.figures_registered(None)
    assert [w.id for w in warnings] == ["reports.W001"]
    assert "特色劳务品牌个数" in warnings[0].msg
