"""Django admin shows data but changes none: every change goes through a service with an audit event
(accounts and designations have their own pages), so the admin offers no unaudited way round."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
