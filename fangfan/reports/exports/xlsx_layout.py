"""附件1 and 附件2 as xlsx in the official layout (枣人社字〔2023〕68号).

附件 number, title, "单位（公章）：", "填表日期： 年 月 日", "注：相关数据填当年累计数。",
"填表人：", "电话：", the two header rows with their merged cells, numbers as numbers,
A4 landscape with the header rows repeated on every printed page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from fangfan.core import xlsx

from .. import definitions
from ..projects import ATTACHMENT_NUMBER as PROJECT_ATTACHMENT
from ..projects import FLAG_HEADER, ProjectRow
from ..projects import TITLE as PROJECT_TITLE
from ..sheet import Sheet

A4 = 9
PROGRESS_HEADER_TOP = 4
PROJECT_HEADER_TOP = 3


def date_text(day: dt.date | None) -> str:
    """填表日期： 年 月 日 — blank like the printed form until the date is known."""
    if day is None:
        return "填表日期：      年    月    日"
    return f"填表日期：{day.year}年{day.month}月{day.day}日"


class Styles:
    def __init__(self, book: Any) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        self.attachment = book.add_format({**base, "font_name": "黑体", "font_size": 12})
        self.title = book.add_format({**base, "bold": True, "font_size": 18, "align": "center"})
        self.left = book.add_format({**base, "align": "left"})
        self.right = book.add_format({**base, "align": "right"})
        self.header = book.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "border": 1}
        )
        self.name = book.add_format({**base, "align": "center", "border": 1, "text_wrap": True})
        self.total_name = book.add_format({**base, "align": "center", "border": 1, "bold": True})
        self.number = book.add_format({**base, "align": "center", "border": 1, "num_format": "0"})
        self.total_number = book.add_format(
            {**base, "align": "center", "border": 1, "num_format": "0", "bold": True}
        )
        self.adjusted = book.add_format(
            {**base, "align": "center", "border": 1, "num_format": "0", "bg_color": "#FFF2CC"}
        )
        self.text = book.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
        self.blank = book.add_format({**base, "underline": 1})


def _page_setup(sheet: Any, header_top: int, columns: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.repeat_rows(header_top, header_top + 1)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C第 &P 页 共 &N 页")
    sheet.freeze_panes(header_top + 2, 1)
    sheet.hide_gridlines(2)


def progress_xlsx(sheet: Sheet) -> bytes:
    """附件1 《防止返贫就业攻坚行动推进情况表》."""
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    ws = book.add_worksheet(definitions.TITLE[:31])
    st = Styles(book)
    cells = xlsx.CellWriter(book)
    columns = list(sheet.columns)
    last_col = len(columns)
    half = last_col // 2
    top = PROGRESS_HEADER_TOP

    ws.write_string(0, 0, f"附件{definitions.ATTACHMENT_NUMBER}", st.attachment)
    ws.merge_range(1, 0, 1, last_col, definitions.TITLE, st.title)
    ws.merge_range(2, 0, 2, half, f"单位（公章）：{sheet.unit_name}", st.left)
    ws.merge_range(2, half + 1, 2, last_col, date_text(sheet.filled_on), st.right)
    ws.merge_range(3, 0, 3, half, f"{definitions.NOTE}{sheet.as_of}。", st.left)
    ws.merge_range(3, half + 1, 3, last_col - 3, f"填表人：{sheet.filled_by}", st.right)
    ws.merge_range(3, last_col - 2, 3, last_col, f"电话：{sheet.phone}", st.left)

    ws.merge_range(top, 0, top + 1, 0, sheet.row_header, st.header)
    position = {c.key: i + 1 for i, c in enumerate(columns)}
    for parent, subs in definitions.header_groups():
        if parent.key not in position:
            continue
        col = position[parent.key]
        if subs:
            ws.merge_range(top, col, top, col + len(subs), parent.header, st.header)
            ws.write_blank(top + 1, col, None, st.header)
            for sub in subs:
                ws.write_string(top + 1, position[sub.key], sub.header, st.header)
        else:
            ws.merge_range(top, col, top + 1, col, parent.header, st.header)
    ws.set_row(top, 48)
    ws.set_row(top + 1, 48)
    ws.set_column(0, 0, 16)
    ws.set_column(1, last_col, 10)

    for r, row in enumerate(sheet.rows, start=top + 2):
        ws.write_string(r, 0, row.name, st.total_name if row.is_total else st.name)
        for c, cell in enumerate(row.cells, start=1):
            fmt = st.adjusted if cell.adjusted else (st.total_number if row.is_total else st.number)
            cells.write(ws, r, c, cell.value, fmt)
            if cell.adjustment is not None:
                ws.write_comment(
                    r, c, f"人工调整：计算值{cell.computed}，理由：{cell.adjustment.reason}", {"x_scale": 2}
                )
    _page_setup(ws, top, last_col)
    book.close()
    return buffer.getvalue()


PROJECT_HEADERS = ("区（市）", "序号", "项目名称", "项目简介")
PROJECT_TAIL = ("项目联系人", "联系电话", "备注")


def project_values(row: ProjectRow) -> list[Any]:
    return [
        row.district,
        row.number,
        row.name,
        row.summary,
        row.workers,
        row.poverty_workers,
        row.flags,
        row.contact,
        row.phone,
        row.notes,
    ]


def project_list_xlsx(
    header: tuple[str, str],
    rows: Sequence[ProjectRow],
    *,
    filled_by: str = "",
    phone: str = "",
    filled_on: dt.date | None = None,
) -> bytes:
    """附件2 《脱贫人口就业帮扶项目清单》; ``header`` is ``projects.form_header``: "＿山亭＿区（市）"."""
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    ws = book.add_worksheet(PROJECT_TITLE)
    st = Styles(book)
    cells = xlsx.CellWriter(book)
    last_col = 9
    top = PROJECT_HEADER_TOP

    ws.write_string(0, 0, f"附件{PROJECT_ATTACHMENT}", st.attachment)
    ws.merge_range(1, 0, 1, last_col, PROJECT_TITLE, st.title)
    stem, words = header
    ws.merge_range(2, 0, 2, 4, "", st.left)
    ws.write_rich_string(2, 0, st.blank, f"　{stem}　", words, st.left)
    ws.merge_range(2, 5, 2, last_col, date_text(filled_on), st.right)

    for col, text in enumerate(PROJECT_HEADERS):
        ws.merge_range(top, col, top + 1, col, text, st.header)
    ws.merge_range(top, 4, top, 5, "带动就业人数", st.header)
    ws.write_blank(top + 1, 4, None, st.header)
    ws.write_string(top + 1, 5, "带动脱贫人口就业人数", st.header)
    ws.merge_range(top, 6, top + 1, 6, FLAG_HEADER, st.header)
    for col, text in enumerate(PROJECT_TAIL, start=7):
        ws.merge_range(top, col, top + 1, col, text, st.header)
    ws.set_row(top, 40)
    ws.set_row(top + 1, 60)
    for col, width in enumerate((12, 6, 22, 40, 10, 12, 22, 10, 14, 16)):
        ws.set_column(col, col, width)

    r = top + 2
    for row in rows:
        for c, value in enumerate(project_values(row)):
            fmt = st.number if isinstance(value, int) else st.text
            cells.write(ws, r, c, value, fmt)
        r += 1
    ws.merge_range(r + 1, 0, r + 1, 4, f"填表人：{filled_by}", st.left)
    ws.merge_range(r + 1, 5, r + 1, last_col, f"电话：{phone}", st.left)
    _page_setup(ws, top, last_col)
    book.close()
    return buffer.getvalue()
