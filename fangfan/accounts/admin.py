from django.contrib import admin

from fangfan.core.admin import ReadOnlyAdmin

from .models import User


@admin.register(User)
class FangfanUserAdmin(ReadOnlyAdmin):
    """Accounts are managed on /accounts/users/ (audited); here they can only be looked at."""

    list_display = ("username", "full_name", "role", "region", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "phone")
    exclude = ("password",)
