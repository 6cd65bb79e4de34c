from django.contrib import admin

from fangfan.core.admin import ReadOnlyAdmin

from .models import Region, RegionDesignation


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Regions come from the 统计用区划代码 (manage.py load_regions); they are not edited by hand."""

    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(RegionDesignation)
class RegionDesignationAdmin(ReadOnlyAdmin):
    """Designations are set on /regions/designations/ (audited)."""

    list_display = ("region", "kind", "since")
    list_filter = ("kind",)
