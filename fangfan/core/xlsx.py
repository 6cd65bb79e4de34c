"""Writing xlsx for users (XlsxWriter).

Strings are always written as text, never as formulas, so that a cell that
starts with = + - @ cannot run when a clerk opens the file (formula injection).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )


class CellWriter:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        self.money_format = book.add_format({"num_format": "#,##0.00"})

    def write(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, decimal.Decimal):
            sheet.write_number(row, col, float(value), fmt or self.money_format)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value, fmt)
        elif isinstance(value, dt.datetime):
            sheet.write_string(row, col, value.strftime("%Y-%m-%d %H:%M"), fmt)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt or self.date_format)
        else:
            sheet.write_string(row, col, str(value), fmt)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "Sheet1",
    title: str | None = None,
) -> bytes:
    """A one-sheet workbook: an optional title row, a bold header, then the rows."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(sheet_name[:31])
    cells = CellWriter(book)
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    top = 0
    if title:
        sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        top = 1
    for col, header in enumerate(headers):
        sheet.write_string(top, col, header, bold)
        sheet.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
    for r, row in enumerate(rows, start=top + 1):
        for col, value in enumerate(row):
            cells.write(sheet, r, col, value)
    sheet.freeze_panes(top + 1, 0)
    book.close()
    return buffer.getvalue()
