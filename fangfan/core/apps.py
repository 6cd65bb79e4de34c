from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fangfan.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from . import lookups  # noqa: F401  registers the __any lookup
