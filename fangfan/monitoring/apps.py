from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import NavItem

LEADERS = frozenset({Role.PROVINCE, Role.CITY, Role.ADMIN})


class MonitoringConfig(AppConfig):
    name = "fangfan.monitoring"
    verbose_name = "监测预警"
    capabilities = {
        "monitoring.view": ALL_ROLES,
        "monitoring.assign": frozenset(
            {Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.CITY, Role.PROVINCE, Role.ADMIN}
        ),
        "monitoring.act": ALL_ROLES - {Role.COUNTY_REVIEWER},
        "monitoring.targets": LEADERS | {Role.COUNTY_OPERATOR},
        "monitoring.rules": LEADERS,
        "monitoring.bulletin": LEADERS,
        "monitoring.export": COUNTY_AND_BELOW | LEADERS,
        "monitoring.inflow": DATA_ENTRY,
    }
    nav = [
        NavItem("monitoring:dashboard", "监测", "monitoring.view", order=20),
        NavItem("monitoring:alert_list", "预警", "monitoring.view", order=21),
        NavItem("monitoring:bulletin", "通报", "monitoring.bulletin", order=22),
        NavItem("monitoring:inflow_list", "外省务工", "monitoring.view", order=23),
    ]
    figures_module = "fangfan.monitoring.metrics"
    person_sections = ("fangfan.monitoring.sections.alerts",)
