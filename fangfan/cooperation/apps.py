from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem

# Registers are kept by township, county, city and province staff; batches create
# employment spells, so they need the roles that may enter employment (employment.edit).
REGISTER_STAFF = frozenset(
    {Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.CITY, Role.PROVINCE, Role.ADMIN}
)
DISPATCHERS = DATA_ENTRY - {Role.VILLAGE_WORKER}


class CooperationConfig(AppConfig):
    name = "fangfan.cooperation"
    verbose_name = "劳务协作"
    capabilities = {
        "cooperation.view": ALL_ROLES,
        "cooperation.edit": REGISTER_STAFF,
        "cooperation.dispatch": DISPATCHERS,
        "cooperation.import": DISPATCHERS,
        "cooperation.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "cooperation.rules": frozenset({Role.PROVINCE, Role.CITY, Role.ADMIN}),
    }
    nav = [NavItem("cooperation:home", "劳务协作", "cooperation.view", order=40, group=INSTRUMENTS)]
    region_rules = ["fangfan.cooperation.models.CooperationRule"]
    import_specs = {
        "batch_members": "fangfan.cooperation.importing.BatchMemberSpec",
        "brand_workers": "fangfan.cooperation.importing.BrandWorkerSpec",
    }
    figures_module = "fangfan.cooperation.metrics"
    person_sections = ["fangfan.cooperation.sections.cooperation"]
