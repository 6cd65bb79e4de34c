"""Parsers for single cells. Each takes the raw cell value and returns a clean
Python value or raises CellError with a message for the clerk, in Chinese."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fangfan.core.masking import mask_phone


class CellError(ValueError):
    pass


def _normal(value: Any) -> str:
    if isinstance(value, str):
        # NFKC folds full-width digits and letters; ASCII text is already in normal form.
        return value if value.isascii() else unicodedata.normalize("NFKC", value).replace("\u200b", "")
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return str(value.date())
    return unicodedata.normalize("NFKC", str(value))


def text(value: Any) -> str:
    """Text with stray spaces removed (full-width included); integral floats lose their '.0'."""
    return " ".join(_normal(value).split())


def compact(value: Any) -> str:
    """Text with every space removed, for codes and names."""
    return "".join(_normal(value).split())


def person_name(value: Any) -> str:
    """Chinese names lose the spaces clerks pad them with ("王  军" -> "王军"); Latin names keep one."""
    name = text(value)
    return name if any("a" <= ch.lower() <= "z" for ch in name) else name.replace(" ", "")


def option_key(value: Any) -> str:
    """The one form in which a cell and an option label are compared: NFKC (so full-width brackets,
    letters and digits become ASCII), without spaces, case folded."""
    return compact(value).casefold()


class Options:
    """Option labels (and known variants) with their stored values, looked up by :func:`option_key`.

    Both sides go through the same normalisation, so a label written with full-width brackets, such as
    中职（中专、技校）, matches the same cell whatever brackets or spacing the sheet uses.
    """

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self.keyed = {option_key(label): value for label, value in self.labels.items()}

    def get(self, value: Any) -> str | None:
        return self.keyed.get(option_key(value))


def choice(value: Any, options: Mapping[str, str] | Options, what: str, required: bool = False) -> str:
    """Map a label (or a known variant of it) to its stored value."""
    raw = compact(value)
    if not raw:
        if required:
            raise CellError(f"{what}不能为空")
        return ""
    if not isinstance(options, Options):
        options = Options(options)
    found = options.get(raw)
    if found is not None:
        return found
    known = "、".join(dict.fromkeys(k for k in options.labels if not k.isascii()))
    raise CellError(f"{what}“{raw}”不在可选范围内（可填：{known}）")


_DATE_PATTERNS = (
    (re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"), True),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), True),
    (re.compile(r"(\d{4})[-/.年](\d{1,2})月?"), False),
)


def date(value: Any, what: str, required: bool = False) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = compact(value)
    if not raw:
        if required:
            raise CellError(f"{what}不能为空")
        return None
    for pattern, has_day in _DATE_PATTERNS:
        if m := pattern.fullmatch(raw):
            year, month = int(m[1]), int(m[2])
            day = int(m[3]) if has_day else 1
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise CellError(f"{what}“{raw}”不是有效日期（如 2023-11-23 或 2023年11月23日）")


def decimal(
    value: Any, what: str, required: bool = False, minimum: Decimal | None = Decimal(0)
) -> Decimal | None:
    if isinstance(value, bool):
        raise CellError(f"{what}应为数字")
    raw = compact(value).replace(",", "").replace("元", "").replace("¥", "")
    if not raw:
        if required:
            raise CellError(f"{what}不能为空")
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, (int, float)) else Decimal(raw)
    except InvalidOperation:
        raise CellError(f"{what}“{raw}”不是数字") from None
    if not number.is_finite():
        raise CellError(f"{what}“{raw}”不是数字")
    if minimum is not None and number < minimum:
        raise CellError(f"{what}不能小于{minimum}")
    return number.quantize(Decimal("0.01"))


def integer(value: Any, what: str, required: bool = False, minimum: int = 0) -> int | None:
    number = decimal(value, what, required, Decimal(minimum))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"{what}应为整数")
    return int(number)


YES = {"是", "有", "Y", "YES", "TRUE", "1", "√", "✓"}
NO = {"否", "无", "N", "NO", "FALSE", "0", ""}


def boolean(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    raw = compact(value).upper()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"{what}应填“是”或“否”，实为“{raw}”")


def phone(value: Any) -> str:
    raw = compact(value).replace("－", "-")
    if not raw:
        return ""
    digits = raw.replace("-", "").replace("+86", "")
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return digits
    if re.fullmatch(r"0\d{2,3}-?\d{7,8}", raw):
        return raw
    raise CellError(f"联系电话“{mask_phone(raw)}”格式不正确（应为11位手机号或带区号的固定电话）")
