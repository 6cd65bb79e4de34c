"""居民身份证号码 (GB 11643-1999) and the 20-digit 残疾人证号.

An ID is 6 digits of address code, 8 of birth date, 3 of sequence (odd for men,
even for women) and a check character computed with ISO 7064 MOD 11-2.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
DISABILITY_CATEGORIES = {
    "1": "视力残疾",
    "2": "听力残疾",
    "3": "言语残疾",
    "4": "肢体残疾",
    "5": "智力残疾",
    "6": "精神残疾",
    "7": "多重残疾",
}
DISABILITY_GRADES = {"1": "一级", "2": "二级", "3": "三级", "4": "四级"}


class IdNumberError(ValueError):
    """A bad ID number; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class ParsedId:
    id_number: str
    birth_date: dt.date
    sex: str  # "M" or "F"
    disability_category: str = ""
    disability_grade: str = ""

    @property
    def address_code(self) -> str:
        return self.id_number[:6]


_JUNK = re.compile(r"[\s\-'‘’`]")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+\d+")
_CLEAN = re.compile(r"[0-9]{17}[0-9X]")


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise IdNumberError("身份证号不能是是/否值")
    if isinstance(raw, float):
        if raw >= 1e15:
            raise IdNumberError(
                "身份证号被Excel存成了数字，末几位已丢失，无法恢复。请把该列设为“文本”格式后重新填写"
            )
        raw = int(raw)
    text = str(raw)
    if _CLEAN.fullmatch(text):
        return text
    text = _JUNK.sub("", unicodedata.normalize("NFKC", text)).upper()
    if _SCIENTIFIC.fullmatch(text):
        raise IdNumberError(
            "身份证号被Excel转成了科学计数法（如3.70402E+17），末几位已丢失。请把该列设为“文本”格式后重新填写"
        )
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def parse(raw: object, today: dt.date | None = None) -> ParsedId:
    """Validate an 18-digit ID, or a 20-digit 残疾人证号 (ID + category + grade)."""
    text = _text(raw)
    if not text:
        raise IdNumberError("身份证号不能为空")
    category = grade = ""
    if len(text) == 20 and text[:17].isdigit() and text[18:].isdigit():
        category, grade, text = text[18], text[19], text[:18]
        if category not in DISABILITY_CATEGORIES:
            raise IdNumberError(f"残疾人证号第19位（残疾类别）应为1至7，实为“{category}”")
        if grade not in DISABILITY_GRADES:
            raise IdNumberError(f"残疾人证号第20位（残疾等级）应为1至4，实为“{grade}”")
    if len(text) == 15 and text.isdigit():
        raise IdNumberError("这是15位旧身份证号，请填写18位身份证号")
    if len(text) != 18:
        raise IdNumberError(f"身份证号应为18位，实为{len(text)}位")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise IdNumberError("身份证号前17位须为数字，末位为数字或X")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期“{text[6:14]}”不是有效日期") from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(f"身份证号中的出生日期“{text[6:14]}”不合理")
    expected = check_char(text[:17])
    if text[17] != expected:
        raise IdNumberError(f"身份证号校验位不正确（末位应为{expected}），请核对是否录错")
    sex = "M" if int(text[16]) % 2 else "F"
    return ParsedId(text, birth, sex, category, grade)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
