"""The region picker and its search, through the client: always inside the user's scope."""

import pytest

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_township, region
from fangfan.accounts.roles import Role
from fangfan.regions.resolver import RegionResolver

pytestmark = pytest.mark.django_db


def test_the_picker_starts_at_the_users_county_and_lists_its_townships(client, shanting_operator):
    client.force_login(shanting_operator)

    picker = client.get("/regions/picker/", {"field": "village"}).context["picker"]

    assert [r.name for r in picker.trail] == ["山亭区"]
    assert {r.level for r in picker.children} == {4}
    assert {r.code[:6] for r in picker.children} == {SHANTING[:6]}


def test_the_picker_walks_down_but_never_above_or_outside_the_scope(client, shanting_operator):
    client.force_login(shanting_operator)
    township = first_township(SHANTING[:6])

    down = client.get("/regions/picker/", {"code": township.code}).context["picker"]
    outside = client.get("/regions/picker/", {"code": TENGZHOU}).context["picker"]
    above = client.get("/regions/picker/", {"code": ZAOZHUANG}).context["picker"]

    assert [r.name for r in down.trail] == ["山亭区", township.name]
    assert all(r.parent_id == township.code for r in down.children)
    assert outside.selected.code == SHANTING and above.selected.code == SHANTING


def test_the_input_picker_carries_the_chosen_code_in_a_hidden_field(client, shanting_operator):
    client.force_login(shanting_operator)
    township = first_township(SHANTING[:6])

    page = client.get("/regions/picker/", {"field": "village", "mode": "input", "code": township.code})

    assert f'name="village" value="{township.code}"' in page.content.decode()


def test_search_finds_only_regions_in_scope_and_names_their_path(client, make_user):
    client.force_login(make_user(Role.CITY, ZAOZHUANG))

    rows = client.get("/regions/search/", {"region_q": "市中区", "mode": "input"}).context["rows"]

    assert [(r.code, path) for r, path, _ in rows] == [("370402000000", "山东省枣庄市")]


def test_search_links_keep_the_pages_filters_and_drop_its_cursor(client, shanting_operator):
    client.force_login(shanting_operator)
    township = first_township(SHANTING[:6])

    rows = client.get(
        "/regions/search/",
        {"region_q": township.name, "next": "/registry/?labour=yes&after=99", "field": "region"},
    ).context["rows"]

    assert rows[0][2] == f"/registry/?labour=yes&region={township.code}"


def test_search_never_links_to_another_site(client, shanting_operator):
    client.force_login(shanting_operator)

    rows = client.get("/regions/search/", {"region_q": "山亭", "next": "https://evil.example/x"}).context[
        "rows"
    ]

    assert rows and all(link.startswith("/?region=") for _, _, link in rows)


def test_an_empty_search_finds_nothing(client, shanting_operator):
    client.force_login(shanting_operator)

    response = client.get("/regions/search/", {"region_q": "  "})

    assert response.context["rows"] == []


def test_the_resolver_matches_a_name_with_or_without_its_suffix():
    shanting = region(SHANTING)

    assert RegionResolver.matches(shanting, "山亭区") and RegionResolver.matches(shanting, "山亭")
    assert not RegionResolver.matches(shanting, "滕州")


def test_a_village_named_with_full_width_brackets_matches_the_ascii_ones_a_sheet_is_read_in():
    # Given a village whose official name has full-width brackets
    village = region("140108001400")
    assert "（" in village.name
    # When a sheet names it with ASCII brackets (as every cell reads after NFKC), or with its own
    ascii_name = village.name.replace("（", "(").replace("）", ")")
    # Then both name it, and another village's name does not
    assert RegionResolver.matches(village, ascii_name)
    assert RegionResolver.matches(village, village.name)
    assert not RegionResolver.matches(village, "太原钢铁(集团)")
