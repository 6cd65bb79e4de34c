"""Export of the person list to xlsx, in the same columns the import reads,
so that an unmasked export can be edited and imported back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote as _quote

from fangfan.core import xlsx
from fangfan.core.masking import mask_id_number, mask_phone
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region

from .choices import (
    DisabilityCategory,
    DisabilityGrade,
    Education,
    Health,
    HouseholdType,
    LabourCapacity,
    MonitoringCategory,
    Relation,
    Sex,
)
from .models import PersonQuerySet

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
HEADERS = [
    "户编号",
    "县",
    "乡镇",
    "村",
    "村级区划代码",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "与户主关系",
    "户类型",
    "监测对象类别",
    "识别日期",
    "风险消除日期",
    "文化程度",
    "健康状况",
    "残疾类别",
    "残疾等级",
    "劳动技能",
    "技能特长",
    "联系电话",
    "备注",
]
FIELDS = [
    "household__number",
    "village_id",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "relation_to_head",
    "household__household_type",
    "household__monitoring_category",
    "household__identified_on",
    "household__exited_on",
    "education",
    "health",
    "disability_category",
    "disability_grade",
    "labour_capacity",
    "skills",
    "phone",
    "notes",
]

ORDER = ("village_id", "household__number", "id")


def quote(name: str) -> str:
    return _quote(name)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


LABELS = {
    "sex": _labels(Sex),
    "relation": _labels(Relation),
    "type": _labels(HouseholdType),
    "category": _labels(MonitoringCategory),
    "education": _labels(Education),
    "health": _labels(Health),
    "disability": _labels(DisabilityCategory),
    "grade": _labels(DisabilityGrade),
    "labour": _labels(LabourCapacity),
}


def rows(qs: PersonQuerySet, unmasked: bool) -> Iterator[list[Any]]:
    """The person list in HEADERS' columns, a row at a time, in the order of ``qs`` (see ORDER)."""
    names: dict[str, str] = {}
    for row in qs.values_list(*FIELDS).iterator(chunk_size=5000):
        (
            number,
            village,
            name,
            id_number,
            sex,
            birth,
            relation,
            htype,
            category,
            identified,
            exited,
            education,
            health,
            disability,
            grade,
            labour,
            skills,
            phone,
            notes,
        ) = row
        if village not in names:
            county = village[:6].ljust(CODE_LENGTH, "0")
            names.update(
                Region.objects.filter(code__startswith=village[:6], level__gte=Level.COUNTY).values_list(
                    "code", "name"
                )
            )
            names.setdefault(county, "")
        yield [
            number or "",
            names.get(village[:6].ljust(CODE_LENGTH, "0"), ""),
            names.get(village[:9].ljust(CODE_LENGTH, "0"), ""),
            names.get(village, ""),
            village,
            name,
            id_number if unmasked else mask_id_number(id_number),
            LABELS["sex"].get(sex, ""),
            birth,
            LABELS["relation"].get(relation, ""),
            LABELS["type"].get(htype or "", ""),
            LABELS["category"].get(category or "", ""),
            identified,
            exited,
            LABELS["education"].get(education, ""),
            LABELS["health"].get(health, ""),
            LABELS["disability"].get(disability, ""),
            LABELS["grade"].get(grade, ""),
            LABELS["labour"].get(labour, ""),
            skills,
            phone if unmasked else mask_phone(phone),
            notes,
        ]


def people_xlsx(qs: PersonQuerySet, unmasked: bool) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    book.use_zip64()
    sheet = book.add_worksheet("脱贫人口台账")
    cells = xlsx.CellWriter(book)
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, 20 if header in ("身份证号", "村级区划代码", "户编号") else 12)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(rows(qs.order_by(*ORDER), unmasked), start=1):
        for col, value in enumerate(values):
            cells.write(sheet, count, col, value)
    book.close()
    return buffer.getvalue(), count
