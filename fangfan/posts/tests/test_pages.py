import datetime as dt

import pytest

from conftest import make_id
from fangfan.posts import services
from fangfan.posts.models import VillageCadre

pytestmark = pytest.mark.django_db


def test_every_posts_page_opens_for_an_operator(client, shanting_operator, make_post, make_person, appoint):
    post = make_post()
    appointment = appoint(post, make_person())
    head = make_person()
    cadre = services.save_cadre(
        None,
        name=head.name,
        id_number=head.id_number,
        village=head.village,
        position="党支部书记",
        household=None,
        term_start=dt.date(2021, 1, 1),
        term_end=None,
    )
    client.force_login(shanting_operator)

    for url in (
        "/posts/",
        "/posts/?status=all&post_type=general&work_time=part&q=保洁",
        "/posts/posts/",
        "/posts/posts/?status=closed",
        "/posts/posts/new/",
        f"/posts/posts/{post.pk}/",
        f"/posts/posts/{post.pk}/edit/",
        f"/posts/posts/{post.pk}/appoint/",
        f"/posts/appointments/{appointment.pk}/",
        "/posts/cadres/",
        "/posts/cadres/new/",
        f"/posts/cadres/{cadre.pk}/edit/",
        "/quality/rules/",
        "/quality/?status=all&cleared=1",
    ):
        assert client.get(url).status_code == 200, url


def test_an_operator_registers_a_cadre_by_household_number(client, shanting_operator, make_person, village):
    person = make_person()
    client.force_login(shanting_operator)

    response = client.post(
        "/posts/cadres/new/",
        {
            "name": "李书记",
            "id_number": make_id(village.code, birth=dt.date(1970, 1, 1), seq=90),
            "position": "党支部书记",
            "village": village.code,
            "household": person.household.number,
            "term_start": "2021-01-01",
        },
    )

    assert response.status_code == 302
    assert VillageCadre.objects.get().household == person.household
