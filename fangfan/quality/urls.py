from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.finding_list, name="finding_list"),
    path("export/", views.finding_export, name="finding_export"),
    path("<int:pk>/", views.finding_detail, name="finding_detail"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:label>/", views.rule_edit, name="rule_edit"),
]
