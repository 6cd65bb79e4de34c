"""The import engine: read → find the header → parse → plan → commit.

It is the same for every kind of import (registry, employment, instruments)
and for both the web flow and the management commands. A commit is atomic
unless ``skip_invalid`` asks for the valid rows only; then the error report
lists what was left out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from fangfan.core import xlsx
from fangfan.core.masking import FIELD_MASKS, mask_text

from .cells import text
from .reader import Table
from .spec import Counts, ImportSpec, Row, RowError, normalise_header

Progress = Callable[[str, int, int], None]
HEADER_SEARCH_ROWS = 30


@dataclass
class Header:
    row: int  # 0-based index of the last header row
    columns: dict[int, str]  # column index -> column key
    labels: list[str]  # the header cells as written, for the error report

    @property
    def present(self) -> set[str]:
        return set(self.columns.values())


@dataclass
class Outcome:
    rows: int = 0
    counts: Counts = field(default_factory=Counts)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False
    header: Header | None = None

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, **self.counts.as_dict(), "errors": [e.as_dict() for e in self.errors]}


def _alias_index(spec: type[ImportSpec]) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in spec.columns:
        for name in column.names:
            index.setdefault(normalise_header(name), column.key)
    return index


def _match(cells: list[Any], index: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    taken: set[str] = set()
    for i, cell in enumerate(cells):
        key = index.get(normalise_header(cell))
        if key and key not in taken:
            found[i] = key
            taken.add(key)
    return found


def locate_header(table: Table, spec: type[ImportSpec]) -> Header | None:
    """The row among the first thirty that names most columns, joined with a
    second header row beneath it when the sheet has two-row headers."""
    index = _alias_index(spec)
    best: dict[int, str] = {}
    best_row = -1
    for r, cells in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = _match(cells, index)
        if len(found) > len(best):
            best, best_row = found, r
    if len(best) < 2:
        return None
    last = best_row
    if best_row + 1 < len(table.rows):
        below = _match(table.rows[best_row + 1], index)
        extra = {i: k for i, k in below.items() if k not in best.values() or best.get(i) == k}
        if any(k not in best.values() for k in extra.values()):
            for i, key in extra.items():
                if key not in best.values():
                    best[i] = key
            last = best_row + 1
    width = max(len(table.rows[last]), max(best) + 1)
    labels = []
    for i in range(width):
        upper = text(table.rows[best_row][i]) if i < len(table.rows[best_row]) else ""
        lower = text(table.rows[last][i]) if i < len(table.rows[last]) else ""
        labels.append(lower if last != best_row and lower and lower != upper else upper)
    return Header(row=last, columns=best, labels=labels)


def _filled(value: Any) -> bool:
    return value is not None and value != "" and (not isinstance(value, str) or not value.isspace())


def _is_footer(cells: list[Any], prefixes: tuple[str, ...]) -> bool:
    for cell in cells:
        if cell not in ("", None):
            return text(cell).startswith(prefixes)
    return False


def build_rows(table: Table, header: Header, spec: type[ImportSpec]) -> list[Row]:
    rows = []
    for r in range(header.row + 1, len(table.rows)):
        cells = table.rows[r]
        raw = {key: (cells[i] if i < len(cells) else "") for i, key in header.columns.items()}
        if not any(_filled(v) for v in raw.values()) or _is_footer(cells, spec.footer_prefixes):
            continue
        rows.append(Row(number=r + 1, raw=raw))
    return rows


class Throttle:
    """Calls the progress callback at most every half second, and always at a new stage and its end."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.last = 0.0
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        edge = stage != self.stage or done >= total
        if self.progress and (force or edge or now - self.last > 0.5):
            self.last, self.stage = now, stage
            self.progress(stage, done, total)


def run(
    spec: ImportSpec,
    table: Table,
    *,
    commit: bool,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    context: dict[str, Any] | None = None,
) -> Outcome:
    tick = Throttle(progress)
    spec.progress = tick
    outcome = Outcome()
    header = locate_header(table, type(spec))
    if header is None:
        names = "、".join(c.label for c in spec.columns if c.required)
        outcome.errors.append(RowError(0, "", f"未找到表头。表头应包含以下列：{names}"))
        return outcome
    outcome.header = header
    problems = spec.check_columns(header.present)
    if problems:
        outcome.errors.extend(RowError(header.row + 1, "", p) for p in problems)
        return outcome
    rows = build_rows(table, header, type(spec))
    outcome.rows = len(rows)
    for i, row in enumerate(rows, 1):
        spec.parse(row)
        tick("校验", i, len(rows))
    tick("比对台账", 0, len(rows), force=True)
    spec.plan([r for r in rows if r.ok], header.present)
    outcome.errors = sorted((e for r in rows for e in r.errors), key=lambda e: e.row)
    valid = [r for r in rows if r.ok]
    for row in valid:
        setattr(outcome.counts, row.action, getattr(outcome.counts, row.action) + 1)
    if not commit or (outcome.errors and not skip_invalid):
        return outcome
    if outcome.errors and not valid:
        return outcome  # "import the valid rows" with none valid: nothing is committed
    tick("写入", 0, len(valid), force=True)
    with transaction.atomic():
        outcome.counts = spec.commit(valid, header.present, context or {})
    outcome.committed = True
    tick("完成", len(rows), len(rows), force=True)
    return outcome


def error_report(
    table: Table, spec: type[ImportSpec], errors: list[dict[str, Any]], *, unmasked: bool
) -> bytes:
    """The rows that failed, as they were in the file, with a column saying why.

    Unless ``unmasked``, personal data is masked: the cells of ID number, phone and bank account
    columns, and any ID or mobile number written in another cell or in a message."""
    header = locate_header(table, spec)
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e["row"], []).append(
            f"{e['column']}：{e['message']}" if e["column"] else e["message"]
        )
    labels = header.labels if header else []
    masks = {} if unmasked or header is None else {i: FIELD_MASKS.get(k) for i, k in header.columns.items()}

    def show(i: int, cell: Any) -> str:
        value = text(cell)
        if unmasked:
            return value
        mask = masks.get(i)
        return mask(value) if mask else mask_text(value)

    rows = []
    for number in sorted(by_row):
        cells = table.rows[number - 1] if 0 < number <= len(table.rows) else []
        why = "；".join(by_row[number])
        rows.append(
            [
                number,
                why if unmasked else mask_text(why),
                *[show(i, c) for i, c in enumerate(cells[: len(labels) or None])],
            ]
        )
    return xlsx.table(["原行号", "错误说明", *labels], rows, sheet_name="错误报告")
