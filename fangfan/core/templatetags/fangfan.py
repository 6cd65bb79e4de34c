from decimal import Decimal

from django import template

from fangfan.core.masking import mask_account, mask_id_number, mask_phone

register = template.Library()

register.filter("maskid", mask_id_number)
register.filter("maskphone", mask_phone)
register.filter("maskaccount", mask_account)


@register.filter
def dictget(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def yuan(value):
    """1234567.5 -> '1,234,567.50'."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def wan(value):
    """A count in 万 as officials write targets: 27900 -> '2.79万'."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value) / 10000:.2f}万"


@register.filter
def pct(value, digits=1):
    if value in (None, ""):
        return "—"
    return f"{float(value):+.{int(digits)}f}%"
