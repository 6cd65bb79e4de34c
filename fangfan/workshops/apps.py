from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem


class WorkshopsConfig(AppConfig):
    name = "fangfan.workshops"
    verbose_name = "就业帮扶车间"
    capabilities = {
        "workshops.view": ALL_ROLES,
        "workshops.edit": DATA_ENTRY,
        "workshops.import": DATA_ENTRY - {Role.VILLAGE_WORKER},
        "workshops.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "workshops.certify": {Role.COUNTY_OPERATOR, Role.COUNTY_REVIEWER, Role.ADMIN},
        "workshops.evaluate": {
            Role.COUNTY_OPERATOR,
            Role.COUNTY_REVIEWER,
            Role.CITY,
            Role.PROVINCE,
            Role.ADMIN,
        },
        "workshops.award": {Role.COUNTY_OPERATOR, Role.ADMIN},
        "workshops.approve": {Role.COUNTY_REVIEWER, Role.ADMIN},
        "workshops.rules": {Role.CITY, Role.PROVINCE, Role.ADMIN},
    }
    nav = [NavItem("workshops:list", "帮扶车间", "workshops.view", order=20, group=INSTRUMENTS)]
    import_specs = {
        "workshop_workers": "fangfan.workshops.importing.WorkerSpec",
        "workshop_wages": "fangfan.workshops.importing.WageSpec",
    }
    figures_module = "fangfan.workshops.metrics"
    person_sections = ["fangfan.workshops.sections.jobs"]
    region_rules = ["fangfan.workshops.models.WorkshopRule"]
