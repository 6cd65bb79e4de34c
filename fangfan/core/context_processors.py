from fangfan.accounts.policy import ScopePolicy

from .navigation import nav_entries, nav_items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    policy = ScopePolicy.of(user)
    items = [i for i in nav_items() if i.capability is None or policy.can(i.capability)]
    current = request.resolver_match.namespace if request.resolver_match else ""
    return {"nav_items": items, "nav_entries": nav_entries(items), "nav_current": current, "policy": policy}
