import datetime as dt

import pytest

from conftest import LINFEN, first_village, region
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.reports import definitions
from fangfan.reports.computing import compute, figure_counts, sub_regions
from fangfan.reports.definitions import COLUMNS, Period

from . import instruments as make
from .conftest import EXPECTED
from .generated import DISTRICTS, generate

pytestmark = pytest.mark.django_db


def test_columns_follow_the_seed_in_order_with_their_figure_keys():
    assert [c.header for c in COLUMNS] == [
        "劳务协作联盟个数",
        "特色劳务品牌个数",
        "乡村振兴劳务基地个数",
        "劳务合作社个数",
        "就业帮扶车间个数",
        "吸纳脱贫人口数",
        "以工代赈吸纳当地农村劳动力就业人数",
        "吸纳脱贫人口数",
        "乡村公益性岗位安置脱贫人口数",
        "组织脱贫人口参加职业技能培训人数",
        "易地搬迁安置区脱贫人口就业人数",
        "举办“乐业搬迁（迁建）”专场招聘活动次数",
    ]
    assert [c.figure_key for c in COLUMNS] == [
        "cooperation.alliances",
        "cooperation.brands",
        "cooperation.bases",
        "cooperation.cooperatives",
        "workshops.workshops",
        "workshops.poverty_workers",
        "relief.local_workers",
        "relief.poverty_workers",
        "posts.poverty_holders",
        "training.poverty_trainees",
        "relocation.employed_residents",
        "relocation.job_fairs",
    ]
    groups = definitions.header_groups()
    assert [(p.header, [s.header for s in subs]) for p, subs in groups if subs] == [
        ("就业帮扶车间个数", ["吸纳脱贫人口数"]),
        ("以工代赈吸纳当地农村劳动力就业人数", ["吸纳脱贫人口数"]),
    ]


@pytest.mark.parametrize(
    ("quarter", "last"),
    [
        (1, dt.date(2024, 3, 31)),
        (2, dt.date(2024, 6, 30)),
        (3, dt.date(2024, 9, 30)),
        (4, dt.date(2024, 12, 31)),
    ],
)
def test_a_quarter_counts_year_to_date_from_the_first_of_january(quarter, last):
    period = Period(2024, quarter)

    assert (period.first, period.last) == (dt.date(2024, 1, 1), last)


def test_a_period_outside_one_to_four_is_refused():
    with pytest.raises(ValueError, match="季度应为1至4"):
        Period(2024, 5)


def test_rows_are_the_sub_regions_at_the_default_level_for_each_reporting_level(shanting, zaozhuang):
    province = region("370000000000")

    assert definitions.default_row_level(province.level_enum) == Level.CITY
    assert definitions.default_row_level(zaozhuang.level_enum) == Level.COUNTY
    assert definitions.default_row_level(shanting.level_enum) == Level.TOWNSHIP
    assert shanting.code not in {r.code for r in sub_regions(shanting, Level.TOWNSHIP)}
    assert {r.parent_id for r in sub_regions(shanting, Level.TOWNSHIP)} == {shanting.code}


def test_each_row_is_the_figure_computed_for_that_sub_region(shanting, shanting_records):
    period = Period(2026, 4)
    rows = sub_regions(shanting, Level.TOWNSHIP)

    for column in COLUMNS:
        counts = figure_counts(column.figure, [shanting, *rows], period.first, period.last)

        for row in [shanting, *rows]:
            assert counts[row.code] == column.figure.value(row, period.first, period.last), column.key
        first, second = shanting_records.first, shanting_records.second
        assert (counts[shanting.code], counts[first.code], counts[second.code]) == EXPECTED[column.key]


# Records registered on Shanting itself, in no township: the alliance and the two brands.
ON_THE_COUNTY = {"alliances": 1, "brands": 2}


def test_an_additive_column_totals_its_rows_and_another_counts_a_person_of_two_rows_once(
    shanting, shanting_records
):
    period = Period(2026, 4)

    computed = compute(shanting, period.first, period.last, Level.TOWNSHIP)

    for column in COLUMNS:
        counts = computed.counts[column.key]
        if column.additive:
            assert counts.total == counts.row_sum + ON_THE_COUNTY.get(column.key, 0), column.key
        else:
            assert counts.total <= counts.row_sum + ON_THE_COUNTY.get(column.key, 0), column.key
    trainees = computed.counts["trainees"]
    assert (trainees.total, trainees.row_sum) == (5, 6)
    assert {c.key for c in COLUMNS if c.additive} == {
        "brands",
        "bases",
        "cooperatives",
        "workshops",
        "job_fairs",
    }


def test_a_province_over_its_counties_takes_one_query_per_column_whatever_the_number_of_rows(
    make_person, django_assert_max_num_queries
):
    generate(make_person)
    shandong = region("370000000000")
    period = Period(2026, 4)
    counties = Region.objects.filter(code__startswith="37", level=Level.COUNTY).count()
    assert counties > 100

    # The rows, a savepoint and its release, the planner setting and its restoration, then one
    # statement per column.
    with django_assert_max_num_queries(5 + len(COLUMNS)):
        computed = compute(shandong, period.first, period.last, Level.COUNTY)

    assert len(computed.rows) == counties
    for column in COLUMNS:
        counts = computed.counts[column.key]
        assert counts.total == column.figure.value(shandong, period.first, period.last), column.key
        for code in DISTRICTS:
            district = region(code)
            assert counts.by_row[code] == column.figure.value(district, period.first, period.last)
    assert sum(computed.counts[c.key].total for c in COLUMNS) > 20


def test_records_of_another_province_are_not_counted(shanting):
    make.brand(region(LINFEN))
    make.cooperative(first_village(LINFEN[:4]))
    period = Period(2026, 4)

    computed = compute(shanting, period.first, period.last, Level.TOWNSHIP)

    assert computed.counts["brands"].total == 0
    assert computed.counts["cooperatives"].total == 0


def test_a_figure_whose_statement_names_more_than_its_region_is_built_for_every_row(make_person):
    # Given a figure that counts the people of a county's whole city (its SQL names the city's
    # prefix, which is not the county's code moved), and one that counts the county's own people
    from fangfan.core.figures import Figure
    from fangfan.registry.models import Person

    generate(make_person)
    citywide = Figure("test.citywide", "全市人数", lambda r, first, last: Person.objects.filter(
        village__code__startswith=r.code[:4]
    ))  # fmt: skip
    own = Figure("test.own", "本县人数", lambda r, first, last: Person.objects.in_region(r))
    shandong = region("370000000000")
    counties = sub_regions(shandong, Level.COUNTY)
    period = Period(2026, 4)
    # When both are computed for the province over its counties
    wide = figure_counts(citywide, [shandong, *counties], period.first, period.last)
    mine = figure_counts(own, [shandong, *counties], period.first, period.last)
    # Then every county has what the figure counts for it alone
    for county in counties:
        assert wide[county.code] == citywide.value(county, period.first, period.last), county.code
        assert mine[county.code] == own.value(county, period.first, period.last), county.code
    assert sum(wide.values()) > sum(mine.values()) > 0
