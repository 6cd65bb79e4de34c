"""The audit pages: scoped to the user, filtered by the region picker."""

import pytest

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, region
from fangfan.accounts.roles import Role
from fangfan.audit import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(shanting_operator, tengzhou_operator):
    for user, code in ((shanting_operator, SHANTING), (tengzhou_operator, TENGZHOU)):
        place = region(code)
        services.record(user, "test.change", place, after={"name": place.name}, region_id=code)
        services.log_access(user, "export", object_type="registry.person", object_id=code, region_id=code)


@pytest.mark.parametrize("url", ["/audit/", "/audit/access/"])
def test_a_city_user_filters_the_trail_by_a_county_with_the_picker(client, make_user, trail, url):
    client.force_login(make_user(Role.CITY, ZAOZHUANG))

    everything = client.get(url)
    shanting = client.get(url, {"region": SHANTING})

    assert len(everything.context["page"].items) == 2
    assert [i.region_id for i in shanting.context["page"].items] == [SHANTING]
    assert shanting.context["region"].code == SHANTING
    assert 'id="picker-region"' in shanting.content.decode()


@pytest.mark.parametrize("url", ["/audit/", "/audit/access/"])
def test_a_county_user_sees_only_their_county_whatever_region_they_ask_for(
    client, shanting_operator, trail, url
):
    client.force_login(shanting_operator)

    asked_elsewhere = client.get(url, {"region": TENGZHOU})

    assert [i.region_id for i in asked_elsewhere.context["page"].items] == [SHANTING]
    assert asked_elsewhere.context["region"] is None


def test_a_village_worker_may_not_read_the_trail(client, make_user, trail):
    client.force_login(make_user(Role.VILLAGE_WORKER, first_village(SHANTING[:6]).code))

    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/access/").status_code == 403
