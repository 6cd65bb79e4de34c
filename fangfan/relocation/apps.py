from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem


class RelocationConfig(AppConfig):
    name = "fangfan.relocation"
    verbose_name = "易地搬迁安置区"
    # Hires create employment spells, so editing needs the roles that may enter employment.
    capabilities = {
        "relocation.view": ALL_ROLES,
        "relocation.edit": DATA_ENTRY,
        "relocation.import": DATA_ENTRY - {Role.VILLAGE_WORKER},
        "relocation.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
    }
    nav = [NavItem("relocation:home", "搬迁安置", "relocation.view", order=50, group=INSTRUMENTS)]
    import_specs = {
        "site_residents": "fangfan.relocation.importing.ResidentSpec",
        "fair_hires": "fangfan.relocation.importing.HireSpec",
        "fair_attendees": "fangfan.relocation.importing.AttendeeSpec",
    }
    figures_module = "fangfan.relocation.metrics"
    person_sections = ["fangfan.relocation.sections.relocation"]
