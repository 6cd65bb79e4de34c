"""Where a job is, in the terms of an employment spell (务工地域 and destination)."""

from __future__ import annotations

from typing import Any

from fangfan.employment.models import WorkArea
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region


def place_of_work(destination: Region, home_village: str) -> dict[str, Any]:
    """务工地域 of a person living in ``home_village`` who works at ``destination`` (a province, city
    or county): 省外 when the province differs, 县内 when it is their own county, else 省内县外."""
    province = Region.objects.get(code=destination.code[:2].ljust(CODE_LENGTH, "0"))
    city = (
        Region.objects.get(code=destination.code[:4].ljust(CODE_LENGTH, "0"))
        if destination.level >= Level.CITY
        else None
    )
    if destination.code[:2] != home_village[:2]:
        area = WorkArea.OUT_OF_PROVINCE
    elif destination.level >= Level.COUNTY and destination.code[:6] == home_village[:6]:
        area = WorkArea.IN_COUNTY
    else:
        area = WorkArea.IN_PROVINCE
    return {"work_area": area, "destination_province": province, "destination_city": city}
