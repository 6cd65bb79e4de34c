"""Every figure opens its people, and each list is as long as the number it came from."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, region
from fangfan.accounts.roles import Role
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.monitoring.models import Bulletin, Indicator
from fangfan.monitoring.services import set_target

pytestmark = pytest.mark.django_db
NOW = ledger.current_month()
LAST = add_months(NOW, -1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


@pytest.fixture
def people(make_person, make_spell):
    """枣庄, last month against the month before (环比) and a year before (同比)."""
    found = {name: make_person(name=name) for name in ("甲", "乙", "丙", "丁", "戊")}
    make_spell(found["甲"], add_months(NOW, -14), income=3000)
    make_spell(found["乙"], add_months(NOW, -14), income=5200, area="out_of_province", organised=True)
    make_spell(found["丙"], add_months(NOW, -14), month_end(add_months(NOW, -2)), area="in_province")
    make_spell(found["丁"], LAST, income=2600)
    make_spell(found["戊"], add_months(NOW, -16), month_end(add_months(NOW, -10)))
    found["己"] = make_person(with_household=False, relation_to_head="", origin=region("14"), name="己")
    make_spell(found["己"], add_months(NOW, -3), income=3500)
    found["庚"] = make_person(first_village(TENGZHOU[:6]), name="庚")
    make_spell(found["庚"], add_months(NOW, -2), income=4100, area="in_province")
    return found


@pytest.fixture
def city(client, make_user):
    client.force_login(make_user(Role.CITY, ZAOZHUANG))
    return client


def total(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    return page.context["total"]


def names(client, url: str) -> set[str]:
    return {p.name for p in client.get(url).context["page"].items}


def change_page(client, indicator: str, basis: str, code: str = ZAOZHUANG):
    return client.get(
        f"/monitoring/change/?region={code}&month={LAST:%Y-%m}&indicator={indicator}&basis={basis}"
    )


@pytest.mark.parametrize(
    "basis, gained, lost",
    [("yoy", {"丁", "庚"}, {"丙", "戊"}), ("mom", {"丁"}, {"丙"})],
)
def test_a_change_opens_both_who_came_into_work_and_who_left_it(city, people, basis, gained, lost):
    page = change_page(city, "employed", basis)

    (pair,) = page.context["pairs"]
    came, went = pair.sides
    assert (came.label, went.label) == ("新增", "减少")
    assert names(city, came.url) == gained and total(city, came.url) == came.count == len(gained)
    assert names(city, went.url) == lost and total(city, went.url) == went.count == len(lost)
    assert pair.employed - pair.base_employed == came.count - went.count
    assert total(city, pair.url) == pair.value == 4
    assert total(city, pair.base_url) == pair.base_value


def test_the_seasonal_change_opens_this_years_and_last_years_month_on_month(city, people):
    page = change_page(city, "avg_income", "seasonal")

    this_year, last_year = page.context["pairs"]
    assert (this_year.month, this_year.base) == (LAST, add_months(LAST, -1))
    assert (last_year.month, last_year.base) == (add_months(LAST, -12), add_months(LAST, -13))
    assert page.context["seasonal"] == this_year.change - last_year.change
    assert all(total(city, side.url) == side.count for pair in (this_year, last_year) for side in pair.sides)


def test_the_change_page_keeps_to_the_scope(client, shanting_operator, people):
    client.force_login(shanting_operator)

    assert change_page(client, "employed", "yoy", SHANTING).status_code == 200
    assert change_page(client, "employed", "yoy", TENGZHOU).status_code == 404
    assert change_page(client, "nonsense", "yoy", SHANTING).status_code == 404


def test_every_change_on_the_dashboard_opens_the_page_behind_it(city, people):
    page = city.get(f"/monitoring/?region={ZAOZHUANG}&month={LAST:%Y-%m}")
    html = page.content.decode()

    for indicator, basis in (
        ("employed", "yoy"),
        ("employed", "mom"),
        ("income", "yoy"),
        ("income", "mom"),
        ("avg_income", "yoy"),
        ("avg_income", "seasonal"),
    ):
        assert f"indicator={indicator}&amp;basis={basis}" in html
    rows = {r["key"]: r for r in page.context["rows"]}
    for key in ("out_of_province", "in_province", "organised", "inflow"):
        row = rows[key]
        assert total(city, row["url"]) == row["value"], key
        for basis in ("yoy", "mom", "seasonal"):
            assert change_page(city, key, basis).status_code == 200
            assert f"indicator={key}&basis={basis}" in row[basis]["url"]
    assert (rows["out_of_province"]["value"], rows["in_province"]["value"], rows["inflow"]["value"]) == (
        1,
        1,
        1,
    )


def test_the_ranking_opens_each_column(city, people):
    ranking = city.get(f"/monitoring/?region={ZAOZHUANG}&month={LAST:%Y-%m}").context["data"]["ranking"]

    for row in ranking:
        assert total(city, row["url"]) == row["employed"]
        assert total(city, row["migrant_url"]) == row["migrant"]
        assert total(city, row["local_url"]) == row["local"]
        assert total(city, row["income_url"]) == row["employed"]  # one income record per person in the month
        assert city.get(row["yoy_url"]).context["region"].code == row["code"]


def test_gauges_and_map_areas_open_the_people_they_count(city, people):
    set_target(None, region=region(ZAOZHUANG), year=LAST.year, indicator=Indicator.MIGRANT, value=10)
    set_target(None, region=region(ZAOZHUANG), year=LAST.year, indicator=Indicator.INFLOW, value=5)
    data = city.get(f"/monitoring/?region={ZAOZHUANG}&month={LAST:%Y-%m}").context["data"]

    assert [g["indicator"] for g in data["gauges"]] == ["migrant", "inflow"]
    for gauge in data["gauges"]:
        assert total(city, gauge["url"]) == int(gauge["value"])
    areas = [a for a in data["map"]["areas"] if a["value"]]
    assert {a["name"] for a in areas} == {"山亭区", "滕州市"}
    for area in data["map"]["areas"]:
        assert total(city, area["url"]) == area["value"]


@pytest.fixture
def targets(people):
    for code, migrant, inflow in ((SHANTING, 4, 1), (TENGZHOU, 1, 4)):
        set_target(None, region=region(code), year=LAST.year, indicator=Indicator.MIGRANT, value=migrant)
        set_target(None, region=region(code), year=LAST.year, indicator=Indicator.INFLOW, value=inflow)


def test_the_bulletin_ranks_by_each_indicator_with_a_target(city, targets):
    url = f"/monitoring/bulletin/?region={ZAOZHUANG}&month={LAST:%Y-%m}"

    by_migrant = city.get(url).context
    by_inflow = city.get(url + "&rank_by=inflow").context
    export = city.get(url + "&rank_by=inflow&format=xlsx")

    assert by_migrant["ranking"].choices == [("migrant", "外出务工规模"), ("inflow", "吸纳外省脱贫人口务工")]
    assert [r["name"] for r in by_migrant["rows"]][:2] == ["滕州市", "山亭区"]  # 外出: 1/1 ahead of 1/4
    assert [r["name"] for r in by_inflow["rows"]][:2] == ["山亭区", "滕州市"]  # 吸纳: 1/1 ahead of 0/4
    shanting = next(r for r in by_inflow["rows"] if r["name"] == "山亭区")
    assert {t["indicator"]: t["rank"] for t in shanting["targets"]} == {"migrant": 2, "inflow": 1}
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert "外出务工规模进度排名" in sheet[1] and "吸纳外省脱贫人口务工进度排名" in sheet[1]


def test_an_issued_bulletin_keeps_its_ranking_and_opens_its_people(city, targets):
    url = f"/monitoring/bulletin/?region={ZAOZHUANG}&month={LAST:%Y-%m}&rank_by=inflow"

    city.post(url, {"title": "第3期通报"})
    bulletin = Bulletin.objects.get()
    page = city.get(f"/monitoring/bulletin/{bulletin.pk}/")

    assert bulletin.ranked_by == "inflow"
    rows = page.context["rows"]
    assert [r["name"] for r in rows][:2] == ["山亭区", "滕州市"]
    for row in rows:
        if not row["employed"] and not row["targets"]:
            continue
        assert total(city, row["links"]["employed"]) == row["employed"]
        assert total(city, row["links"]["migrant"]) == row["migrant"]
        assert total(city, row["links"]["local"]) == row["local"]
        for target in row["targets"]:
            assert total(city, target["url"]) == int(target["value"])
    assert 'href="/monitoring/change/?' in page.content.decode()
