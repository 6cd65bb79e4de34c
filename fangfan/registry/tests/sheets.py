"""Writing sheets the way clerks have them, for import tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import xlsxwriter


def xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str | None = None,
    merges: list[str] = (),
    numbers: set[tuple[int, int]] = frozenset(),
) -> Path:
    """Rows start below an optional merged title; ``merges`` are ranges like "A3:A4" (values kept in the
    first cell only, as Excel does); ``numbers`` lists (row, col) cells written as numbers."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, max(len(r) for r in rows) - 1, title)
        top = 2
    covered = set()
    for ref in merges:
        first, last = ref.split(":")
        (r1, c1), (r2, c2) = _cell(first), _cell(last)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    covered.add((r, c))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (top + r, c) in covered:
                continue
            if (r, c) in numbers:
                sheet.write_number(top + r, c, float(value))
            else:
                sheet.write_string(top + r, c, str(value))
    for ref in merges:
        first, last = ref.split(":")
        (r1, c1), (r2, c2) = _cell(first), _cell(last)
        sheet.merge_range(r1, c1, r2, c2, rows[r1 - top][c1])
    book.close()
    return path


def _cell(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    number = int("".join(ch for ch in ref if ch.isdigit()))
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    return number - 1, col - 1


def csv_file(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path
