from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("picker/", views.picker, name="picker"),
    path("search/", views.search, name="search"),
]
