from django import template

from fangfan.regions import picker

register = template.Library()


@register.inclusion_tag("regions/picker.html", takes_context=True)
def region_picker(context, field="region", code=None, mode="link"):
    """``mode="link"`` filters the current page by region; ``mode="input"`` fills a form field."""
    request = context["request"]
    return {"picker": picker.build(request.user, field, code, mode), "request": request}


@register.simple_tag(takes_context=True)
def with_param(context, name, value):
    """The current query string with ``name`` set to ``value`` and the page cursor dropped."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("after", None)
    return "?" + params.urlencode()
