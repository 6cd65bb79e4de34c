from urllib.parse import urlsplit

from django.http import QueryDict
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from . import picker as picking


def picker(request):
    field = request.GET.get("field", "region")
    mode = request.GET.get("mode", "input")
    built = picking.build(request.user, field, request.GET.get("code"), mode)
    return render(request, "regions/picker.html", {"picker": built})


def search(request):
    field = request.GET.get("field", "region")
    mode = request.GET.get("mode", "link")
    query = request.GET.get("region_q", "")
    results = picking.search(request.user, query)
    links = []
    if mode == "link":
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        parts = urlsplit(target)
        for region, _path in results:
            params = QueryDict(parts.query, mutable=True)
            params[field] = region.code
            params.pop("after", None)
            links.append(f"{parts.path}?{params.urlencode()}")
    rows = [(r, path, links[i] if links else "") for i, (r, path) in enumerate(results)]
    return render(
        request, "regions/search_results.html", {"rows": rows, "mode": mode, "field": field, "query": query}
    )
