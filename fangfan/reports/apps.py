from django.apps import AppConfig

from fangfan.accounts.roles import Role
from fangfan.core.navigation import REPORTS, NavItem

COUNTY = {Role.COUNTY_OPERATOR, Role.COUNTY_REVIEWER}


class ReportsConfig(AppConfig):
    name = "fangfan.reports"
    verbose_name = "报表"
    capabilities = {
        "reports.view": COUNTY | {Role.CITY, Role.PROVINCE, Role.ADMIN},
        "reports.export": COUNTY | {Role.CITY, Role.PROVINCE, Role.ADMIN},
        # Each level prepares its own report; its reviewer submits it (a province's: 定稿).
        "reports.prepare": COUNTY | {Role.CITY, Role.PROVINCE, Role.ADMIN},
        "reports.submit": {Role.COUNTY_REVIEWER, Role.CITY, Role.PROVINCE, Role.ADMIN},
        # The level above approves or returns, and may reopen an approved report; a province
        # finalises and reopens its own.
        "reports.approve": {Role.CITY, Role.PROVINCE, Role.ADMIN},
        "reports.rules": {Role.CITY, Role.PROVINCE, Role.ADMIN},
        "reports.projects": COUNTY | {Role.ADMIN},
        "reports.library": {Role.CITY, Role.ADMIN},
    }
    import_specs = {"project_workers": "fangfan.reports.importing.ProjectWorkerSpec"}
    region_rules = ["fangfan.reports.models.ReportingRule"]
    nav = [
        NavItem("reports:index", "季度报表", "reports.view", order=60, group=REPORTS),
        NavItem("reports:projects", "帮扶项目", "reports.view", order=62, group=REPORTS),
    ]

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
