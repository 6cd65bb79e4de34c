from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yoy(ind, indicator):
    return ind.yoy(indicator)


@register.filter
def mom(ind, indicator):
    return ind.mom(indicator)


@register.filter
def seasonal(ind, indicator):
    return ind.mom_seasonal(indicator)


@register.filter
def pp(value):
    """Percentage points: '+1.5个百分点'."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)):+}个百分点"


@register.filter
def thousands(value):
    """12345 -> '12,345'."""
    if value in (None, ""):
        return "—"
    return f"{int(value):,}"


@register.simple_tag
def change_url(region, month, indicator, basis):
    """The page behind a 同比/环比/季节调整环比: the months compared and the people who came and went."""
    from fangfan.monitoring.changes import change_url as url

    return url(region, month, indicator, basis)
