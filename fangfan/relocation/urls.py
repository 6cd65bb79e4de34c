from django.urls import path

from fangfan.cooperation.kit.registers import child_urls, register_urls

from . import views
from .registers import CHILDREN, REGISTERS

app_name = "relocation"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/residents.xlsx", views.residents_export, name="residents_export"),
    path("fairs/<int:pk>/hires.xlsx", views.hires_export, name="hires_export"),
    *[url for register in REGISTERS for url in register_urls(register)],
    *[url for child in CHILDREN for url in child_urls(child)],
]
