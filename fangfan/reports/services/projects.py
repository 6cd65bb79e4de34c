"""Every change to projects, their workers, the 附件2 lists and the city's 项目库."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.registry import idnumber

from ..definitions import Period
from ..models import LibraryEntry, Project, ProjectList, ProjectListVersion, ProjectWorker
from ..models.progress import quarter_window
from ..projects import project_rows
from .common import clean_contact, clean_text, require_own
from .workflow import Flow

PROJECT_FIELDS = ("location", "name", "summary", "contact", "phone", "notes", "started_on", "ended_on")


def _check_project(region: Region, data: dict[str, Any]) -> None:
    errors = {}
    location = data.get("location")
    if location is None or not location.code.startswith(region.prefix) or location.level < Level.COUNTY:
        errors["location"] = f"项目所在地应在{region.name}范围内"
    if not (data.get("name") or "").strip():
        errors["name"] = "请填写项目名称"
    if data.get("started_on") is None:
        errors["started_on"] = "请填写开始日期"
    elif data.get("ended_on") and data["ended_on"] < data["started_on"]:
        errors["ended_on"] = "结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_project(actor: Any, region: Region, **data: Any) -> Project:
    require_own(actor, "reports.projects", region)
    if region.level_enum != Level.COUNTY:
        raise ValidationError("就业帮扶项目由县（区、市）登记。")
    _check_project(region, data)
    project = Project.objects.create(
        region=region,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in PROJECT_FIELDS},
    )
    audit.record(
        actor, "reports.project.create", project, after=audit.snapshot(project), region_id=project.location_id
    )
    return project


@transaction.atomic
def update_project(actor: Any, project: Project, **changes: Any) -> Project:
    require_own(actor, "reports.projects", project.region)
    merged = {f: getattr(project, f) for f in PROJECT_FIELDS} | changes
    _check_project(project.region, merged)
    before = audit.snapshot(project)
    for key, value in changes.items():
        if key in PROJECT_FIELDS:
            setattr(project, key, value.strip() if isinstance(value, str) else value)
    old, new = audit.diff(before, audit.snapshot(project))
    if new:
        project.save(update_fields=audit.update_fields(project, new))
        audit.record(
            actor, "reports.project.update", project, before=old, after=new, region_id=project.location_id
        )
    return project


def check_worker(
    project: Project, data: dict[str, Any], existing: ProjectWorker | None = None
) -> dict[str, Any]:
    """The worker's fields cleaned, or a ValidationError naming each bad field (service and import)."""
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写姓名"
    number = ""
    try:
        number = idnumber.parse(data.get("id_number")).id_number
    except idnumber.IdNumberError as exc:
        errors["id_number"] = str(exc)
    started, ended = data.get("started_on"), data.get("ended_on")
    if started is None:
        errors["started_on"] = "请填写上岗日期"
    elif ended and ended < started:
        errors["ended_on"] = "离岗日期不能早于上岗日期"
    if number and existing is None and project.workers.filter(id_number=number).exists():
        errors["id_number"] = "此人已在本项目的带动就业人员中"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "id_number": number, "started_on": started, "ended_on": ended}


@transaction.atomic
def add_worker(actor: Any, project: Project, **data: Any) -> ProjectWorker:
    require_own(actor, "reports.projects", project.region)
    worker = ProjectWorker.objects.create(project=project, **check_worker(project, data))
    audit.record(
        actor,
        "reports.project.add_worker",
        project,
        after={"worker": worker.pk, "started_on": worker.started_on, "ended_on": worker.ended_on},
        region_id=project.location_id,
    )
    return worker


@transaction.atomic
def update_worker(actor: Any, worker: ProjectWorker, **changes: Any) -> ProjectWorker:
    """Change a worker's name or dates (离岗 is an end date); the ID number stays."""
    project = worker.project
    require_own(actor, "reports.projects", project.region)
    fields = ("name", "started_on", "ended_on")
    current = {f: getattr(worker, f) for f in fields} | {"id_number": worker.id_number}
    cleaned = check_worker(project, current | {k: v for k, v in changes.items() if k in fields}, worker)
    before = audit.snapshot(worker, fields)
    for key in fields:
        setattr(worker, key, cleaned[key])
    old, new = audit.diff(before, audit.snapshot(worker, fields))
    if new:
        worker.save(update_fields=list(new))
        audit.record(
            actor,
            "reports.project.update_worker",
            project,
            before=old,
            after=new,
            region_id=project.location_id,
            context={"worker": worker.pk},
        )
    return worker


LIST_FLOW = Flow("project_list", "项目清单", ("filled_by", "phone", "filled_on"), prepare="reports.projects")
send_list_for_review = LIST_FLOW.send_for_review
send_list_back = LIST_FLOW.send_back
approve_project_list = LIST_FLOW.approve
return_project_list = LIST_FLOW.return_
reopen_project_list = LIST_FLOW.reopen


@transaction.atomic
def open_project_list(actor: Any, region: Region, period: Period) -> ProjectList:
    require_own(actor, "reports.projects", region)
    if region.level_enum != Level.COUNTY:
        raise ValidationError("项目清单由县（区、市）填报。")
    plist, created = ProjectList.objects.get_or_create(
        region=region, year=period.year, quarter=period.quarter
    )
    if created:
        audit.record(
            actor, "reports.project_list.open", plist, after=LIST_FLOW.snapshot(plist), region_id=region.code
        )
    return plist


def submit_project_list(
    actor: Any, plist: ProjectList, *, filled_by: str, phone: str, filled_on: dt.date | None = None
) -> ProjectListVersion:
    """Submit the district's list to the city: its rows are frozen as a new version."""
    LIST_FLOW.require_submitter(actor, plist)
    filled_by, phone = clean_contact(filled_by, phone)
    header = {"filled_by": filled_by, "phone": phone, "filled_on": filled_on or timezone.localdate()}

    def freeze(common: dict[str, Any]) -> ProjectListVersion:
        first, last = quarter_window(plist.region, plist.period)
        projects = (
            Project.objects.filter(region=plist.region)
            .active_between(first, last)
            .order_by("started_on", "id")
        )
        rows = [row.as_dict() for row in project_rows(projects, first, last)]
        return ProjectListVersion.objects.create(plist=plist, first=first, last=last, rows=rows, **common)

    return LIST_FLOW.submit(actor, plist, header, freeze)


@transaction.atomic
def add_to_library(actor: Any, city: Region, project: Project, note: str = "") -> LibraryEntry:
    """The city selects a district project into its 项目库."""
    require_own(actor, "reports.library", city)
    if city.level_enum != Level.CITY or not project.region_id.startswith(city.prefix):
        raise ValidationError("只能把本市各区（市）的项目选入本市项目库")
    if LibraryEntry.objects.filter(region=city, project=project).exists():
        raise ValidationError(f"“{project.name}”已在项目库中")
    entry = LibraryEntry.objects.create(
        region=city,
        project=project,
        note=note.strip(),
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor,
        "reports.library.add",
        project,
        after={"library": city.code, "note": entry.note},
        region_id=city.code,
    )
    return entry


@transaction.atomic
def remove_from_library(actor: Any, entry: LibraryEntry, reason: str) -> None:
    require_own(actor, "reports.library", entry.region)
    reason = clean_text(reason, "reason", "移出项目库的理由", minimum=2)
    project, city = entry.project, entry.region
    entry.delete()
    audit.record(
        actor,
        "reports.library.remove",
        project,
        before={"library": city.code},
        region_id=city.code,
        context={"reason": reason},
    )
