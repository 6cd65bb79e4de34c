from django.urls import path

from . import figure_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("figures/<str:key>/", figure_views.detail, name="figure"),
]
