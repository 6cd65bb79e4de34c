"""Importing the people of instrument records from a sheet: batch members,
brand workers, trainees, site residents, job-fair hires.

Every row names its record (by its 编号 or its exact name), the person's name
and ID number, and the kind's own columns. A person is found in the ledger by
ID number inside the importer's scope, and the name must agree with the
ledger. A row whose person is already attached to the record updates the
attachment (or leaves it unchanged), so importing a file twice changes
nothing the second time. The subclass checks its rules in ``check`` with the
same functions its services use, so that a planned row cannot fail on commit,
and writes through its services in ``create``/``update``.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from fangfan.accounts.policy import ScopePolicy
from fangfan.core.masking import mask_id_number
from fangfan.imports import cells
from fangfan.imports.spec import Column, Counts, ImportSpec, Row
from fangfan.registry import idnumber
from fangfan.registry.models import Person

NAME = Column("name", "姓名", ("人员姓名", "务工人员姓名", "学员姓名"), required=True, example="张三")
ID_NUMBER = Column(
    "id_number",
    "身份证号",
    ("身份证号码", "公民身份号码", "证件号码", "身份证件号码", "身份证"),
    required=True,
    example="370406198506010011",
)


def messages_of(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs of a service's ValidationError."""
    if hasattr(exc, "error_dict"):
        return [(f, m) for f, ms in exc.message_dict.items() for m in ms]
    return [("", m) for m in exc.messages]


class PeopleImportSpec(ImportSpec):
    parent_model: ClassVar[type[models.Model]]
    parent_label: ClassVar[str]
    child_model: ClassVar[type[models.Model]]
    parent_attr: ClassVar[str]
    field_columns: ClassVar[dict[str, str]] = {}
    """model field -> column key, for the row's own values; the label of an error on that field."""

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self.policy = None if actor is None else ScopePolicy.of(actor)
        self._parents: dict[str, Any] = {}
        self.planned: list[tuple[Any, Person, dict[str, Any], Any]] = []

    # ----- parse ------------------------------------------------------------------------------

    def parse(self, row: Row) -> None:
        v = row.values
        v["name"] = cells.person_name(row.raw.get("name"))
        if not v["name"]:
            row.error(NAME.label, "姓名不能为空")
        try:
            v["id_number"] = idnumber.parse(row.raw.get("id_number")).id_number
        except idnumber.IdNumberError as exc:
            row.error(ID_NUMBER.label, str(exc))
        v["parent_ref"] = cells.compact(row.raw.get("parent"))
        if not v["parent_ref"]:
            row.error(self.parent_label, f"{self.parent_label}不能为空")
        self.parse_fields(row)

    def parse_fields(self, row: Row) -> None:
        """Fill the kind's own values into ``row.values``."""

    # ----- plan -------------------------------------------------------------------------------

    def _parent(self, ref: str) -> Any:
        if ref in self._parents:
            return self._parents[ref]
        manager = self.parent_model.objects  # type: ignore[attr-defined]
        qs = manager.all() if self.actor is None else manager.visible_to(self.actor)
        found = list(qs.filter(pk=int(ref))) if ref.isdigit() else list(qs.filter(name=ref)[:2])
        if not found:
            raise ValidationError(f"找不到{self.parent_label}为“{ref}”的记录（或不在您的管辖范围内）")
        if len(found) > 1:
            raise ValidationError(f"名称为“{ref}”的记录不止一个，请填写编号")
        parent = found[0]
        if self.policy is not None and not self.policy.covers(parent.region_id):
            raise ValidationError(f"“{parent}”由其他地区登记，您不能导入其人员")
        self._parents[ref] = parent
        return parent

    def plan(self, rows: list[Row], present: set[str]) -> None:
        seen: dict[tuple[str, str], int] = {}
        numbers = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        people = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers)}
        for row in rows:
            v = row.values
            key = (v["parent_ref"], v["id_number"])
            if key in seen:
                row.error(ID_NUMBER.label, f"与第{seen[key]}行重复（同一记录、同一人员）")
                continue
            seen[key] = row.number
            try:
                parent = self._parent(v["parent_ref"])
            except ValidationError as exc:
                row.error(self.parent_label, exc.messages[0])
                continue
            person = people.get(v["id_number"])
            if person is None:
                row.error(ID_NUMBER.label, f"台账中没有身份证号为{mask_id_number(v['id_number'])}的人员")
                continue
            if self.policy is not None and not self.policy.covers(person.village_id):
                row.error(
                    ID_NUMBER.label, f"身份证号{mask_id_number(v['id_number'])}的人员不在您的管辖范围内"
                )
                continue
            if person.name != v["name"]:
                row.error(NAME.label, f"姓名“{v['name']}”与台账不一致（台账为“{person.name}”）")
                continue
            existing = self.child_model.objects.filter(  # type: ignore[attr-defined]
                **{self.parent_attr: parent, "person": person}
            ).first()
            wanted = self.wanted(row, present)
            try:
                self.prepare(parent, wanted)
                self.check(parent, person, existing, wanted)
            except ValidationError as exc:
                for field_name, message in messages_of(exc):
                    row.error(self._label(field_name), message)
                continue
            self.planned.append((parent, person, wanted, existing))
            if existing is None:
                row.action = "created"
                row.payload = {"parent": parent, "person": person, "data": wanted}
                continue
            changes = {k: val for k, val in wanted.items() if getattr(existing, k) != val}
            row.action = "updated" if changes else "unchanged"
            row.payload = {"existing": existing, "changes": changes}

    def _label(self, field_name: str) -> str:
        if field_name == "person":
            return ID_NUMBER.label
        key = self.field_columns.get(field_name)
        return self.column(key).label if key else self.parent_label if field_name == "__all__" else ""

    def wanted(self, row: Row, present: set[str]) -> dict[str, Any]:
        """The attachment's attributes as the file gives them; absent columns are left as they are."""
        return {f: row.values.get(key) for f, key in self.field_columns.items() if key in present}

    def prepare(self, parent: Any, wanted: dict[str, Any]) -> None:
        """Turn values that depend on the record (such as an employer named in the row) into objects;
        raise ValidationError when they cannot be found."""

    def check(self, parent: Any, person: Person, existing: Any, wanted: dict[str, Any]) -> None:
        """Raise ValidationError as the service would for this row. Rows planned before it in
        the same file are in ``self.planned`` as (parent, person, wanted, existing)."""

    # ----- commit -----------------------------------------------------------------------------

    def commit(self, rows: list[Row], present: set[str], context: dict[str, Any]) -> Counts:
        counts = Counts()
        for row in rows:
            if row.action == "created":
                self.create(row.payload["parent"], row.payload["person"], row.payload["data"], context)
                counts.created += 1
            elif row.action == "updated":
                self.update(row.payload["existing"], row.payload["changes"], context)
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts

    @abstractmethod
    def create(self, parent: Any, person: Person, data: dict[str, Any], context: dict[str, Any]) -> None:
        """Attach the person to the record through the kind's service."""

    @abstractmethod
    def update(self, existing: Any, changes: dict[str, Any], context: dict[str, Any]) -> None:
        """Change the attachment through the kind's service."""
