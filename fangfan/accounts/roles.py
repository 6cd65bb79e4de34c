"""Roles, the level of region each one is anchored at, and what each may do.

Capabilities are named ``"<app>.<verb>"``. Each app declares its own in its
AppConfig as ``capabilities = {"registry.edit": {Role.COUNTY_OPERATOR, ...}}``;
:func:`capabilities_of` gathers them, so that one object (ScopePolicy) decides.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import models

from fangfan.regions.codes import Level


class Role(models.TextChoices):
    VILLAGE_WORKER = "village_worker", "村级协管员"
    TOWNSHIP_STATION = "township_station", "乡镇就业服务站"
    COUNTY_OPERATOR = "county_operator", "县级经办员"
    COUNTY_REVIEWER = "county_reviewer", "县级审核员"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    ADMIN = "admin", "系统管理员"


ROLE_LEVEL: dict[str, Level | None] = {
    Role.VILLAGE_WORKER: Level.VILLAGE,
    Role.TOWNSHIP_STATION: Level.TOWNSHIP,
    Role.COUNTY_OPERATOR: Level.COUNTY,
    Role.COUNTY_REVIEWER: Level.COUNTY,
    Role.CITY: Level.CITY,
    Role.PROVINCE: Level.PROVINCE,
    Role.ADMIN: None,
}

# How high a role stands: 0 is the highest. Accounts are managed at or below one's own rank.
ROLE_RANK: dict[str, int] = {
    Role.ADMIN: 0,
    Role.PROVINCE: 1,
    Role.CITY: 2,
    Role.COUNTY_REVIEWER: 3,
    Role.COUNTY_OPERATOR: 3,
    Role.TOWNSHIP_STATION: 4,
    Role.VILLAGE_WORKER: 5,
}

ALL_ROLES = frozenset(Role)
DATA_ENTRY = frozenset({Role.VILLAGE_WORKER, Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.ADMIN})
COUNTY_AND_BELOW = frozenset(
    {Role.VILLAGE_WORKER, Role.TOWNSHIP_STATION, Role.COUNTY_OPERATOR, Role.COUNTY_REVIEWER, Role.ADMIN}
)


@cache
def capabilities_of(role: str) -> frozenset[str]:
    granted: set[str] = set()
    for config in apps.get_app_configs():
        for capability, roles in getattr(config, "capabilities", {}).items():
            if role in roles:
                granted.add(capability)
    return frozenset(granted)
