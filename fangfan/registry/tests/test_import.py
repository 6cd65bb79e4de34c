"""The ledger import, as clerks use it: their sheets, their mistakes."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from conftest import SHANTING, TENGZHOU, first_village, make_id
from fangfan.audit.models import AuditEvent
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.regions.models import Region
from fangfan.registry.importing import PeopleSpec
from fangfan.registry.models import Household, Person

from .sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    " 户编号",
    "县（市、区）",
    "乡镇（街道）",
    "村（社区）",
    "姓名",
    "公民身份号码",
    "与户主关系",
    "户类别",
    "劳动能力",
    "联系方式",
]


@pytest.fixture
def xuzhuang():
    township = Region.objects.get(code__startswith="370406", level=4, name="徐庄镇")
    return Region.objects.filter(parent=township).order_by("code")[0]


def ids(n, county="370406"):
    return [make_id(county, dt.date(1970, 1, 1), seq=i) for i in range(1, n + 1)]


def family_sheet(tmp_path, xuzhuang, **kw):
    village = xuzhuang
    a, b, c = ids(3)
    rows = [
        HEADER,
        [
            "H-001",
            "山亭区",
            "徐庄镇",
            village.name.replace("村委会", "村"),
            "王 大山",
            a,
            "户主",
            "脱贫户",
            "普通劳动力",
            "13800000001",
        ],
        ["", "山亭区", "徐庄镇", village.name, "李秀英 ", b, "配偶", "", "弱劳动力或半劳动力", ""],
        ["H-002", "山亭", "徐庄", village.name, "张三", c, "户主", "脱贫户", "技能劳动力", "13800000002"],
    ]
    return xlsx(
        tmp_path / "clerk.xlsx", rows, title="徐庄镇脱贫人口台账（2023年11月）", merges=["A4:A5"], **kw
    )


def run(path, actor=None, commit=False, skip_invalid=False):
    return engine.run(PeopleSpec(actor), read_table(path), commit=commit, skip_invalid=skip_invalid)


def test_a_clerk_sheet_with_title_merged_cells_and_other_header_names_imports(
    tmp_path, xuzhuang, shanting_operator
):
    outcome = run(family_sheet(tmp_path, xuzhuang), shanting_operator, commit=True)

    assert outcome.errors == []
    assert outcome.counts.as_dict() == {"created": 3, "updated": 0, "unchanged": 0}
    household = Household.objects.get(number="H-001")
    assert sorted(household.members.values_list("name", flat=True)) == ["李秀英", "王大山"]
    assert household.head.name == "王大山"
    assert household.household_type == "exited"
    assert Person.objects.get(name="张三").village == xuzhuang
    assert AuditEvent.objects.filter(action="registry.import", object_type="registry.person").count() == 3


def test_the_preview_counts_without_writing(tmp_path, xuzhuang, shanting_operator):
    outcome = run(family_sheet(tmp_path, xuzhuang), shanting_operator, commit=False)

    assert outcome.counts.created == 3
    assert not outcome.committed
    assert not Person.objects.exists()


def test_importing_the_same_file_again_changes_nothing(tmp_path, xuzhuang, shanting_operator):
    path = family_sheet(tmp_path, xuzhuang)
    run(path, shanting_operator, commit=True)
    events = AuditEvent.objects.count()

    again = run(path, shanting_operator, commit=True)

    assert again.counts.as_dict() == {"created": 0, "updated": 0, "unchanged": 3}
    assert AuditEvent.objects.count() == events


def test_a_changed_row_updates_the_person_and_audits_before_and_after(tmp_path, xuzhuang, shanting_operator):
    run(family_sheet(tmp_path, xuzhuang), shanting_operator, commit=True)
    village = xuzhuang
    a = ids(1)[0]
    changed = xlsx(
        tmp_path / "changed.xlsx",
        [
            HEADER,
            [
                "H-001",
                "山亭区",
                "徐庄镇",
                village.name,
                "王大山",
                a,
                "户主",
                "脱贫户",
                "技能劳动力",
                "13900000009",
            ],
        ],
    )

    outcome = run(changed, shanting_operator, commit=True)

    assert outcome.counts.as_dict() == {"created": 0, "updated": 1, "unchanged": 0}
    person = Person.objects.get(id_number=a)
    assert (person.phone, person.labour_capacity) == ("13900000009", "skilled")
    event = AuditEvent.objects.filter(action="registry.import", object_id=str(person.pk)).latest("id")
    assert event.before == {"labour_capacity": "ordinary", "phone": "13800000001"}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (5, "370406197001011230", "校验位不正确"),
        (5, "", "身份证号不能为空"),
        (3, "没有这个村", "没有名为“没有这个村”的村"),
        (4, "", "姓名不能为空"),
        (8, "全劳力", "不在可选范围内"),
        (9, "1380000", "联系电话"),
        (7, "贫困户", "户类型"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    tmp_path, xuzhuang, shanting_operator, column, value, message
):
    village = xuzhuang
    good, other = ids(2)
    bad = ["H-009", "山亭区", "徐庄镇", village.name, "钱五", other, "户主", "脱贫户", "普通劳动力", ""]
    bad[column] = value
    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            ["H-008", "山亭区", "徐庄镇", village.name, "孙六", good, "户主", "脱贫户", "普通劳动力", ""],
            bad,
        ],
    )

    outcome = run(path, shanting_operator, commit=True)

    assert not outcome.committed
    assert [e.row for e in outcome.errors] == [3]
    assert message in outcome.errors[0].message
    assert outcome.errors[0].column
    assert not Person.objects.exists()


def test_an_id_mangled_into_a_number_by_excel_is_explained(tmp_path, xuzhuang, shanting_operator):
    village = xuzhuang
    path = xlsx(
        tmp_path / "mangled.xlsx",
        [
            HEADER,
            ["H-1", "山亭区", "徐庄镇", village.name, "钱五", ids(1)[0], "户主", "脱贫户", "普通劳动力", ""],
        ],
        numbers={(1, 5)},
    )

    outcome = run(path, shanting_operator)

    assert "Excel存成了数字" in outcome.errors[0].message


def test_the_valid_rows_only_option_writes_them_and_reports_the_rest(tmp_path, xuzhuang, shanting_operator):
    village = xuzhuang
    good, bad = ids(2)
    path = xlsx(
        tmp_path / "partial.xlsx",
        [
            HEADER,
            ["H-1", "山亭区", "徐庄镇", village.name, "孙六", good, "户主", "脱贫户", "普通劳动力", ""],
            ["H-2", "山亭区", "徐庄镇", "没有这个村", "钱五", bad, "户主", "脱贫户", "普通劳动力", ""],
        ],
    )

    outcome = run(path, shanting_operator, commit=True, skip_invalid=True)
    report = engine.error_report(
        read_table(path), PeopleSpec, [e.as_dict() for e in outcome.errors], unmasked=True
    )

    assert outcome.committed
    assert list(Person.objects.values_list("name", flat=True)) == ["孙六"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report)).get_sheet_by_index(0).to_python()
    assert sheet[0][:2] == ["原行号", "错误说明"]
    assert sheet[1][0] == 3 and "没有这个村" in sheet[1][1] and "钱五" in sheet[1]


def test_a_duplicate_id_in_the_file_names_the_first_row(tmp_path, xuzhuang, shanting_operator):
    village = xuzhuang
    same = ids(1)[0]
    path = xlsx(
        tmp_path / "dup.xlsx",
        [HEADER]
        + [
            [
                f"H-{i}",
                "山亭区",
                "徐庄镇",
                village.name,
                f"人{'甲乙'[i]}",
                same,
                "户主",
                "脱贫户",
                "普通劳动力",
                "",
            ]
            for i in range(2)
        ],
    )

    outcome = run(path, shanting_operator)

    assert [(e.row, e.message) for e in outcome.errors] == [(3, "与第2行身份证号重复")]


def test_rows_outside_the_users_county_are_refused(tmp_path, shanting_operator, make_person):
    other_village = first_village(TENGZHOU[:6])
    elsewhere = make_person(other_village, name="滕州人")
    path = xlsx(
        tmp_path / "scope.xlsx",
        [
            ["村级区划代码", "姓名", "身份证号", "劳动技能"],
            [other_village.code, "甲", ids(1, "370481")[0], "普通劳动力"],
            [first_village(SHANTING[:6]).code, "乙", elsewhere.id_number, "普通劳动力"],
        ],
    )

    outcome = run(path, shanting_operator, commit=True)

    messages = {e.row: e.message for e in outcome.errors}
    assert "不在您的管辖范围内" in messages[2]
    assert "其他地区" in messages[3] and "滕州人" not in messages[3]
    assert Person.objects.get(pk=elsewhere.pk).name == "滕州人"


def test_a_missing_required_column_is_a_clear_file_error(tmp_path, shanting_operator):
    path = xlsx(
        tmp_path / "cols.xlsx", [["姓名", "村级区划代码"], ["张三", first_village(SHANTING[:6]).code]]
    )

    outcome = run(path, shanting_operator)

    assert any("未找到必填列“身份证号”" in e.message for e in outcome.errors)


def test_a_gbk_csv_with_a_footer_imports(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    path = csv_file(
        tmp_path / "gbk.csv",
        [
            ["村级区划代码", "姓名", "身份证号码", "劳动技能"],
            [village.code, "周七", ids(1)[0], "普通劳动力"],
            ["填表人：李会计", "", "", ""],
        ],
        encoding="gbk",
    )

    outcome = run(path, shanting_operator, commit=True)

    assert outcome.errors == []
    assert Person.objects.get().name == "周七"


def test_the_command_prints_the_agreed_json_and_fails_when_nothing_was_committed(tmp_path, xuzhuang, capsys):
    village = xuzhuang
    path = xlsx(
        tmp_path / "cmd.xlsx",
        [
            HEADER,
            ["H-1", "山亭区", "徐庄镇", village.name, "孙六", "123", "户主", "脱贫户", "普通劳动力", ""],
        ],
    )

    with pytest.raises(SystemExit) as exit_status:
        call_command("import_people", str(path), "--commit", "--json")

    printed = json.loads(capsys.readouterr().out)
    assert exit_status.value.code == 1
    assert set(printed) == {"rows", "created", "updated", "unchanged", "errors"}
    assert printed["errors"][0]["row"] == 2 and printed["errors"][0]["column"] == "身份证号"


def test_the_command_commits_a_clean_file(tmp_path, xuzhuang, capsys):
    call_command("import_people", str(family_sheet(tmp_path, xuzhuang)), "--commit", "--json")

    printed = json.loads(capsys.readouterr().out)
    assert (printed["created"], printed["errors"]) == (3, [])
    assert Person.objects.count() == 3


def test_a_head_who_moves_to_head_another_household_leaves_the_old_one_headless(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    number = ids(1)[0]
    header = ["户编号", "村级区划代码", "姓名", "身份证号", "与户主关系", "户类型", "劳动技能"]
    run(
        xlsx(
            tmp_path / "a.xlsx",
            [header, ["H-1", village.code, "孙六", number, "户主", "脱贫户", "普通劳动力"]],
        ),
        shanting_operator,
        commit=True,
    )

    outcome = run(
        xlsx(
            tmp_path / "b.xlsx",
            [header, ["H-2", village.code, "孙六", number, "户主", "脱贫户", "普通劳动力"]],
        ),
        shanting_operator,
        commit=True,
    )

    assert outcome.committed
    assert Household.objects.get(number="H-1").head is None
    assert Household.objects.get(number="H-2").head.name == "孙六"
    assert Person.objects.get(id_number=number).household.number == "H-2"


def test_a_legacy_xls_file_with_merged_cells_imports(tmp_path, xuzhuang, shanting_operator):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    sheet.write_merge(0, 0, 0, 4, "徐庄镇脱贫人口台账")
    for col, header in enumerate(["户编号", "村级区划代码", "姓名", "身份证号", "劳动技能", "户类型"]):
        sheet.write(2, col, header)
    first, second = ids(2)
    sheet.write_merge(3, 4, 0, 0, "H-X1")
    for row, (name, number) in enumerate([("孙六", first), ("钱五", second)], start=3):
        for col, value in enumerate([xuzhuang.code, name, number, "普通劳动力", "脱贫户"], start=1):
            sheet.write(row, col, value)
    path = tmp_path / "legacy.xls"
    book.save(str(path))

    outcome = run(path, shanting_operator, commit=True)

    assert outcome.errors == []
    assert sorted(Household.objects.get(number="H-X1").members.values_list("name", flat=True)) == [
        "孙六",
        "钱五",
    ]


def test_an_unmasked_export_imports_back_without_errors_or_changes(tmp_path, shanting_operator):
    from fangfan.registry import demo, exporting
    from fangfan.registry.choices import Education

    demo.generate(SHANTING[:6], 400, seed=7)
    educations = set(Person.objects.values_list("education", flat=True))
    assert {Education.VOCATIONAL, Education.COLLEGE} <= educations  # the labels with full-width brackets
    content, count = exporting.people_xlsx(Person.objects.all(), unmasked=True)
    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    events = AuditEvent.objects.count()

    outcome = run(path, shanting_operator, commit=True)

    assert outcome.errors == []
    assert outcome.counts.as_dict() == {"created": 0, "updated": 0, "unchanged": count}
    assert AuditEvent.objects.count() == events


def test_the_command_fails_when_every_row_is_bad_even_with_skip_invalid(tmp_path, xuzhuang, capsys):
    path = xlsx(
        tmp_path / "allbad.xlsx",
        [
            HEADER,
            ["H-1", "山亭区", "徐庄镇", xuzhuang.name, "孙六", "123", "户主", "脱贫户", "普通劳动力", ""],
            ["H-2", "山亭区", "徐庄镇", "没有这个村", "钱五", ids(1)[0], "户主", "脱贫户", "普通劳动力", ""],
        ],
    )
    events = AuditEvent.objects.count()

    with pytest.raises(SystemExit) as exit_status:
        call_command("import_people", str(path), "--commit", "--skip-invalid", "--json")

    printed = json.loads(capsys.readouterr().out)
    assert exit_status.value.code == 1
    assert [e["row"] for e in printed["errors"]] == [2, 3]
    assert not Person.objects.exists() and not Household.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_contradicting_birth_date_in_a_sheet_is_named_in_the_chinese_date_form(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    number = make_id(village.code, dt.date(1985, 6, 1))
    path = xlsx(
        tmp_path / "birth.xlsx",
        [
            ["村级区划代码", "姓名", "身份证号", "出生日期", "劳动技能"],
            [village.code, "甲", number, "1990-01-01", "普通劳动力"],
        ],
    )

    outcome = run(path, shanting_operator)

    assert outcome.errors[0].message == "出生日期与身份证号不符（按身份证号应为1985年6月1日）"


def test_province_and_city_name_columns_narrow_where_a_county_name_is_looked_for(tmp_path):
    village = first_village("370402")  # 枣庄市市中区; 济南市 also has a 市中区
    township = village.parent
    header = ["省", "市", "县", "乡镇", "村", "姓名", "身份证号", "劳动技能"]
    numbers = ids(3, "370402")

    def row(province, city, number):
        return [province, city, "市中区", township.name, village.name, "孙六", number, "普通劳动力"]

    path = xlsx(
        tmp_path / "names.xlsx",
        [
            header,
            row("山东省", "枣庄市", numbers[0]),
            row("山东", "济南", numbers[1]),
            row("山西省", "枣庄市", numbers[2]),
        ],
    )

    outcome = run(path)

    messages = {e.row: (e.column, e.message) for e in outcome.errors}
    assert 2 not in messages
    assert messages[3] == ("村", f"市中区没有名为“{township.name}”的乡镇（街道）")  # 济南's 市中区
    assert messages[4] == ("村", "在您的管辖范围内找不到县（市、区）“市中区”")


def test_a_disability_card_number_in_a_sheet_fills_the_id_and_the_disability(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    number = ids(1)[0]
    path = xlsx(
        tmp_path / "card.xlsx",
        [
            ["村级区划代码", "姓名", "残疾人证号", "劳动技能"],
            [village.code, "赵四", number + "42", "弱劳动力"],
        ],
    )

    outcome = run(path, shanting_operator, commit=True)

    assert outcome.errors == []
    person = Person.objects.get()
    assert person.id_number == number
    assert (person.disability_category, person.disability_grade, person.health) == ("4", "2", "disabled")


def test_a_head_whose_relation_changes_in_a_sheet_leaves_the_household_headless(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    number = ids(1)[0]
    header = ["户编号", "村级区划代码", "姓名", "身份证号", "与户主关系", "户类型", "劳动技能"]

    def sheet(name, relation):
        return xlsx(
            tmp_path / name, [header, ["H-1", village.code, "孙六", number, relation, "脱贫户", "普通劳动力"]]
        )

    run(sheet("a.xlsx", "户主"), shanting_operator, commit=True)
    outcome = run(sheet("b.xlsx", "之子"), shanting_operator, commit=True)

    household = Household.objects.get(number="H-1")
    assert outcome.counts.updated == 1
    assert household.head is None
    event = AuditEvent.objects.filter(object_type="registry.household", object_id=str(household.pk)).latest(
        "id"
    )
    assert event.after == {"head_id": None}
