"""Masking of personal data. Pages and exports show these forms unless the
user holds the unmask capability and asked to see the full value (logged)."""


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
