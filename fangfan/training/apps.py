from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, Role
from fangfan.core.navigation import INSTRUMENTS, NavItem

ORGANISERS = frozenset({Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.CITY, Role.ADMIN})


class TrainingConfig(AppConfig):
    name = "fangfan.training"
    verbose_name = "职业技能培训"
    capabilities = {
        "training.view": ALL_ROLES,
        "training.edit": ORGANISERS,
        "training.import": ORGANISERS,
        "training.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
        "training.rules": frozenset({Role.PROVINCE, Role.CITY, Role.ADMIN}),
    }
    nav = [NavItem("training:home", "职业技能培训", "training.view", order=45, group=INSTRUMENTS)]
    region_rules = ["fangfan.training.models.TrainingRule"]
    import_specs = {"enrolments": "fangfan.training.importing.EnrolmentSpec"}
    figures_module = "fangfan.training.metrics"
    person_sections = ["fangfan.training.sections.training"]
