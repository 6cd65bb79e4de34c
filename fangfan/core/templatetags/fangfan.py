from decimal import Decimal

from django import template

from fangfan.core.masking import mask_account, mask_id_number, mask_phone
from fangfan.core.money import amount

register = template.Library()

register.filter("maskid", mask_id_number)
register.filter("maskphone", mask_phone)
register.filter("maskaccount", mask_account)


@register.filter
def can(policy, capability):
    """``{% if policy|can:"employment.import" %}``: the user's ScopePolicy (a context variable) grants it."""
    return bool(policy) and policy.can(capability)


@register.filter
def dictget(mapping, key):
    return mapping.get(key, "") if mapping else ""


register.filter("yuan", amount)


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


@register.simple_tag
def figure_url(key, region, first, last):
    """The drill-down address of a named figure (see fangfan.core.figures)."""
    from fangfan.core import figures

    return figures.get(key).url(region, first, last)


@register.inclusion_tag("core/_figure_link.html")
def figure(key, region, first, last, value=None):
    """A figure as a link to its people; computes the value when not given."""
    from fangfan.core import figures

    item = figures.get(key)
    return {
        "value": item.value(region, first, last) if value is None else value,
        "url": item.url(region, first, last),
        "label": item.label,
    }
