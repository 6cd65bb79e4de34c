from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fangfan.core"
    verbose_name = "基础"
