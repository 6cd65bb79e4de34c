from django.contrib import admin
from django.urls import include, path

admin.site.site_header = admin.site.site_title = "防返 系统管理"

urlpatterns = [
    path("", include("fangfan.core.urls")),
    path("accounts/", include("fangfan.accounts.urls")),
    path("regions/", include("fangfan.regions.urls")),
    path("registry/", include("fangfan.registry.urls")),
    path("employment/", include("fangfan.employment.urls")),
    path("monitoring/", include("fangfan.monitoring.urls")),
    path("imports/", include("fangfan.imports.urls")),
    path("audit/", include("fangfan.audit.urls")),
    path("cooperation/", include("fangfan.cooperation.urls")),
    path("training/", include("fangfan.training.urls")),
    path("relocation/", include("fangfan.relocation.urls")),
    path("quality/", include("fangfan.quality.urls")),
    path("workshops/", include("fangfan.workshops.urls")),
    path("relief/", include("fangfan.relief.urls")),
    path("posts/", include("fangfan.posts.urls")),
    path("reports/", include("fangfan.reports.urls")),
    path("admin/", admin.site.urls),
]
