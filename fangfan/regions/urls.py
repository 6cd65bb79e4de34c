from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("picker/", views.picker, name="picker"),
    path("search/", views.search, name="search"),
    path("designations/", views.designations, name="designations"),
    path("designations/<int:pk>/remove/", views.remove_designation, name="remove_designation"),
]
