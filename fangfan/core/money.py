"""Amounts of money and bank accounts, written and read the same way in every app."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError


def yuan(value: Any) -> str:
    """An amount in a sentence: whole yuan without decimals, else to the fen (1000.00 -> '1000', 1636.5 -> '1636.50')."""
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def amount(value: Any) -> str:
    """An amount in a table: grouped and to the fen (1234567.5 -> '1,234,567.50'); none is '—'."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value):,.2f}"


def bank_account(value: str | None) -> str:
    """A bank account as entered (spaces and dashes dropped): 8 to 32 digits, or blank."""
    account = re.sub(r"[\s-]", "", value or "")
    if account and not re.fullmatch(r"\d{8,32}", account):
        raise ValidationError({"bank_account": "银行账号应为8至32位数字"})
    return account
