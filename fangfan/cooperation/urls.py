from django.urls import path

from . import views
from .kit.registers import child_urls, register_urls
from .registers import CHILDREN, REGISTERS

app_name = "cooperation"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rules, name="rules"),
    path("batches/<int:pk>/members.xlsx", views.batch_members_export, name="batch_members_export"),
    path("brands/<int:pk>/workers.xlsx", views.brand_workers_export, name="brand_workers_export"),
    *[url for register in REGISTERS for url in register_urls(register)],
    *[url for child in CHILDREN for url in child_urls(child)],
]
