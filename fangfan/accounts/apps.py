from django.apps import AppConfig

from fangfan.core.navigation import ADMINISTRATION, NavItem

from .roles import Role


class AccountsConfig(AppConfig):
    name = "fangfan.accounts"
    verbose_name = "账户与权限"
    # Accounts are managed by the system administrator and by province, city and county (reviewer)
    # staff, within their scope and at or below their own rank (ScopePolicy.may_manage).
    capabilities = {"accounts.manage": {Role.ADMIN, Role.PROVINCE, Role.CITY, Role.COUNTY_REVIEWER}}
    nav = [NavItem("accounts:users", "账户管理", "accounts.manage", order=85, group=ADMINISTRATION)]
