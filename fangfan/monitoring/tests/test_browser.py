import pytest

from conftest import TENGZHOU, ZAOZHUANG, first_village
from fangfan.accounts.roles import Role
from fangfan.employment import ledger
from fangfan.employment.rules import add_months
from fangfan.monitoring.models import Indicator
from fangfan.monitoring.services import set_target
from fangfan.regions.models import Region

pytestmark = pytest.mark.browser
NOW = ledger.current_month()


@pytest.fixture
def city(make_user, make_person, make_spell):
    for i in range(6):
        area = ("in_county", "in_province", "out_of_province")[i % 3]
        make_spell(make_person(name=f"山亭{i}"), add_months(NOW, -20 + i), area=area, income=2500 + 400 * i)
    for i in range(3):
        make_spell(
            make_person(first_village(TENGZHOU[:6]), name=f"滕州{i}"), add_months(NOW, -8), area="in_province"
        )
    set_target(
        None, region=Region.objects.get(code=ZAOZHUANG), year=NOW.year, indicator=Indicator.MIGRANT, value=10
    )
    return make_user(Role.CITY, ZAOZHUANG)


def test_the_dashboard_draws_its_charts_and_a_point_opens_its_people(browser, city):
    browser.login(city)
    browser.open(f"/monitoring/?region={ZAOZHUANG}")
    page = browser.page
    for chart in (
        "chart-trend",
        "chart-breakdown",
        "chart-income",
        "chart-ranking",
        "chart-gauges",
        "chart-map",
    ):
        page.wait_for_selector(f"#{chart}[data-ready='1'] canvas")
    browser.screenshot("monitoring-dashboard")

    point = page.evaluate(
        """() => {
          const el = document.getElementById('chart-trend');
          const chart = echarts.getInstanceByDom(el);
          const data = chart.getOption().series[0].data;
          const last = data.length - 1;
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, [last, data[last].value]);
          const box = el.getBoundingClientRect();
          return {x: box.left + x, y: box.top + y, url: data[last].url};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/figures/employment.employed/**")

    assert page.locator("#figure-total").inner_text() == "9"
    browser.screenshot("monitoring-drilldown")


def test_the_dashboard_fits_a_phone(browser, city):
    browser.page.set_viewport_size({"width": 390, "height": 844})
    browser.login(city)
    browser.open(f"/monitoring/?region={ZAOZHUANG}")
    browser.page.wait_for_selector("#chart-trend[data-ready='1'] canvas")

    width = browser.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    browser.screenshot("monitoring-dashboard-phone")


def test_a_county_renamed_since_the_map_was_made_is_drawn_and_opens_its_people(
    browser, make_user, make_person, make_spell
):
    penglai = "370614"  # 2020: 蓬莱市 and 长岛县 made 蓬莱区; the map still draws the two
    make_spell(make_person(first_village(penglai)), add_months(NOW, -3))
    browser.login(make_user(Role.CITY, "370600000000"))
    browser.open(f"/monitoring/?region=370600000000&month={add_months(NOW, -1):%Y-%m}")
    page = browser.page
    page.wait_for_selector("#chart-map[data-ready='1'] canvas")

    area = page.evaluate(
        """(code) => {
          const el = document.getElementById('chart-map');
          el.scrollIntoView({block: 'center', behavior: 'instant'});
          const chart = echarts.getInstanceByDom(el);
          const series = chart.getModel().getSeriesByIndex(0);
          const region = series.coordinateSystem.getRegion(code);
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, region.getCenter());
          const box = el.getBoundingClientRect();
          const item = chart.getOption().series[0].data.find((d) => d.name === code);
          return {x: box.left + x, y: box.top + y, value: item.value, parts: region.geometries.length};
        }""",
        penglai,
    )
    browser.screenshot("monitoring-map-renamed-county")
    assert area["value"] == 1 and area["parts"] >= 2  # 蓬莱市 and 长岛县, joined
    page.mouse.click(area["x"], area["y"])
    page.wait_for_url("**/figures/employment.employed/**")

    assert page.locator("#figure-total").inner_text() == "1"
