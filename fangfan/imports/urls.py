from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/<slug:kind>/", views.upload, name="upload"),
    path("template/<slug:kind>/", views.template, name="template"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/errors.xlsx", views.error_report, name="errors"),
]
