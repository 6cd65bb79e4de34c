from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Deterministic synthetic data: a city for `make run`, a whole province for the benchmarks,
    and the clerk-style workbooks the import benchmarks read. It owns no tables."""

    name = "fangfan.demo"
    verbose_name = "演示与基准数据"
