from django.contrib.auth import middleware
from django_htmx.http import HttpResponseClientRedirect


class LoginRequiredMiddleware(middleware.LoginRequiredMiddleware):
    """Django's login-required default, made htmx-aware.

    A partial request whose session has timed out gets a full-page redirect to
    the login page instead of a login form swapped into a fragment.
    """

    def handle_no_permission(self, request, view_func):
        response = super().handle_no_permission(request, view_func)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])
        return response
