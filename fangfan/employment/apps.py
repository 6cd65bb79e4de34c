from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, DATA_ENTRY


class EmploymentConfig(AppConfig):
    name = "fangfan.employment"
    verbose_name = "务工就业"
    capabilities = {
        "employment.view": ALL_ROLES,
        "employment.edit": DATA_ENTRY,
    }
