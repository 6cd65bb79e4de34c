"""The official layouts read back: headers, merged ranges, values, print setup."""

import io
import re
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from conftest import region
from fangfan.regions.codes import Level
from fangfan.reports import definitions, services
from fangfan.reports.definitions import Period
from fangfan.reports.exports import pdf, xlsx_layout
from fangfan.reports.projects import FLAG_HEADER, ProjectRow, form_header
from fangfan.reports.sheet import working_sheet

from .conftest import expected, townships

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 4)


def read(content: bytes):
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges


def merged(ranges) -> set[tuple[int, int, int, int]]:
    return {(a[0], a[1], b[0], b[1]) for a, b in ranges}


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


@pytest.fixture
def submitted_sheet(shanting_operator, shanting_reviewer, shanting, shanting_records):
    report = services.start_report(
        shanting_operator, shanting, PERIOD, unit_name="山亭区人力资源和社会保障局"
    )
    first = townships(shanting)[0]
    services.adjust(
        shanting_operator,
        report,
        row_code=first.code,
        column_key="trainees",
        value=4,
        reason="培训签到表未录入",
    )
    services.submit(shanting_reviewer, report, filled_by="张三", phone="0632-1234567")
    report.refresh_from_db()
    return working_sheet(shanting, PERIOD, report=report)


def test_progress_xlsx_has_the_official_title_header_lines_and_two_merged_header_rows(
    submitted_sheet, shanting
):
    rows, ranges = read(xlsx_layout.progress_xlsx(submitted_sheet))

    assert rows[0][0] == "附件1"
    assert rows[1][0] == "防止返贫就业攻坚行动推进情况表"
    assert rows[2][0] == "单位（公章）：山亭区人力资源和社会保障局"
    assert rows[2][7].startswith("填表日期：") and "年" in rows[2][7] and "月" in rows[2][7]
    assert rows[3][0] == "注：相关数据填当年累计数。数据截至2026年11月30日。"
    assert rows[3][7] == "填表人：张三"
    assert rows[3][10] == "电话：0632-1234567"
    top, second = rows[4], rows[5]
    assert top[0] == "乡镇（街道）"
    assert [v for v in top[1:] if v] == [p.header for p, _ in definitions.header_groups()]
    assert [v for v in second if v] == ["吸纳脱贫人口数", "吸纳脱贫人口数"]
    assert second[6] == "吸纳脱贫人口数" and second[8] == "吸纳脱贫人口数"
    spans = merged(ranges)
    assert (1, 0, 1, 12) in spans
    assert (4, 0, 5, 0) in spans
    assert (4, 5, 4, 6) in spans and top[5] == "就业帮扶车间个数"
    assert (4, 7, 4, 8) in spans and top[7] == "以工代赈吸纳当地农村劳动力就业人数"
    for col in (1, 2, 3, 4, 9, 10, 11, 12):
        assert (4, col, 5, col) in spans


def test_progress_xlsx_writes_the_total_first_and_numbers_as_numbers(submitted_sheet, shanting):
    rows, _ = read(xlsx_layout.progress_xlsx(submitted_sheet))
    first, second = townships(shanting)[:2]

    body = rows[6:]
    assert body[0][0] == shanting.name
    assert body[0][1:] == expected(0)
    names = [r[0] for r in body]
    assert names[1:3] == [first.name, second.name]
    assert body[1][10] == 4.0 and body[1][1:10] == expected(1)[:9]
    assert body[2][1:] == expected(2)
    assert all(isinstance(v, float) for r in body for v in r[1:])
    assert [[int(v) for v in r[1:]] for r in body] == submitted_sheet.values()


def test_progress_xlsx_prints_on_a4_landscape_with_the_header_rows_repeated(submitted_sheet):
    content = xlsx_layout.progress_xlsx(submitted_sheet)
    xml = sheet_xml(content)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        book = z.read("xl/workbook.xml").decode()

    assert re.search(r'<pageSetup[^>]*paperSize="9"', xml)
    assert re.search(r'<pageSetup[^>]*orientation="landscape"', xml)
    assert "_xlnm.Print_Titles" in book and "$5:$6" in book
    assert "<legacyDrawing" in xml


def test_an_unfilled_report_prints_the_blank_date_of_the_form(shanting):
    rows, _ = read(xlsx_layout.progress_xlsx(working_sheet(shanting, PERIOD)))

    assert re.fullmatch(r"填表日期：\s+年\s+月\s+日", rows[2][7])
    assert rows[3][7] == "填表人：" and rows[3][10] == "电话："


def project_row(**extra) -> ProjectRow:
    values = {
        "project_id": 1,
        "district": "山亭区",
        "number": 1,
        "name": '=HYPERLINK("x")',
        "summary": "食用菌大棚，吸纳周边村民就业",
        "workers": 12,
        "poverty_workers": 5,
        "flags": "①",
        "contact": "李四",
        "phone": "13800000000",
        "notes": "",
    }
    return ProjectRow(**(values | extra))


def test_project_list_xlsx_has_the_official_headers_merges_and_footer():
    rows, ranges = read(
        xlsx_layout.project_list_xlsx(
            ("山亭", "区（市）"),
            [project_row(), project_row(number=2, name="二号项目", workers=3)],
            filled_by="王五",
            phone="0632-7654321",
        )
    )

    assert rows[0][0] == "附件2"
    assert rows[1][0] == "脱贫人口就业帮扶项目清单"
    assert rows[2][0] == "　山亭　区（市）" and rows[2][5].startswith("填表日期：")
    assert rows[3][:5] == ["区（市）", "序号", "项目名称", "项目简介", "带动就业人数"]
    assert rows[3][6] == FLAG_HEADER
    assert rows[3][7:] == ["项目联系人", "联系电话", "备注"]
    assert rows[4][5] == "带动脱贫人口就业人数"
    spans = merged(ranges)
    assert (3, 4, 3, 5) in spans
    for col in (0, 1, 2, 3, 6, 7, 8, 9):
        assert (3, col, 4, col) in spans
    assert rows[5][4:6] == [12.0, 5.0] and rows[6][4] == 3.0
    assert rows[5][2] == '=HYPERLINK("x")'
    assert rows[8][0] == "填表人：王五" and rows[8][5] == "电话：0632-7654321"


def test_the_pdf_embeds_the_cjk_font_and_carries_the_title(submitted_sheet):
    content = pdf.progress_pdf(submitted_sheet)

    assert content.startswith(b"%PDF")
    assert b"NotoSerifSC" in content
    assert b"/FontFile2" in content
    assert len(content) < 2_000_000


def test_the_project_list_pdf_renders(submitted_sheet):
    content = pdf.project_list_pdf(
        ("山亭", "区（市）"), [project_row()], filled_by="王五", phone="0632-7654321"
    )

    assert content.startswith(b"%PDF") and b"NotoSerifSC" in content


@pytest.mark.parametrize(
    ("code", "rows", "header"),
    [
        ("370406", None, "乡镇（街道）"),
        ("370400", None, "区（市）"),
        ("370000", None, "市"),
        ("370000", Level.COUNTY, "区（市）"),
    ],
)
def test_the_row_header_names_the_level_of_the_rows(code, rows, header):
    sheet = working_sheet(region(code), PERIOD, row_level=rows)

    assert sheet.row_header == header
    assert read(xlsx_layout.progress_xlsx(sheet))[0][4][0] == header


@pytest.mark.parametrize(
    ("code", "header"),
    [("370406", ("山亭", "区（市）")), ("370481", ("滕州", "区（市）")), ("370400", ("枣庄", "市"))],
)
def test_the_project_list_header_fills_the_forms_blank_with_the_name(code, header):
    assert form_header(region(code)) == header
