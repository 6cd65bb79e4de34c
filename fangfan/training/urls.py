from django.urls import path

from fangfan.cooperation.kit.registers import child_urls, register_urls

from . import views
from .registers import COURSES, ENROLMENTS

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rules, name="rules"),
    path("courses/<int:pk>/enrolments.xlsx", views.enrolments_export, name="enrolments_export"),
    *register_urls(COURSES),
    *child_urls(ENROLMENTS),
]
