from django.apps import AppConfig

from fangfan.accounts.roles import ALL_ROLES
from fangfan.core.navigation import ADMINISTRATION, NavItem


class ImportsConfig(AppConfig):
    name = "fangfan.imports"
    verbose_name = "导入"
    capabilities = {"imports.view": ALL_ROLES}
    nav = [NavItem("imports:list", "导入记录", "imports.view", order=80, group=ADMINISTRATION)]
