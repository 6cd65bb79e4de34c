"""Generated data with every instrument present, and each column recomputed from the raw
records in plain Python, independently of the figures' QuerySets."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from conftest import make_id
from fangfan.cooperation.models import (
    AllianceMember,
    LabourAlliance,
    LabourBase,
    LabourBrand,
    LabourCooperative,
)
from fangfan.employment.models import Employment
from fangfan.posts.models import PostAppointment
from fangfan.regions.models import Region
from fangfan.relief.models import ReliefHire
from fangfan.relocation.models import JobFair, SiteResident
from fangfan.training.models import TrainingEnrolment
from fangfan.workshops.models import Workshop, WorkshopWorker

from . import instruments as make

DISTRICTS = ("370402000000", "370406000000", "370481000000")
START, DAYS = dt.date(2025, 1, 1), 3 * 365


def generate(make_person, seed: int = 2026) -> None:
    rng = random.Random(seed)

    def day() -> dt.date:
        return START + dt.timedelta(days=rng.randrange(DAYS))

    def maybe_end(start: dt.date) -> dt.date | None:
        return start + dt.timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.5 else None

    districts = [Region.objects.get(code=c) for c in DISTRICTS]
    places = {
        d.code: list(Region.objects.filter(code__startswith=d.prefix, level=5).order_by("code")[:4])
        for d in districts
    }
    people = []
    for n in range(36):
        district = districts[n % 3]
        village = rng.choice(places[district.code])
        people.append(make_person(village, id_number=make_id(village.code, seq=500 + n)))
    city = Region.objects.get(code="370400000000")
    for _ in range(6):
        lead = rng.choice(districts)
        members = [(d, rng.choice([None, day()])) for d in districts if d != lead and rng.random() < 0.6]
        formed = day()
        make.alliance(
            rng.choice([lead, lead, city]),
            formed=formed,
            dissolved=maybe_end(formed),
            members=members,
        )
    make.brand(city, certified=dt.date(2025, 6, 1))
    for _ in range(8):
        where = rng.choice([*districts, city])
        certified = rng.choice([None, day()])
        make.brand(where, certified=certified, revoked=(maybe_end(certified) if certified else None))
        local = rng.choice(places[rng.choice(districts).code])
        start = day()
        make.base(local, certified=start, exited=maybe_end(start))
        start = day()
        make.cooperative(
            rng.choice([local, rng.choice(districts)]), registered=start, dissolved=maybe_end(start)
        )
    for _ in range(8):
        start = day()
        trainees = rng.sample(people, 5)
        make.course(
            rng.choice(districts), start, start + dt.timedelta(days=rng.randrange(5, 40)), people=trainees
        )
    sites = [make.site(rng.choice(places[d.code])) for d in districts]
    for person in rng.sample(people, 18):
        moved_in = day()
        make.resident(rng.choice(sites), person, moved_in=moved_in, moved_out=maybe_end(moved_in))
    for person in rng.sample(people, 24):
        start = day()
        make.spell(person, start, maybe_end(start))
    for _ in range(10):
        make.fair(rng.choice(places[rng.choice(districts).code]), day())
    _jobs(rng, day, maybe_end, districts, places, people)


def _jobs(rng, day, maybe_end, districts, places, people) -> None:
    """Workshops, work-relief projects and public-welfare posts, with people moving between districts."""
    for n in range(5):
        village = rng.choice(places[rng.choice(districts).code])
        certified = day()
        crew = [(p, certified - dt.timedelta(days=30), None) for p in rng.sample(people, 5)]
        found = make.workshop(
            village, staff=crew, certified=certified, exited=maybe_end(certified) if n % 2 else None
        )
        for person in rng.sample(people, 3):
            start = day()
            if not found.exited_on or start <= found.exited_on:
                make.work(found, person, start, maybe_end(start))
    for n in range(4):
        village = rng.choice(places[rng.choice(districts).code])
        project = make.relief_project(village, start=day())
        local = [p for p in people if p.village_id[:6] == village.code[:6]]
        for person in rng.sample(local, min(4, len(local))):
            start = day()
            make.relief_hire(project, person.village, person.name, person.id_number, start, maybe_end(start))
        for k in range(3):
            start = day()
            make.relief_hire(
                project,
                village,
                f"村民{n}{k}",
                make_id(village.code, seq=700 + 10 * n + k),
                start,
                maybe_end(start),
            )
    for _ in range(6):
        village = rng.choice(places[rng.choice(districts).code])
        found = make.post(village)
        start = day()
        exited = start + dt.timedelta(days=rng.randrange(30, 300)) if rng.random() < 0.6 else None
        make.hold(found, rng.choice(people), start, exited)


def _open(start, end, first, last) -> bool:
    return start is not None and start <= last and (end is None or end >= first)


def alliances(prefix, first, last) -> int:
    return sum(
        1
        for a in LabourAlliance.objects.all()
        if _open(a.formed_on, a.dissolved_on, first, last)
        and any(
            m.region_id.startswith(prefix) and (m.joined_on is None or m.joined_on <= last)
            for m in AllianceMember.objects.filter(alliance=a)
        )
    )


def _registered(model, start: str, end: str) -> Callable[[str, dt.date, dt.date], int]:
    def count(prefix, first, last) -> int:
        return sum(
            1
            for r in model.objects.all()
            if r.region_id.startswith(prefix) and _open(getattr(r, start), getattr(r, end), first, last)
        )

    return count


def trainees(prefix, first, last) -> int:
    return len(
        {
            e.person_id
            for e in TrainingEnrolment.objects.select_related("training")
            if e.training.region_id.startswith(prefix)
            and e.training.start <= last
            and e.training.end >= first
            and (e.withdrawn_on is None or e.withdrawn_on >= e.training.start)
        }
    )


def relocation_employed(prefix, first, last) -> int:
    found = set()
    for r in SiteResident.objects.select_related("site"):
        if not r.site.region_id.startswith(prefix) or not _open(r.moved_in_on, r.moved_out_on, first, last):
            continue
        for s in Employment.objects.filter(person_id=r.person_id):
            if (
                _open(s.start, s.end, first, last)
                and (s.end is None or s.end >= r.moved_in_on)
                and s.start <= (r.moved_out_on or last)
            ):
                found.add(r.person_id)
    return len(found)


def job_fairs(prefix, first, last) -> int:
    return sum(
        1 for f in JobFair.objects.all() if f.region_id.startswith(prefix) and first <= f.held_on <= last
    )


def _operating(prefix, first, last) -> set[int]:
    return {
        w.pk
        for w in Workshop.objects.all()
        if w.village_id.startswith(prefix) and _open(w.certified_on, w.exited_on, first, last)
    }


def workshops(prefix, first, last) -> int:
    return len(_operating(prefix, first, last))


def workshop_poverty_workers(prefix, first, last) -> int:
    operating = _operating(prefix, first, last)
    return len(
        {
            w.person_id
            for w in WorkshopWorker.objects.all()
            if w.workshop_id in operating and _open(w.start, w.end, first, last)
        }
    )


def _relief_hires(prefix, first, last) -> list[ReliefHire]:
    return [
        h
        for h in ReliefHire.objects.select_related("project", "worker")
        if h.project.village_id.startswith(prefix) and _open(h.start, h.end, first, last)
    ]


def relief_local_workers(prefix, first, last) -> int:
    return len({h.worker_id for h in _relief_hires(prefix, first, last)})


def relief_poverty_workers(prefix, first, last) -> int:
    return len({h.worker.person_id for h in _relief_hires(prefix, first, last) if h.worker.person_id})


def post_holders(prefix, first, last) -> int:
    return len(
        {
            a.person_id
            for a in PostAppointment.objects.select_related("post")
            if a.post.village_id.startswith(prefix) and _open(a.start, a.exited_on, first, last)
        }
    )


RECOMPUTE: dict[str, Callable[[str, dt.date, dt.date], int]] = {
    "alliances": alliances,
    "brands": _registered(LabourBrand, "certified_on", "revoked_on"),
    "bases": _registered(LabourBase, "certified_on", "exited_on"),
    "cooperatives": _registered(LabourCooperative, "registered_on", "dissolved_on"),
    "workshops": workshops,
    "workshop_poverty_workers": workshop_poverty_workers,
    "relief_local_workers": relief_local_workers,
    "relief_poverty_workers": relief_poverty_workers,
    "post_holders": post_holders,
    "trainees": trainees,
    "relocation_employed": relocation_employed,
    "job_fairs": job_fairs,
}
