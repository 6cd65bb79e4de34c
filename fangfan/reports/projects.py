"""附件2 rows: each project with its employment counts and location flags, counted set-based.

带动就业人数 counts the people linked to the project who worked on it on any day of the year
to date; 带动脱贫人口就业人数 counts those of them whose ID number is in the ledger of
脱贫人口 (including 防止返贫监测对象). The location flags come from RegionDesignation on the
project's location or any region above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Count, Q

from fangfan.regions.codes import Level, ancestor_codes
from fangfan.regions.models import Designation, Region, RegionDesignation
from fangfan.registry.models import Person

from .models import Project, ProjectWorker

TITLE = "脱贫人口就业帮扶项目清单"
ATTACHMENT_NUMBER = 2
FLAG_MARKS = {Designation.KEY_COUNTY: "①", Designation.RELOCATION_AREA: "②", Designation.YELLOW_RIVER: "③"}
FLAG_HEADER = "项目所在地是否属于：①省乡村振兴重点帮扶县②易地搬迁安置区③黄河滩区居民迁建安置区"
NO_FLAG = "否"
# The names end in these; the form prints 区（市） (or 市) after the blank line for the name.
NAME_ENDINGS = "区市县"


def form_header(region: Region) -> tuple[str, str]:
    """The form's "_________区（市）" filled in: (the name on the line, the printed words after it).

    山亭区 → ("山亭", "区（市）"), 滕州市 → ("滕州", "区（市）"); a city's 项目库: 枣庄市 → ("枣庄", "市")."""
    name = region.name
    stem = name[:-1] if len(name) > 2 and name[-1] in NAME_ENDINGS else name
    return stem, "市" if region.level_enum == Level.CITY else "区（市）"


@dataclass
class ProjectRow:
    project_id: int
    district: str
    number: int
    name: str
    summary: str
    workers: int
    poverty_workers: int
    flags: str
    contact: str
    phone: str
    notes: str

    def as_dict(self) -> dict:
        return asdict(self)


def poverty_q() -> Q:
    """A worker who is a 脱贫人口 (or 防止返贫监测对象) in the ledger."""
    return Q(id_number__in=Person.objects.values("id_number"))


def flags_for(locations: Iterable[str], on: dt.date) -> dict[str, str]:
    """Location code → its marks (①②③), from the designations of it and its ancestors in force on ``on``."""
    locations = set(locations)
    chains = {code: ancestor_codes(code) for code in locations}
    wanted = {c for chain in chains.values() for c in chain}
    kinds: dict[str, set[str]] = {}
    for code, kind in (
        RegionDesignation.objects.filter(region_id__in=wanted)
        .filter(Q(since__isnull=True) | Q(since__lte=on))
        .values_list("region_id", "kind")
    ):
        kinds.setdefault(code, set()).add(kind)
    out = {}
    for code, chain in chains.items():
        found = set().union(*(kinds.get(c, set()) for c in chain))
        out[code] = "".join(mark for kind, mark in FLAG_MARKS.items() if kind in found) or NO_FLAG
    return out


def project_rows(projects: Iterable[Project], first: dt.date, last: dt.date) -> list[ProjectRow]:
    projects = list(projects)
    ids = [p.pk for p in projects]
    active = ProjectWorker.objects.filter(project_id__in=ids).active_between(first, last)
    counts = dict(active.values("project").annotate(n=Count("id")).values_list("project", "n"))
    poverty = dict(
        active.filter(poverty_q()).values("project").annotate(n=Count("id")).values_list("project", "n")
    )
    flags = flags_for((p.location_id for p in projects), last)
    names = dict(Region.objects.filter(code__in={p.region_id for p in projects}).values_list("code", "name"))
    return [
        ProjectRow(
            project_id=p.pk,
            district=names.get(p.region_id, ""),
            number=n,
            name=p.name,
            summary=p.summary,
            workers=counts.get(p.pk, 0),
            poverty_workers=poverty.get(p.pk, 0),
            flags=flags[p.location_id],
            contact=p.contact,
            phone=p.phone,
            notes=p.notes,
        )
        for n, p in enumerate(projects, start=1)
    ]


def rows_from(frozen: list[dict]) -> list[ProjectRow]:
    return [ProjectRow(**item) for item in frozen]
