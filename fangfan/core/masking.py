"""Masking of personal data. Pages and exports show these forms unless the
user holds the unmask capability and asked to see the full value (logged)."""

import re
from collections.abc import Callable


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_account(value: str | None) -> str:
    """Bank accounts: only the last four digits stay."""
    if not value:
        return ""
    return f"{'*' * max(len(value) - 4, 0)}{value[-4:]}"


# Fields holding personal data, by attname or import column key, and how each is masked.
FIELD_MASKS: dict[str, Callable[[str | None], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "bank_account": mask_account,
}

_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?:[0-9]{2})?(?![0-9])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_text(value: str) -> str:
    """Free text (a message, a remark) with every ID number (or 残疾人证号) and mobile number in it masked."""
    value = _ID_IN_TEXT.sub(lambda m: mask_id_number(m[0]), value)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m[0]), value)
