from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import NavItem


class RegistryConfig(AppConfig):
    name = "fangfan.registry"
    verbose_name = "台账"
    capabilities = {
        "registry.view": ALL_ROLES,
        "registry.edit": DATA_ENTRY,
        "registry.import": DATA_ENTRY - {Role.VILLAGE_WORKER},
        "registry.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "registry.unmask": COUNTY_AND_BELOW,
    }
    nav = [NavItem("registry:person_list", "台账", "registry.view", order=10)]
    import_specs = {"people": "fangfan.registry.importing.PeopleSpec"}
    figures_module = "fangfan.registry.metrics"
    person_sections: tuple[str, ...] = ()
    person_changed_hooks: tuple[str, ...] = ()
