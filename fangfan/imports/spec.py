"""What an import kind declares: its columns (with the header names clerks use)
and how rows are parsed, planned and committed. The engine does the rest."""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.module_loading import import_string

from .cells import CellError, text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    example: Any = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    action: str = ""
    payload: Any = None

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


_NOISE = re.compile(r"[\s*＊:：]|[（(][^）)]*[）)]$")


def normalise_header(value: Any) -> str:
    """'  身份证号码（必填）*' -> '身份证号码'."""
    result = text(value)
    previous = None
    while previous != result:
        previous = result
        result = _NOISE.sub("", result)
    return result


class ImportSpec(ABC):
    """One kind of import. Subclasses set ``kind``, ``title``, ``capability`` and
    ``columns``, and implement :meth:`parse`, :meth:`plan` and :meth:`commit`."""

    do_not_call_in_templates = True  # templates receive the class itself
    kind: ClassVar[str]
    title: ClassVar[str]
    capability: ClassVar[str]
    # Who may see a file's personal data (ID numbers, phones, accounts) unmasked, as in its error
    # report: the people in every import are the registry's, so by default the registry's capability.
    unmask_capability: ClassVar[str] = "registry.unmask"
    columns: ClassVar[tuple[Column, ...]]
    footer_prefixes: ClassVar[tuple[str, ...]] = (
        "合计",
        "总计",
        "小计",
        "填表人",
        "审核人",
        "负责人",
        "注",
        "说明",
    )

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self._memo: dict[str, dict[Any, tuple[Any, str | None]]] = {}
        self.progress: Callable[[str, int, int], None] | None = None  # set by the engine

    def report(self, stage: str, done: int, total: int) -> None:
        """Progress from inside :meth:`plan` or :meth:`commit` (stage, rows done, rows in all); the
        engine throttles it and shows it on the batch page, so a large file never seems to stall."""
        if self.progress is not None:
            self.progress(stage, done, total)

    @classmethod
    @functools.cache
    def _columns_by_key(cls) -> dict[str, Column]:
        return {c.key: c for c in cls.columns}

    def column(self, key: str) -> Column:
        return self._columns_by_key()[key]

    def check_columns(self, present: set[str]) -> list[str]:
        """File-level problems with the header, such as a missing required column."""
        missing = [c for c in self.columns if c.required and c.key not in present]
        return [f"未找到必填列“{c.label}”（可用列名：{'、'.join(c.names)}）" for c in missing]

    @abstractmethod
    def parse(self, row: Row) -> None:
        """Fill ``row.values`` from ``row.raw``; record errors on the row."""

    @abstractmethod
    def plan(self, rows: list[Row], present: set[str]) -> None:
        """Set ``row.action`` to create, update or unchanged, with bulk lookups; may add errors."""

    @abstractmethod
    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        """Write the planned rows (all valid) in a few set-based statements."""

    def cell(self, row: Row, column: Column, parser: Any, *args: Any, **kwargs: Any) -> Any:
        """Run the column's cell parser and turn its CellError into a row error.

        A column has one parser, and sheets repeat their values (户主, 脱贫户, a month, a province …),
        so each column remembers its answer, or its error, per distinct raw value.
        """
        raw = row.raw.get(column.key, "")
        memo: dict[Any, tuple[Any, str | None]] | None = self._memo.setdefault(column.key, {})
        answer = None
        try:
            answer = memo.get(raw) if memo is not None else None
        except TypeError:  # an unhashable cell value cannot be remembered
            memo = None
        if answer is None:
            try:
                answer = (parser(raw, *args, **kwargs), None)
            except (CellError, ValueError) as exc:
                answer = (None, str(exc))
            if memo is not None:
                memo[raw] = answer
        value, error = answer
        if error:
            row.error(column.label, error)
        return value


def spec_class(kind: str) -> type[ImportSpec]:
    from django.apps import apps

    for config in apps.get_app_configs():
        if path := getattr(config, "import_specs", {}).get(kind):
            return import_string(path)
    raise KeyError(kind)


def all_kinds() -> dict[str, type[ImportSpec]]:
    from django.apps import apps

    return {
        kind: import_string(path)
        for config in apps.get_app_configs()
        for kind, path in getattr(config, "import_specs", {}).items()
    }
