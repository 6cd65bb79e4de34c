import datetime as dt

import pytest

from conftest import SHANTING, TENGZHOU, first_village, region
from fangfan.core import figures

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def test_a_figure_counts_the_same_records_its_page_lists(client, shanting_operator, make_person):
    shanting = region(SHANTING)
    labourers = [make_person(name=f"劳动力{i}") for i in range(3)]
    make_person(name="无劳动力者", labour_capacity="none")
    figure = figures.get("registry.labourers")

    client.force_login(shanting_operator)
    page = client.get(figure.url(shanting, FIRST, LAST))

    assert figure.value(shanting, FIRST, LAST) == 3
    assert page.status_code == 200
    assert page.context["total"] == 3
    assert {p.pk for p in page.context["page"].items} == {p.pk for p in labourers}
    assert "无劳动力者" not in page.content.decode()


def test_a_figure_of_another_county_is_not_shown(client, shanting_operator, make_person):
    make_person(first_village(TENGZHOU[:6]))

    client.force_login(shanting_operator)
    page = client.get(figures.get("registry.labourers").url(region(TENGZHOU), FIRST, LAST))

    assert page.status_code == 404


def test_a_malformed_period_is_a_clear_error(client, shanting_operator):
    client.force_login(shanting_operator)
    page = client.get(f"/figures/registry.labourers/?region={region(SHANTING).code}&first=2026-13-01&last=x")

    assert page.status_code == 400
    assert "统计期间不正确" in page.content.decode()


def test_people_from_elsewhere_counted_in_a_figure_are_listed_but_their_page_stays_closed(
    client, shanting_operator, make_person
):
    from django.db.models import Q

    from fangfan.core.figures import figure
    from fangfan.registry.models import Person

    local = make_person(name="本县人")
    visitor = make_person(first_village(TENGZHOU[:6]), name="外县人")

    @figure("tests.shanting_workers", "测试：在山亭务工的人")
    def shanting_workers(region, first, last):
        """在本区域务工的人，不论户籍。"""
        return Person.objects.filter(Q(pk=local.pk) | Q(pk=visitor.pk))

    client.force_login(shanting_operator)
    page = client.get(figures.get("tests.shanting_workers").url(region(SHANTING), FIRST, LAST))
    html = page.content.decode()

    assert page.context["total"] == 2
    assert f'href="/registry/people/{local.pk}/"' in html
    assert f'href="/registry/people/{visitor.pk}/"' not in html
    assert "外县人" in html and "外地" in html
    assert visitor.id_number not in html
