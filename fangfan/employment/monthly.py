"""How a row of the monthly employment report changes a person's spells.

A row says, for one person and one month M, either "worked at employer E in area A
for I yuan a month" or "未务工" (not in work). Rows are applied per person in month
order to a working copy of the person's spells, so that a file holding several
months, or the same file imported twice, gives one consistent result:

* **A job is the same job** when its 务工单位 (compared without spaces and case) and its
  务工地域 are the same.
* **Employed in M, job already active in M**: nothing changes if the monthly income is the
  same. A different income applies from M onwards: a spell that began in M takes the new
  income; an older one ends on the last day of M−1 and a new spell starts on the first of M
  (the months before keep the income they had). 就业形式, 有组织劳务输出 and the
  destination are attributes of the job and are updated in place. A 结束日期 ends it.
  A 开始日期 corrects the start of the job's first spell only.
* **Employed in M, job ended in M−1**: the spell continues (its end is cleared, or set to the
  row's 结束日期) when the income is the same; otherwise a new spell starts on the first of M.
* **Employed in M, job starting in M+1** (a later month imported first): that spell is moved
  back to the start of M when the income is the same.
* **Employed in M, job unknown**: a new spell starts on the row's 开始日期 or the first of M
  (就业形式 left blank: 其他).
* A column left blank (就业形式, 有组织劳务输出, destination, 备注) never changes a known job.
* **未务工 in M**: each spell active in M that began before M ends on the last day of M−1;
  one that began in M is removed if it also ended in M, otherwise it now starts on the
  first of M+1.
* Spells that an instrument owns (就业帮扶车间, 以工代赈, 公益性岗位…) are never changed
  here: a row that agrees with one leaves it alone, a row that contradicts it is an error.

Applying a row to spells that already say what it says changes nothing, which is why
importing the same file again reports every row unchanged.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fangfan.imports.cells import compact

from .models import EmploymentKind, Source
from .rules import add_months, month_bounds

USER_SOURCES = (Source.MANUAL, Source.IMPORT)
ATTRS = ("kind", "organised", "destination_province", "destination_city")
SPELL_ATTRS = (
    "start",
    "end",
    "employer",
    "kind",
    "work_area",
    "destination_province",
    "destination_city",
    "monthly_income",
    "organised",
    "notes",
)


def employer_key(name: str) -> str:
    return compact(name).lower()


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class WorkingSpell:
    id: int | None
    start: dt.date
    end: dt.date | None
    employer: str
    kind: str
    work_area: str
    destination_province: Any
    destination_city: Any
    monthly_income: Decimal
    organised: bool
    notes: str
    source: str = Source.IMPORT
    source_label: str = ""
    deleted: bool = False
    original: dict[str, Any] | None = None
    key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.key = employer_key(self.employer)  # the employer never changes on a working spell

    def values(self) -> dict[str, Any]:
        return {a: getattr(self, a) for a in SPELL_ATTRS}

    def active(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass
class Report:
    """One row of the monthly report, parsed."""

    month: dt.date
    employed: bool
    employer: str = ""
    kind: str = ""
    work_area: str = ""
    destination_province: Any = None
    destination_city: Any = None
    monthly_income: Decimal = Decimal(0)
    organised: bool | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    notes: str = ""


@dataclass
class PersonSpells:
    """A person's spells as the rows so far leave them."""

    spells: list[WorkingSpell] = field(default_factory=list)

    def live(self) -> list[WorkingSpell]:
        return [s for s in self.spells if not s.deleted]

    def apply(self, report: Report) -> str:
        """Apply one row; returns created, updated or unchanged. On a RowProblem nothing changed."""
        working = PersonSpells([copy.copy(s) for s in self.spells])
        action = working._employed(report) if report.employed else working._not_employed(report)
        self.spells = working.spells
        return action

    # ----- a row that reports work ----------------------------------------------------------------

    def _employed(self, r: Report) -> str:
        first, last = month_bounds(r.month.year, r.month.month)
        previous = add_months(r.month, -1)
        following_last = month_bounds(*_ym(add_months(r.month, 1)))[1]
        key = employer_key(r.employer)
        same = [s for s in self.live() if s.key == key and s.work_area == r.work_area]
        if active := [s for s in same if s.active(first, last)]:
            return self._continue(max(active, key=lambda s: s.start), r, first, last, same)
        ended = [s for s in same if s.end is not None and previous <= s.end < first]
        if ended:
            spell = max(ended, key=lambda s: s.end or first)
            if spell.source in USER_SOURCES and spell.monthly_income == r.monthly_income:
                spell.end = r.end
                self._attrs(spell, r)
                return "updated"
        later = [s for s in same if last < s.start <= following_last]
        end = r.end
        if later:
            spell = min(later, key=lambda s: s.start)
            if spell.source in USER_SOURCES and spell.monthly_income == r.monthly_income:
                spell.start = r.start or first
                self._attrs(spell, r)
                return "updated"
            limit = spell.start - dt.timedelta(days=1)
            end = min(end, limit) if end else limit
        self.spells.append(
            WorkingSpell(
                id=None,
                start=r.start or first,
                end=end,
                employer=r.employer,
                kind=r.kind or EmploymentKind.OTHER,
                work_area=r.work_area,
                destination_province=r.destination_province,
                destination_city=r.destination_city,
                monthly_income=r.monthly_income,
                organised=bool(r.organised),
                notes=r.notes,
            )
        )
        return "created"

    def _continue(
        self, spell: WorkingSpell, r: Report, first: dt.date, last: dt.date, same: list[WorkingSpell]
    ) -> str:
        if spell.source not in USER_SOURCES:
            if spell.monthly_income != r.monthly_income:
                raise RowProblem(
                    "月收入",
                    f"该人员在“{spell.employer}”的务工记录由{spell.source_label}生成"
                    f"（月收入{spell.monthly_income}元），请在{spell.source_label}中修改",
                )
            return "unchanged"
        before = spell.values()
        if r.start and r.start != spell.start and r.start <= last:
            earlier = [s for s in same if s is not spell and s.start < spell.start]
            if not earlier:
                spell.start = r.start
        if r.end is not None:
            spell.end = r.end
        if spell.monthly_income != r.monthly_income:
            if spell.start >= first:
                spell.monthly_income = r.monthly_income
            else:
                successor = copy.copy(spell)
                successor.id, successor.original, successor.source = None, None, Source.IMPORT
                successor.start, successor.monthly_income = first, r.monthly_income
                spell.end = first - dt.timedelta(days=1)
                self._attrs(successor, r)
                self.spells.append(successor)
                return "updated"
        self._attrs(spell, r)
        return "unchanged" if spell.values() == before else "updated"

    @staticmethod
    def _attrs(spell: WorkingSpell, r: Report) -> None:
        spell.kind = r.kind or spell.kind
        if r.organised is not None:
            spell.organised = r.organised
        if r.destination_province is not None:
            spell.destination_province = r.destination_province
        if r.destination_city is not None:
            spell.destination_city = r.destination_city
        if r.notes:
            spell.notes = r.notes

    # ----- a row that reports no work ------------------------------------------------------------

    def _not_employed(self, r: Report) -> str:
        first, last = month_bounds(r.month.year, r.month.month)
        changed = False
        for spell in self.live():
            if not spell.active(first, last):
                continue
            if spell.source not in USER_SOURCES:
                raise RowProblem(
                    "务工状态",
                    f"该人员本月有{spell.source_label}的务工记录（{spell.employer}），"
                    f"不能填报为未务工；请在{spell.source_label}中办理离岗",
                )
            changed = True
            if spell.start < first:
                spell.end = first - dt.timedelta(days=1)
            elif spell.end is not None and spell.end <= last:
                spell.deleted = True
            else:
                spell.start = last + dt.timedelta(days=1)
        return "updated" if changed else "unchanged"


def _ym(month: dt.date) -> tuple[int, int]:
    return month.year, month.month
