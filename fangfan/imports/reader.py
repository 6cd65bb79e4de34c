"""Reading the sheets clerks actually have: .xlsx, .xls and .csv.

Cells come back as Python values (str, int, float, date, datetime, bool) with
'' for blanks. A value that spans merged cells is copied into every cell of its
range, so a 户编号 merged across a family's rows is on each member's row.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SUFFIXES = EXCEL_SUFFIXES | {".csv"}


class ReadError(ValueError):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class Table:
    """The rows of the first sheet; values of merged cells are already copied into each cell."""

    rows: list[list[Any]]
    sheet_name: str = ""


def _fill_merged(rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    for (r1, c1), (r2, c2) in merged:
        if r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        value = rows[r1][c1]
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if row[c] in ("", None):
                    row[c] = value


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别CSV文件的编码，请另存为UTF-8或GBK编码的CSV，或直接上传Excel文件")


def read_table(path: Path, original_name: str | None = None) -> Table:
    """The first sheet of an Excel file, or a CSV file, as rows of cells."""
    suffix = Path(original_name or path.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(f"不支持“{suffix or '无扩展名'}”文件，请上传 .xlsx、.xls 或 .csv 文件")
    if suffix == ".csv":
        text = _decode(path.read_bytes())
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        return Table(rows=[list(r) for r in csv.reader(io.StringIO(text), dialect)], sheet_name=path.name)
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except Exception as exc:  # calamine raises several error types for damaged or mislabelled files
        raise ReadError(
            f"无法读取该Excel文件（{exc.__class__.__name__}）。文件可能已损坏或并非Excel格式"
        ) from exc
    _fill_merged(rows, merged)
    return Table(rows=rows, sheet_name=sheet.name)
