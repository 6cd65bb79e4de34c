from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, DATA_ENTRY
from fangfan.core.navigation import NavItem


class EmploymentConfig(AppConfig):
    name = "fangfan.employment"
    verbose_name = "务工就业"
    capabilities = {
        "employment.view": ALL_ROLES,
        "employment.edit": DATA_ENTRY,
        "employment.import": DATA_ENTRY,
    }
    nav = [NavItem("imports:upload", "务工月报", "employment.import", order=15, args=("employment",))]
    import_specs = {"employment": "fangfan.employment.importing.EmploymentSpec"}
    figures_module = "fangfan.employment.metrics"
    person_sections = ("fangfan.employment.sections.employment",)
    person_changed_hooks = ("fangfan.employment.hooks.person_changed",)
