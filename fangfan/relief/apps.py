from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem


class ReliefConfig(AppConfig):
    name = "fangfan.relief"
    verbose_name = "以工代赈"
    capabilities = {
        "relief.view": ALL_ROLES,
        "relief.edit": DATA_ENTRY,
        "relief.import": DATA_ENTRY - {Role.VILLAGE_WORKER},
        "relief.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "relief.rules": {Role.CITY, Role.PROVINCE, Role.ADMIN},
    }
    nav = [NavItem("relief:list", "以工代赈", "relief.view", order=22, group=INSTRUMENTS)]
    import_specs = {"relief_hires": "fangfan.relief.importing.HireSpec"}
    figures_module = "fangfan.relief.metrics"
    person_sections = ["fangfan.relief.sections.hires"]
    region_rules = ["fangfan.relief.models.ReliefRule"]
