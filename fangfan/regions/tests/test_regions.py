import pytest
from django.db import connection

from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.resolver import Names, RegionResolver, ResolveError, core_name
from fangfan.regions.services import load_regions

pytestmark = pytest.mark.django_db


def test_the_demo_cities_are_loaded_with_their_villages():
    zaozhuang = Region.objects.get(code="370400000000")

    assert zaozhuang.name == "枣庄市"
    assert zaozhuang.level == Level.CITY
    assert zaozhuang.descendants(Level.COUNTY).filter(name="山亭区").exists()
    assert zaozhuang.descendants(Level.VILLAGE).count() > 2000
    assert Region.objects.filter(code__startswith="1410", level=Level.VILLAGE).count() > 2000


def test_a_village_knows_its_ancestors():
    village = Region.objects.filter(code__startswith="370406106", level=Level.VILLAGE).first()

    assert [r.name for r in village.ancestors()] == ["山东省", "枣庄市", "山亭区", "徐庄镇"]
    assert village.parent.name == "徐庄镇"


def test_a_city_without_districts_holds_its_townships_directly():
    dongguan = Region.objects.get(code="441900000000")

    assert dongguan.level == Level.CITY
    assert not Region.objects.filter(code="441900000000", level=Level.COUNTY).exists()


def test_loading_again_changes_nothing():
    again = load_regions(["37", "14"])

    assert again.created == 0
    assert again.updated == 0


def test_a_renamed_region_is_updated_in_place():
    with connection.cursor() as cur:
        cur.execute("UPDATE regions_region SET name = '旧名' WHERE code = '370406000000'")

    result = load_regions(["37", "14"])

    assert result.updated == 1
    assert Region.objects.get(code="370406000000").name == "山亭区"


@pytest.mark.parametrize(
    ("name", "level", "core"),
    [
        ("葫芦套村委会", Level.VILLAGE, "葫芦套"),
        ("曹王村村民委员会", Level.VILLAGE, "曹王"),
        ("葫芦套村", Level.VILLAGE, "葫芦套"),
        ("徐庄镇", Level.TOWNSHIP, "徐庄"),
        ("滕州市", Level.COUNTY, "滕州"),
    ],
)
def test_core_names_drop_official_suffixes(name, level, core):
    assert core_name(name, level) == core


class TestResolver:
    def test_names_as_clerks_write_them_resolve_to_the_village(self):
        village = RegionResolver("3704").by_names(Names(county="山亭", township="徐庄镇", village="葫芦套村"))

        assert village.name == "葫芦套村委会"

    def test_an_unknown_village_is_an_error_naming_where_it_was_looked_for(self):
        with pytest.raises(ResolveError, match="山亭区徐庄镇没有名为“无此村”"):
            RegionResolver("3704").by_names(Names(county="山亭区", township="徐庄镇", village="无此村"))

    def test_a_village_name_shared_by_two_townships_is_ambiguous_without_the_township(self):
        counts = {}
        for r in Region.objects.filter(code__startswith="370481", level=Level.VILLAGE):
            counts.setdefault(core_name(r.name, Level.VILLAGE), set()).add(r.code[:9])
        shared = next(name for name, townships in counts.items() if len(townships) > 1)

        with pytest.raises(ResolveError, match="请填写乡镇"):
            RegionResolver("3704").by_names(Names(county="滕州市", village=shared))

    def test_a_code_outside_the_scope_is_refused(self):
        code = Region.objects.filter(code__startswith="1410", level=Level.VILLAGE).first().code

        with pytest.raises(ResolveError, match="不在您的管辖范围内"):
            RegionResolver("3704").by_code(code)

    def test_a_code_that_is_not_a_village_is_refused(self):
        with pytest.raises(ResolveError, match="不是村级代码"):
            RegionResolver("3704").by_code("370406106000")
