from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES, COUNTY_AND_BELOW, Role
from fangfan.core.navigation import ADMINISTRATION, NavItem

REVIEWERS = frozenset({Role.COUNTY_REVIEWER, Role.CITY, Role.PROVINCE, Role.ADMIN})


class QualityConfig(AppConfig):
    """Integrity and data-quality findings (数字注水、优亲厚友 …) and the editing of
    the rules that differ by province or city (RegionRule rows)."""

    name = "fangfan.quality"
    verbose_name = "核查与规则"
    capabilities = {
        "quality.view": ALL_ROLES,
        "quality.detect": REVIEWERS | {Role.COUNTY_OPERATOR},
        "quality.review": REVIEWERS,
        "quality.export": COUNTY_AND_BELOW | {Role.CITY, Role.PROVINCE},
    }
    nav = [
        NavItem("quality:finding_list", "核查发现", "quality.view", order=70, group=ADMINISTRATION),
        NavItem("quality:rules", "规则参数", "quality.view", order=85, group=ADMINISTRATION),
    ]
    figures_module = "fangfan.quality.metrics"
    person_sections = ["fangfan.quality.sections.findings"]
