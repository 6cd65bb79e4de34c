"""The person list's filters, shared by the list, its count and its export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from fangfan.regions.models import Region
from fangfan.regions.picker import visible_region

from .choices import HouseholdType, LabourCapacity, MonitoringCategory
from .models import PersonQuerySet

FILTER_KEYS = ("q", "region", "household_type", "monitoring_category", "labour", "labour_capacity", "status")


@dataclass
class PersonFilter:
    q: str = ""
    region: Region | None = None
    household_type: str = ""
    monitoring_category: str = ""
    labour: str = ""
    labour_capacity: str = ""
    status: str = "current"

    @classmethod
    def from_query(cls, user: Any, params: QueryDict) -> PersonFilter:
        def pick(name: str, allowed: list[str]) -> str:
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            q=params.get("q", "").strip()[:50],
            region=visible_region(user, params.get("region")),
            household_type=pick("household_type", HouseholdType.values),
            monitoring_category=pick("monitoring_category", MonitoringCategory.values),
            labour=pick("labour", ["yes", "no"]),
            labour_capacity=pick("labour_capacity", LabourCapacity.values),
            status=params.get("status", "current")
            if params.get("status") in ("current", "left", "all")
            else "current",
        )

    def apply(self, qs: PersonQuerySet) -> PersonQuerySet:
        qs = qs.in_region(self.region).search(self.q)
        if self.household_type:
            qs = qs.filter(household__household_type=self.household_type)
        if self.monitoring_category:
            qs = qs.filter(household__monitoring_category=self.monitoring_category)
        if self.labour:
            qs = qs.filter(is_labourer=self.labour == "yes")
        if self.labour_capacity:
            qs = qs.filter(labour_capacity=self.labour_capacity)
        if self.status == "current":
            qs = qs.filter(left_on__isnull=True)
        elif self.status == "left":
            qs = qs.filter(left_on__isnull=False)
        return qs

    def describe(self) -> dict[str, Any]:
        """For the access log of an export: what was asked for."""
        return {
            "q": self.q,
            "region": self.region.code if self.region else "",
            "household_type": self.household_type,
            "monitoring_category": self.monitoring_category,
            "labour": self.labour,
            "labour_capacity": self.labour_capacity,
            "status": self.status,
        }
