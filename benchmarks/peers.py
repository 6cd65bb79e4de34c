"""The peers of the registry import (P1) and the scratch database's reset.

- ``floor``: python-calamine reads the sheet and COPY writes households and people, with no
  validation at all (labels become codes through a dict, the birth date and sex come from the ID
  number when the cells are empty): the least work that puts the same rows in the same tables.
- ``import_export``: django-import-export, the default a Django team reaches for: a
  ``ModelResource`` for ``Household`` and one for ``Person``, with the clerk sheet's column names,
  run once by default and once with ``use_bulk = True``.
- ``empty_registry``: empties the registry (and audit and import batches) of a scratch database
  that holds only regions otherwise, between runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tablib
from django.db import connection, transaction
from import_export import fields, resources, widgets
from python_calamine import CalamineWorkbook

from fangfan.core import bulk
from fangfan.employment.models import Employment
from fangfan.imports.spec import normalise_header
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.regions.resolver import Names, RegionResolver, ResolveError
from fangfan.registry.exporting import LABELS
from fangfan.registry.importing import REGION_KEYS, PeopleSpec
from fangfan.registry.models import Household, Person

# Label → stored value, as the clerk sheet writes them.
CODES = {key: {label: value for value, label in labels.items()} for key, labels in LABELS.items()}
SMALL = 20_000
REGISTRY_TABLES = (
    "registry_person",
    "registry_household",
    "audit_auditevent",
    "audit_accesslog",
    "imports_importbatch",
)


class NotScratch(RuntimeError):
    """The database holds more than a registry: emptying it would destroy real work."""


def empty_registry() -> None:
    """TRUNCATE … CASCADE of the registry, audit and import tables (DELETE on SQLite).

    Refuses when employment spells exist: a scratch database for P1 holds only regions and what
    the previous run imported."""
    if Employment.objects.exists():
        raise NotScratch("这个数据库里有务工记录，不是只有区划的临时库；拒绝清空。")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Inside a transaction, deferred foreign-key checks must fire before a TRUNCATE.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if connection.vendor == "postgresql" and Person.objects.count() > SMALL:
            cur.execute(f"TRUNCATE {', '.join(REGISTRY_TABLES)} RESTART IDENTITY CASCADE")
            return
        # A small registry (the smoke tests): DELETE is quicker than truncating a dozen tables.
        with transaction.atomic():
            cur.execute("UPDATE registry_household SET head_id = NULL")
            for name in REGISTRY_TABLES:
                if name.startswith("audit_") and connection.vendor == "postgresql":
                    cur.execute(f"TRUNCATE {name}")  # append-only: its trigger refuses DELETE
                else:
                    cur.execute(f"DELETE FROM {name}")


# ----- reading the clerk sheet -----------------------------------------------------------------


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[Any]]

    def column(self, label: str) -> int | None:
        return self.headers.index(label) if label in self.headers else None


def _aliases() -> dict[str, str]:
    """Any header the registry import accepts (户码, 公民身份号码…) → the clerk sheet's label."""
    found: dict[str, str] = {}
    for column in PeopleSpec.columns:
        for name in (column.label, *column.names):
            found.setdefault(normalise_header(name), column.label)
    return found


def read_sheet(path: Path, limit: int | None = None) -> Sheet:
    """The first sheet read by python-calamine; the header is the first row naming the ID number
    (headers are named as the registry import names them), rows below it that have an ID number
    are data (title rows above and notes below are skipped)."""
    aliases = _aliases()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)

    def labels(row: list[Any]) -> list[str]:
        return [aliases.get(normalise_header(c), normalise_header(c)) for c in row]

    at = next(i for i, row in enumerate(rows[:30]) if "身份证号" in labels(row))
    headers = labels(rows[at])
    id_at = headers.index("身份证号")
    data = [row for row in rows[at + 1 :] if len(row) > id_at and str(row[id_at]).strip()]
    return Sheet(headers, data[:limit] if limit else data)


def _village_codes(sheet: Sheet) -> list[str]:
    """Each row's village: the 村级区划代码 cell, else the 县/乡镇/村 names (exact names in a dict,
    others through the registry's resolver)."""
    code_at = sheet.column("村级区划代码")
    if code_at is not None:
        return [str(row[code_at]).strip() for row in sheet.rows]
    names: dict[str, str] = dict(Region.objects.filter(level__gte=Level.COUNTY).values_list("code", "name"))
    by_names = {
        (names.get(code[:6] + "000000", ""), names.get(code[:9] + "000", ""), name): code
        for code, name in names.items()
        if len(code) == 12 and not code.endswith("000")
    }
    resolver = RegionResolver("")
    at = {
        key: sheet.column(label)
        for key, label in zip(REGION_KEYS, ("省", "市", "县", "乡镇", "村"), strict=True)
    }

    def resolve(row: list[Any]) -> str:
        given = {k: (str(row[i]).strip() if i is not None and i < len(row) else "") for k, i in at.items()}
        key = (given["county"], given["township"], given["village"])
        if key not in by_names:
            try:
                by_names[key] = resolver.by_names(Names(**given)).code
            except ResolveError:
                by_names[key] = ""
        return by_names[key]

    return [resolve(row) for row in sheet.rows]


def _date(value: Any, id_number: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


# ----- the floor -------------------------------------------------------------------------------


def floor(path: Path) -> dict[str, Any]:
    """Parse with calamine and COPY households and people; no validation. Returns counts and stages."""
    import time

    started = time.perf_counter()
    sheet = read_sheet(path)
    read = time.perf_counter() - started
    col = {label: sheet.column(label) for label in sheet.headers}
    villages = _village_codes(sheet)

    def cell(row: list[Any], label: str) -> Any:
        i = col.get(label)
        return row[i] if i is not None and i < len(row) else ""

    households: dict[str, list[Any]] = {}
    for row, village in zip(sheet.rows, villages, strict=True):
        number = str(cell(row, "户编号")).strip()
        if number and number not in households:
            kind = CODES["type"].get(str(cell(row, "户类型")).strip(), "exited")
            category = CODES["category"].get(str(cell(row, "监测对象类别")).strip(), "")
            households[number] = [number, village, kind if category else "exited", category]
    with transaction.atomic():
        bulk.insert_rows(
            Household, ["number", "village_id", "household_type", "monitoring_category"], households.values()
        )
        ids: dict[str, int] = {}
        for chunk in bulk.key_chunks(list(households)):
            ids.update(Household.objects.filter(number__any=chunk).values_list("number", "id"))

        def people():
            for row, village in zip(sheet.rows, villages, strict=True):
                id_number = str(cell(row, "身份证号")).strip().upper()
                sex = CODES["sex"].get(str(cell(row, "性别")).strip()) or (
                    "M" if int(id_number[16]) % 2 else "F"
                )
                yield [
                    ids.get(str(cell(row, "户编号")).strip()),
                    str(cell(row, "姓名")).strip(),
                    id_number,
                    _date(cell(row, "出生日期"), id_number),
                    sex,
                    CODES["relation"].get(str(cell(row, "与户主关系")).strip(), ""),
                    CODES["labour"].get(str(cell(row, "劳动技能")).strip(), "ordinary"),
                    CODES["health"].get(str(cell(row, "健康状况")).strip(), "healthy"),
                    CODES["education"].get(str(cell(row, "文化程度")).strip(), ""),
                    str(cell(row, "联系电话")).strip(),
                    village,
                    "",
                    "",
                    "",
                    "",
                    "",
                ]

        written = bulk.insert_rows(
            Person,
            [
                "household_id",
                "name",
                "id_number",
                "birth_date",
                "sex",
                "relation_to_head",
                "labour_capacity",
                "health",
                "education",
                "phone",
                "village_id",
                "disability_category",
                "disability_grade",
                "skills",
                "notes",
                "left_reason",
            ],
            people(),
        )
    total = time.perf_counter() - started
    return {
        "rows": len(sheet.rows),
        "people": written,
        "households": len(households),
        "read": read,
        "seconds": total,
    }


# ----- django-import-export --------------------------------------------------------------------


class LabelWidget(widgets.Widget):
    """A choice written as its Chinese label (男, 户主, 普通劳动力…) → the stored value."""

    def __init__(self, codes: dict[str, str], default: str = "") -> None:
        super().__init__()
        self.codes = codes
        self.default = default

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        return self.codes.get(text, text or self.default)


class HouseholdResource(resources.ModelResource):
    number = fields.Field(attribute="number", column_name="户编号")
    village = fields.Field(
        attribute="village", column_name="村级区划代码", widget=widgets.ForeignKeyWidget(Region, "code")
    )
    household_type = fields.Field(
        attribute="household_type", column_name="户类型", widget=LabelWidget(CODES["type"], "exited")
    )
    monitoring_category = fields.Field(
        attribute="monitoring_category", column_name="监测对象类别", widget=LabelWidget(CODES["category"])
    )

    class Meta:
        model = Household
        import_id_fields = ("number",)
        fields = ("number", "village", "household_type", "monitoring_category")


class PersonResource(resources.ModelResource):
    household = fields.Field(
        attribute="household", column_name="户编号", widget=widgets.ForeignKeyWidget(Household, "number")
    )
    village = fields.Field(
        attribute="village", column_name="村级区划代码", widget=widgets.ForeignKeyWidget(Region, "code")
    )
    name = fields.Field(attribute="name", column_name="姓名")
    id_number = fields.Field(attribute="id_number", column_name="身份证号")
    sex = fields.Field(attribute="sex", column_name="性别", widget=LabelWidget(CODES["sex"]))
    birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget())
    relation_to_head = fields.Field(
        attribute="relation_to_head", column_name="与户主关系", widget=LabelWidget(CODES["relation"])
    )
    education = fields.Field(
        attribute="education", column_name="文化程度", widget=LabelWidget(CODES["education"])
    )
    health = fields.Field(
        attribute="health", column_name="健康状况", widget=LabelWidget(CODES["health"], "healthy")
    )
    labour_capacity = fields.Field(
        attribute="labour_capacity", column_name="劳动技能", widget=LabelWidget(CODES["labour"], "ordinary")
    )
    phone = fields.Field(attribute="phone", column_name="联系电话")

    class Meta:
        model = Person
        import_id_fields = ("id_number",)
        fields = (
            "household",
            "village",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "relation_to_head",
            "education",
            "health",
            "labour_capacity",
            "phone",
        )


class BulkHouseholdResource(HouseholdResource):
    class Meta(HouseholdResource.Meta):
        use_bulk = True


class BulkPersonResource(PersonResource):
    class Meta(PersonResource.Meta):
        use_bulk = True


def _dataset(sheet: Sheet, villages: list[str]) -> tablib.Dataset:
    """The sheet from its header row on, with the village as a code (a team would add that column)."""
    headers = [h for h in sheet.headers if h != "村级区划代码"] + ["村级区划代码"]
    keep = [sheet.headers.index(h) for h in headers[:-1]]
    data = tablib.Dataset(headers=headers)
    for row, village in zip(sheet.rows, villages, strict=True):
        data.append([(row[i] if i < len(row) else "") for i in keep] + [village])
    return data


def import_export(path: Path, use_bulk: bool, limit: int | None = None) -> dict[str, Any]:
    """Households then people through django-import-export; returns counts, errors and seconds."""
    import time

    started = time.perf_counter()
    sheet = read_sheet(path, limit)
    data = _dataset(sheet, _village_codes(sheet))
    households = HouseholdResource() if not use_bulk else BulkHouseholdResource()
    people = PersonResource() if not use_bulk else BulkPersonResource()
    number_at = data.headers.index("户编号")
    seen: set[str] = set()
    unique = tablib.Dataset(headers=data.headers)
    for row in data:
        if row[number_at] not in seen:
            seen.add(row[number_at])
            unique.append(row)
    first = households.import_data(unique, dry_run=False, use_transactions=True)
    second = people.import_data(data, dry_run=False, use_transactions=True)
    total = time.perf_counter() - started
    return {
        "rows": len(sheet.rows),
        "households": first.totals.get("new", 0),
        "people": Person.objects.count(),
        "errors": len(first.row_errors()) + len(second.row_errors()) + len(second.invalid_rows),
        "seconds": total,
    }
