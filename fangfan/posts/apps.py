from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, DATA_ENTRY, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem

from .kinds import KINDS


class PostsConfig(AppConfig):
    name = "fangfan.posts"
    verbose_name = "乡村公益性岗位"
    capabilities = {
        "posts.view": ALL_ROLES,
        "posts.edit": DATA_ENTRY,
        "posts.import": DATA_ENTRY - {Role.VILLAGE_WORKER},
        "posts.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "posts.rules": {Role.CITY, Role.PROVINCE, Role.ADMIN},
    }
    nav = [NavItem("posts:ledger", "公益性岗位", "posts.view", order=24, group=INSTRUMENTS)]
    import_specs = {
        "post_appointments": "fangfan.posts.importing.AppointmentSpec",
        "post_payments": "fangfan.posts.importing.PaymentSpec",
        "village_cadres": "fangfan.posts.cadre_import.CadreSpec",
    }
    figures_module = "fangfan.posts.metrics"
    person_sections = ["fangfan.posts.sections.appointments"]
    region_rules = ["fangfan.posts.models.PostRule"]
    finding_kinds = KINDS
