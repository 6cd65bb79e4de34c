"""Clerk-style workbooks of people already in the ledger, for the import benchmarks.

A county clerk's 台账 is not our export: it opens with a title and a 填报单位 line, numbers
its rows (序号), and names its columns the way the local forms do (公民身份号码, 县（市、区）…).
The registry import must read it as it is, so the benchmark reads the same kind of file.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from fangfan.core.xlsx import CellWriter
from fangfan.regions.models import Region
from fangfan.registry import exporting
from fangfan.registry.models import Person

# Our export's columns under the names a clerk's form uses (each is an alias the import knows).
CLERK_HEADERS = {
    "户编号": "户编码",
    "县": "县（市、区）",
    "乡镇": "乡（镇、街道）",
    "村": "村（社区）",
    "村级区划代码": "村级区划代码",
    "姓名": "姓名",
    "身份证号": "公民身份号码",
    "性别": "性别",
    "出生日期": "出生日期",
    "与户主关系": "与户主关系",
    "户类型": "户类型（脱贫户/监测户）",
    "监测对象类别": "监测对象类别",
    "识别日期": "纳入监测时间",
    "风险消除日期": "风险消除时间",
    "文化程度": "文化程度",
    "健康状况": "健康状况",
    "残疾类别": "残疾类别",
    "残疾等级": "残疾等级",
    "劳动技能": "劳动技能状况",
    "技能特长": "技能特长",
    "联系电话": "联系电话",
    "备注": "备注",
}


def clerk_people_sheet(region: Region, path: Path, rows: int) -> int:
    """Write the first ``rows`` people of ``region`` (village order) to ``path``; returns the count."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("台账")
    cells = CellWriter(book)
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    headers = ["序号", *(CLERK_HEADERS[h] for h in exporting.HEADERS)]
    sheet.merge_range(0, 0, 0, len(headers) - 1, f"{region.name}脱贫人口（含监测对象）台账", title)
    sheet.write_string(1, 0, f"填报单位（盖章）：{region.name}乡村振兴局　　　　填报人：　　　　联系电话：")
    for col, header in enumerate(headers):
        sheet.write_string(2, col, header, head)
    people = Person.objects.in_region(region).order_by(*exporting.ORDER)[:rows]
    written = 0
    for written, values in enumerate(exporting.rows(people, unmasked=True), start=1):
        line = 2 + written
        sheet.write_number(line, 0, written)
        for col, value in enumerate(values, start=1):
            cells.write(sheet, line, col, value)
    book.close()
    return written
