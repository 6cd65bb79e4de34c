from django.apps import AppConfig

from fangfan.accounts.roles import COUNTY_AND_BELOW, Role
from fangfan.core.navigation import ADMINISTRATION, NavItem


class AuditConfig(AppConfig):
    name = "fangfan.audit"
    verbose_name = "审计"
    capabilities = {
        "audit.view": (COUNTY_AND_BELOW - {Role.VILLAGE_WORKER}) | {Role.CITY, Role.PROVINCE},
    }
    nav = [NavItem("audit:events", "审计", "audit.view", order=90, group=ADMINISTRATION)]
