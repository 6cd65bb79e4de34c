from django.apps import AppConfig

from fangfan.accounts.roles import Role
from fangfan.core.navigation import ADMINISTRATION, NavItem


class RegionsConfig(AppConfig):
    name = "fangfan.regions"
    verbose_name = "行政区划"
    # 重点帮扶县 and 安置区 are designated by the province (and the system administrator).
    capabilities = {"regions.designate": {Role.ADMIN, Role.PROVINCE}}
    nav = [NavItem("regions:designations", "区域属性", "regions.designate", order=87, group=ADMINISTRATION)]
