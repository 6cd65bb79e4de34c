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
    return f"{value:+}个百分点"


@register.filter
def thousands(value):
    """12345 -> '12,345'."""
    if value in (None, ""):
        return "—"
    return f"{int(value):,}"
