"""The 12-digit 统计用区划代码: province 2, city 2, county 2, township 3, village 3.

A region's subtree is every code that starts with its prefix, so scoping is a
prefix match on an indexed column and needs no join or recursive query.
"""

from enum import IntEnum


class Level(IntEnum):
    PROVINCE = 1
    CITY = 2
    COUNTY = 3
    TOWNSHIP = 4
    VILLAGE = 5

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def prefix_length(self) -> int:
        return PREFIX_LENGTHS[self]


LEVEL_LABELS = {
    Level.PROVINCE: "省",
    Level.CITY: "市",
    Level.COUNTY: "县",
    Level.TOWNSHIP: "乡镇",
    Level.VILLAGE: "村",
}
PREFIX_LENGTHS = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}
CODE_LENGTH = 12


def normalise(code: str) -> str:
    """Pad a short code ("37", "3704", "370402001") to its 12-digit form."""
    code = code.strip()
    if not code.isdigit() or len(code) not in PREFIX_LENGTHS.values():
        raise ValueError(f"区划代码“{code}”不是2、4、6、9或12位数字")
    return code.ljust(CODE_LENGTH, "0")


def level_of(code: str) -> Level:
    code = normalise(code)
    for level in (Level.VILLAGE, Level.TOWNSHIP, Level.COUNTY, Level.CITY):
        if code[PREFIX_LENGTHS[Level(level - 1)] :].strip("0"):
            return level
    return Level.PROVINCE


def prefix_of(code: str, level: Level | None = None) -> str:
    code = normalise(code)
    return code[: PREFIX_LENGTHS[level or level_of(code)]]


def ancestor_codes(code: str) -> list[str]:
    """Codes of the region and each of its ancestors, province first."""
    code = normalise(code)
    level = level_of(code)
    return [code[: PREFIX_LENGTHS[lvl]].ljust(CODE_LENGTH, "0") for lvl in Level if lvl <= level]
