"""The map shows today's counties, old areas under their new codes, and names what it cannot draw."""

import csv

import pytest

from conftest import first_village, region
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.monitoring import maps
from fangfan.regions.models import Region

pytestmark = pytest.mark.django_db
NOW = ledger.current_month()
LAST = add_months(NOW, -1)
ZONES = ("开发区", "示范区", "新区", "风景名胜区")  # administrative zones, not drawn by any map


def test_every_row_of_the_mapping_names_a_drawn_area_and_a_county_of_today():
    with maps.CODES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    merged = {r["map_code"][:4]: r["code"][:4] for r in rows if r["map_code"].endswith("00")}

    for row in rows:
        today = Region.objects.get(code=row["code"].ljust(12, "0"))
        assert today.name == row["name"], row
        assert row["source"].startswith("民政部《") and row["change"], row
        old_city = row["map_code"][:4]
        if row["map_code"].endswith("00"):  # a city merged into another: its file is drawn there
            assert len(maps.city_files(today)) == 2, row
            continue
        files = maps.city_files(region(merged.get(old_city, old_city)))
        assert any(row["map_code"] in maps._areas_in(f) for f in files), row


@pytest.mark.parametrize("province", ["37", "14"])
def test_every_county_of_shandong_and_shanxi_has_its_area(province):
    found = maps.region_map(region(province), LAST)

    assert found is not None
    assert all(maps.city_files(city) for city in Region.objects.filter(parent_id=region(province).code))
    assert [a["name"] for a in found["missing"] if not a["name"].endswith(ZONES)] == []


@pytest.mark.parametrize(
    "city, renamed",
    [
        ("3701", {"章丘区", "济阳区", "莱芜区", "钢城区"}),
        ("3702", {"即墨区"}),
        ("3706", {"蓬莱区"}),
        ("1404", {"潞州区", "上党区", "屯留区", "潞城区"}),
        ("1402", {"平城区", "云冈区", "云州区"}),
    ],
)
def test_counties_renamed_since_the_map_was_made_are_drawn(city, renamed):
    found = maps.region_map(region(city), LAST)

    drawn = {a["name"] for a in found["areas"]}
    assert renamed <= drawn
    assert all(a["name"].endswith(ZONES) for a in found["missing"])


def test_a_renamed_county_shows_its_value_and_opens_its_people(client, make_user, make_person, make_spell):
    from fangfan.accounts.roles import Role

    zhangqiu = "370114"
    make_spell(make_person(first_village(zhangqiu)), add_months(NOW, -3))
    client.force_login(make_user(Role.CITY, "370100000000"))

    data = client.get(f"/monitoring/?region=370100000000&month={LAST:%Y-%m}").context["data"]["map"]

    area = next(a for a in data["areas"] if a["code"] == zhangqiu)
    assert area["value"] == 1
    assert client.get(area["url"]).context["total"] == 1
    assert data["aliases"]["370181"] == zhangqiu
    assert "/static/vendor/maps/shan1_dong1_lai2_wu2.geojson" in data["files"]


def test_counties_the_map_lacks_are_named_under_it(client, make_user):
    from fangfan.accounts.roles import Role

    client.force_login(make_user(Role.CITY, "370100000000"))

    page = client.get(f"/monitoring/?region=370100000000&month={LAST:%Y-%m}")

    assert 'id="map-missing"' in page.content.decode()
    assert "济南高新技术产业开发区" in page.content.decode().split('id="map-missing"')[1]
