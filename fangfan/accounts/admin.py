from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class FangfanUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "role", "region", "organisation", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "phone")
    autocomplete_fields = ("region",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("防返", {"fields": ("full_name", "role", "region", "organisation", "phone")}),
    )
