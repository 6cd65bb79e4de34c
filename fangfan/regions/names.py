from __future__ import annotations

from collections.abc import Iterable

from .codes import CODE_LENGTH
from .models import Region


def township_village_names(village_codes: Iterable[str]) -> dict[str, str]:
    """'乡镇 村' for each village code, in one query, for list pages."""
    villages = set(village_codes)
    townships = {c[:9].ljust(CODE_LENGTH, "0") for c in villages}
    names = dict(Region.objects.filter(code__in=villages | townships).values_list("code", "name"))
    return {c: f"{names.get(c[:9].ljust(CODE_LENGTH, '0'), '')} {names.get(c, c)}".strip() for c in villages}
