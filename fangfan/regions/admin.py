from django.contrib import admin

from .models import Region, RegionDesignation


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(RegionDesignation)
class RegionDesignationAdmin(admin.ModelAdmin):
    list_display = ("region", "kind", "since")
    list_filter = ("kind",)
    raw_id_fields = ("region",)
