"""Importing the people a project employs (带动就业人员) from a sheet.

Every row names its project (by its 编号 or its exact name, among the projects the
importer may edit), the person's name and ID number, and the dates on the job.
A person already on the project is updated (or left alone), so importing a file
twice changes nothing the second time. Rows are checked with the service's own
``check_worker``, so a planned row cannot fail on commit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.registry import idnumber

from . import services
from .models import Project, ProjectWorker
from .services.common import is_own
from .services.projects import check_worker

PROJECT = Column(
    "project", "项目编号", ("项目名称", "项目", "所属项目"), required=True, example="香菇种植基地"
)
NAME = Column("name", "姓名", ("人员姓名", "务工人员姓名"), required=True, example="张三")
ID_NUMBER = Column(
    "id_number",
    "身份证号",
    ("身份证号码", "公民身份号码", "证件号码"),
    required=True,
    example="370406198506010011",
)
STARTED = Column(
    "started_on", "上岗日期", ("入职日期", "开始日期", "务工开始日期"), required=True, example="2024-03-01"
)
ENDED = Column("ended_on", "离岗日期", ("离职日期", "结束日期", "务工结束日期"), example="")
LABELS = {
    "name": NAME.label,
    "id_number": ID_NUMBER.label,
    "started_on": STARTED.label,
    "ended_on": ENDED.label,
}


class ProjectWorkerSpec(ImportSpec):
    kind = "project_workers"
    title = "就业帮扶项目带动就业人员"
    capability = "reports.projects"
    columns = (PROJECT, NAME, ID_NUMBER, STARTED, ENDED)

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._projects: dict[str, Project] = {}

    def parse(self, row: Row) -> None:
        v = row.values
        v["project"] = cells.compact(row.raw.get("project"))
        if not v["project"]:
            row.error(PROJECT.label, "项目不能为空")
        v["name"] = cells.person_name(row.raw.get("name"))
        try:
            v["id_number"] = idnumber.parse(row.raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(ID_NUMBER.label, str(exc))
        v["started_on"] = self.cell(row, STARTED, cells.date, STARTED.label, required=True)
        v["ended_on"] = self.cell(row, ENDED, cells.date, ENDED.label)

    def _project(self, ref: str) -> Project:
        if ref in self._projects:
            return self._projects[ref]
        qs = Project.objects.all() if self.actor is None else Project.objects.visible_to(self.actor)
        found = list(qs.filter(pk=int(ref))) if ref.isdigit() else list(qs.filter(name=ref)[:2])
        if not found:
            raise ValidationError(f"找不到项目“{ref}”（或不在您的管辖范围内）")
        if len(found) > 1:
            raise ValidationError(f"名称为“{ref}”的项目不止一个，请填写项目编号")
        project = found[0]
        if self.actor is not None and not is_own(self.actor, project.region):
            raise PermissionDenied(f"“{project}”由{project.region}登记，您不能导入其人员")
        self._projects[ref] = project
        return project

    def plan(self, rows: list[Row], present: set[str]) -> None:
        seen: dict[tuple[int, str], int] = {}
        for row in rows:
            v = row.values
            try:
                project = self._project(v["project"])
            except (ValidationError, PermissionDenied) as exc:
                row.error(PROJECT.label, "；".join(getattr(exc, "messages", [str(exc)])))
                continue
            existing = ProjectWorker.objects.filter(project=project, id_number=v["id_number"]).first()
            try:
                cleaned = check_worker(project, v, existing)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        row.error(LABELS.get(field, ""), message)
                continue
            key = (project.pk, cleaned["id_number"])
            if key in seen:
                row.error(ID_NUMBER.label, f"与第{seen[key]}行重复（同一项目、同一人员）")
                continue
            seen[key] = row.number
            if existing is None:
                row.action, row.payload = "created", (project, cleaned)
                continue
            changes = {
                f: cleaned[f]
                for f in ("name", "started_on", "ended_on")
                if getattr(existing, f) != cleaned[f]
            }
            row.action = "updated" if changes else "unchanged"
            row.payload = (existing, changes)

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            if row.action == "created":
                project, cleaned = row.payload
                services.add_worker(self.actor, project, **cleaned)
                counts.created += 1
            elif row.action == "updated":
                existing, changes = row.payload
                services.update_worker(self.actor, existing, **changes)
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts
