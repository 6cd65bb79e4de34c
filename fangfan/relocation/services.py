"""Every change to relocation sites, their residents, job fairs, the employers at
a fair, its attendees and its hires.

A hire's employment spell is created here, once, through
``fangfan.employment.services`` with source 专场招聘 and
``source_ref="relocation.fairhire:<pk>"``; changing the hire (or its fair or
employer) updates the spell, removing the hire deletes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fangfan.cooperation.kit import records
from fangfan.cooperation.kit.records import cn_date
from fangfan.cooperation.kit.spells import place_of_work, remove_spell, sync_spell
from fangfan.employment.models import EmploymentKind, Source
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from .models import FairAttendee, FairEmployer, FairHire, JobFair, RelocationSite, SiteResident

EDIT = "relocation.edit"
LOCAL_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _merged(obj: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields} | records.pick(changes, fields)


def _left(errors: dict[str, str], person: Person, day: dt.date) -> None:
    if person.left_on and person.left_on < day:
        errors["person"] = f"{person.name}已于{cn_date(person.left_on)}{person.get_left_reason_display()}减少"


def _update_owned(actor: Any, obj: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    authorise(actor, EDIT, obj.region_id)
    region = changes.get("region", obj.region)
    authorise(actor, EDIT, region.code)
    return records.update(
        actor,
        obj,
        records.pick(changes, fields),
        capability=EDIT,
        action=f"{obj._meta.label_lower}.update",
        region_code=region.code,
    )


# ----- 安置区 --------------------------------------------------------------------------------------

SITE_FIELDS = (
    "name",
    "region",
    "kind",
    "address",
    "households_planned",
    "people_planned",
    "built_on",
    "notes",
)


def check_site(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), LOCAL_LEVELS)
    errors: dict[str, str] = {}
    households, people = data.get("households_planned"), data.get("people_planned")
    if households is not None and people is not None and people < households:
        errors["people_planned"] = "安置人数不能少于安置户数"
    _raise(errors)


@transaction.atomic
def create_site(actor: Any, **data: Any) -> RelocationSite:
    check_site(data)
    return records.create(
        actor,
        RelocationSite,
        records.pick(data, SITE_FIELDS),
        capability=EDIT,
        action="relocation.relocationsite.create",
        region_code=data["region"].code,
    )


@transaction.atomic
def update_site(actor: Any, site: RelocationSite, **changes: Any) -> RelocationSite:
    check_site(_merged(site, SITE_FIELDS, changes))
    _update_owned(actor, site, SITE_FIELDS, changes)
    return site


RESIDENT_FIELDS = ("moved_in_on", "moved_out_on", "notes")


def check_resident(
    site: RelocationSite,
    person: Person,
    data: dict[str, Any],
    existing: SiteResident | None = None,
    planned: Sequence[tuple[RelocationSite, dt.date, dt.date | None]] = (),
) -> None:
    """Dates in order, not before the site opened, and one site at a time per person."""
    errors: dict[str, str] = {}
    moved_in, moved_out = data.get("moved_in_on"), data.get("moved_out_on")
    if moved_in is None:
        errors["moved_in_on"] = "请填写入住日期"
        _raise(errors)
    assert moved_in is not None
    if moved_out and moved_out < moved_in:
        errors["moved_out_on"] = "迁出日期不能早于入住日期"
    if site.built_on and moved_in < site.built_on:
        errors["moved_in_on"] = f"入住日期不能早于安置区建成入住日期（{cn_date(site.built_on)}）"
    if existing is None and SiteResident.objects.filter(site=site, person=person).exists():
        errors["person"] = f"{person.name}已登记在本安置区"
    others = [
        (r.site, r.moved_in_on, r.moved_out_on)
        for r in SiteResident.objects.filter(person=person).exclude(site=site).select_related("site")
    ]
    for other, s, e in [*others, *[p for p in planned if p[0] != site]]:
        if moved_in <= (e or dt.date.max) and s <= (moved_out or dt.date.max):
            until = cn_date(e) if e else "今"
            errors["person"] = f"{person.name}已登记在安置区“{other}”（{cn_date(s)}至{until}），居住时间重叠"
            break
    _raise(errors)


@transaction.atomic
def add_resident(
    actor: Any, site: RelocationSite, *, person: Person, context: dict[str, Any] | None = None, **data: Any
) -> SiteResident:
    authorise(actor, EDIT, site.region_id)
    authorise(actor, EDIT, person.village_id)
    check_resident(site, person, data)
    return records.create(
        actor,
        SiteResident,
        {"site": site, "person": person, **records.pick(data, RESIDENT_FIELDS)},
        capability=EDIT,
        action="relocation.siteresident.create",
        region_code=site.region_id,
        context=records.child_context(site, context),
    )


def resident_values(resident: SiteResident) -> dict[str, Any]:
    return {f: getattr(resident, f) for f in RESIDENT_FIELDS}


@transaction.atomic
def update_resident(
    actor: Any, resident: SiteResident, *, context: dict[str, Any] | None = None, **changes: Any
) -> SiteResident:
    check_resident(
        resident.site,
        resident.person,
        resident_values(resident) | records.pick(changes, RESIDENT_FIELDS),
        resident,
    )
    records.update(
        actor,
        resident,
        records.pick(changes, RESIDENT_FIELDS),
        capability=EDIT,
        action="relocation.siteresident.update",
        region_code=resident.site.region_id,
        context=records.child_context(resident.site, context),
    )
    return resident


@transaction.atomic
def remove_resident(actor: Any, resident: SiteResident) -> None:
    records.delete(
        actor,
        resident,
        capability=EDIT,
        action="relocation.siteresident.delete",
        region_code=resident.site.region_id,
        context=records.child_context(resident.site),
    )


# ----- 乐业搬迁（迁建）专场招聘 -------------------------------------------------------------------------

FAIR_FIELDS = ("name", "region", "site", "held_on", "organiser", "venue", "notes")


def check_fair(actor: Any, data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), LOCAL_LEVELS)
    errors: dict[str, str] = {}
    site: RelocationSite | None = data.get("site")
    if site is not None:
        authorise(actor, "relocation.view", site.region_id)
        if site.region_id[:6] != data["region"].code[:6]:
            errors["site"] = "服务安置区应在招聘会举办地所在县（市、区）"
    _raise(errors)


@transaction.atomic
def create_fair(actor: Any, **data: Any) -> JobFair:
    check_fair(actor, data)
    return records.create(
        actor,
        JobFair,
        records.pick(data, FAIR_FIELDS),
        capability=EDIT,
        action="relocation.jobfair.create",
        region_code=data["region"].code,
    )


@transaction.atomic
def update_fair(actor: Any, fair: JobFair, **changes: Any) -> JobFair:
    """A new date or place reaches every hire's spell; a date after a hire's start is refused."""
    check_fair(actor, _merged(fair, FAIR_FIELDS, changes))
    if _update_owned(actor, fair, FAIR_FIELDS, changes):
        for hire in fair.hires.select_related("person", "employer", "spell"):
            hire.fair = fair
            try:
                check_hire(fair, hire.person, hire_values(hire), hire)
            except ValidationError as exc:
                raise ValidationError(f"{hire.person.name}：{'；'.join(exc.messages)}") from None
            _sync_spell(actor, hire)
    return fair


EMPLOYER_FIELDS = ("name", "credit_code", "posts_offered", "jobs")


def check_employer(fair: JobFair, data: dict[str, Any], existing: FairEmployer | None = None) -> None:
    errors: dict[str, str] = {}
    try:
        data["credit_code"] = records.clean_credit_code(data.get("credit_code", ""))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    posts = data.get("posts_offered") or 0
    if posts < 1:
        errors["posts_offered"] = "提供岗位数至少为1"
    elif existing is not None and (hired := existing.hires.count()) > posts:
        errors["posts_offered"] = f"该单位已录用{hired}人，提供岗位数不能少于{hired}"
    clash = records.others(fair.employers.filter(name=data.get("name", "")), existing)
    if clash.exists():
        errors["name"] = f"“{data.get('name')}”已在本场招聘会中"
    _raise(errors)


def _child_write(actor: Any, fair: JobFair, context: dict[str, Any] | None = None) -> dict[str, Any]:
    authorise(actor, EDIT, fair.region_id)
    return records.child_context(fair, context)


@transaction.atomic
def add_employer(actor: Any, fair: JobFair, **data: Any) -> FairEmployer:
    context = _child_write(actor, fair)
    check_employer(fair, data)
    return records.create(
        actor,
        FairEmployer,
        {"fair": fair, **records.pick(data, EMPLOYER_FIELDS)},
        capability=EDIT,
        action="relocation.fairemployer.create",
        region_code=fair.region_id,
        context=context,
    )


@transaction.atomic
def update_employer(actor: Any, employer: FairEmployer, **changes: Any) -> FairEmployer:
    context = _child_write(actor, employer.fair)
    merged = _merged(employer, EMPLOYER_FIELDS, changes)
    check_employer(employer.fair, merged, employer)
    changed = records.update(
        actor,
        employer,
        {k: merged[k] for k in changes if k in EMPLOYER_FIELDS},
        capability=EDIT,
        action="relocation.fairemployer.update",
        region_code=employer.fair.region_id,
        context=context,
    )
    if "name" in changed:
        for hire in employer.hires.select_related("person", "fair", "spell"):
            _sync_spell(actor, hire)
    return employer


@transaction.atomic
def remove_employer(actor: Any, employer: FairEmployer) -> None:
    context = _child_write(actor, employer.fair)
    if employer.hires.exists():
        raise ValidationError(f"“{employer}”已有录用人员，请先移除录用记录")
    records.delete(
        actor,
        employer,
        capability=EDIT,
        action="relocation.fairemployer.delete",
        region_code=employer.fair.region_id,
        context=context,
    )


@transaction.atomic
def add_attendee(
    actor: Any, fair: JobFair, *, person: Person, notes: str = "", context: dict[str, Any] | None = None
) -> FairAttendee:
    full_context = _child_write(actor, fair, context)
    authorise(actor, EDIT, person.village_id)
    if fair.attendees.filter(person=person).exists():
        raise ValidationError({"person": f"{person.name}已登记参会"})
    return records.create(
        actor,
        FairAttendee,
        {"fair": fair, "person": person, "notes": notes},
        capability=EDIT,
        action="relocation.fairattendee.create",
        region_code=fair.region_id,
        context=full_context,
    )


@transaction.atomic
def update_attendee(actor: Any, attendee: FairAttendee, **changes: Any) -> FairAttendee:
    context = _child_write(actor, attendee.fair)
    records.update(
        actor,
        attendee,
        records.pick(changes, ("notes",)),
        capability=EDIT,
        action="relocation.fairattendee.update",
        region_code=attendee.fair.region_id,
        context=context,
    )
    return attendee


@transaction.atomic
def remove_attendee(actor: Any, attendee: FairAttendee) -> None:
    context = _child_write(actor, attendee.fair)
    if attendee.fair.hires.filter(person=attendee.person).exists():
        raise ValidationError(f"{attendee.person.name}已被录用，请先移除录用记录")
    records.delete(
        actor,
        attendee,
        capability=EDIT,
        action="relocation.fairattendee.delete",
        region_code=attendee.fair.region_id,
        context=context,
    )


HIRE_FIELDS = ("employer", "job", "start", "end", "monthly_income", "workplace", "notes")


def hire_values(hire: FairHire) -> dict[str, Any]:
    return {f: getattr(hire, f) for f in HIRE_FIELDS}


def check_hire(
    fair: JobFair,
    person: Person,
    data: dict[str, Any],
    existing: FairHire | None = None,
    planned: Sequence[FairEmployer] = (),
) -> None:
    """Hired at or after the fair, by one of its employers, within the posts that employer offered
    (``planned`` adds hires of the same import not yet written)."""
    errors: dict[str, str] = {}
    employer: FairEmployer | None = data.get("employer")
    start = data.get("start")
    if employer is None or employer.fair_id != fair.pk:
        errors["employer"] = "请选择参加本场招聘会的用人单位"
    else:
        hired = records.others(employer.hires.all(), existing).count()
        hired += sum(1 for e in planned if e.pk == employer.pk)
        if hired >= employer.posts_offered:
            errors["employer"] = (
                f"“{employer}”提供岗位{employer.posts_offered}个，已录用{hired}人，不能再录用；如岗位增加请先修改提供岗位数"
            )
    if start is None:
        errors["start"] = "请填写入职日期"
    elif start < fair.held_on:
        errors["start"] = f"入职日期不能早于招聘会举办日期（{cn_date(fair.held_on)}）"
    if start and data.get("end") and data["end"] < start:
        errors["end"] = "离职日期不能早于入职日期"
    if data.get("monthly_income") is None:
        errors["monthly_income"] = "请填写月工资"
    elif data["monthly_income"] < 0:
        errors["monthly_income"] = "月工资不能为负数"
    workplace: Region | None = data.get("workplace")
    if workplace is not None and workplace.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        errors["workplace"] = "工作地应为省、市或县"
    if start:
        _left(errors, person, start)
    if existing is None and FairHire.objects.filter(fair=fair, person=person).exists():
        errors["person"] = f"{person.name}已在本场招聘会录用"
    _raise(errors)


def spell_data(hire: FairHire) -> dict[str, Any]:
    fair = hire.fair
    workplace = hire.workplace or Region.objects.get(code=fair.region_id[:6].ljust(CODE_LENGTH, "0"))
    return {
        "start": hire.start,
        "end": hire.end,
        "employer": hire.employer.name,
        "kind": EmploymentKind.ENTERPRISE,
        "monthly_income": hire.monthly_income,
        "organised": False,
        "notes": f"专场招聘：{fair.name}{'（' + hire.job + '）' if hire.job else ''}"[:500],
        **place_of_work(workplace, hire.person.village_id),
    }


def _sync_spell(actor: Any, hire: FairHire) -> None:
    sync_spell(actor, hire, person=hire.person, source=Source.JOB_FAIR, **spell_data(hire))


@transaction.atomic
def add_hire(
    actor: Any, fair: JobFair, *, person: Person, context: dict[str, Any] | None = None, **data: Any
) -> FairHire:
    """Record a hire: the person is marked as attending, and their spell is created."""
    full_context = _child_write(actor, fair, context)
    authorise(actor, EDIT, person.village_id)
    check_hire(fair, person, data)
    if not fair.attendees.filter(person=person).exists():
        add_attendee(actor, fair, person=person, context=context)
    record = records.create(
        actor,
        FairHire,
        {"fair": fair, "person": person, **records.pick(data, HIRE_FIELDS)},
        capability=EDIT,
        action="relocation.fairhire.create",
        region_code=fair.region_id,
        context=full_context,
    )
    _sync_spell(actor, record)
    return record


@transaction.atomic
def update_hire(
    actor: Any, record: FairHire, *, context: dict[str, Any] | None = None, **changes: Any
) -> FairHire:
    full_context = _child_write(actor, record.fair, context)
    check_hire(record.fair, record.person, hire_values(record) | records.pick(changes, HIRE_FIELDS), record)
    records.update(
        actor,
        record,
        records.pick(changes, HIRE_FIELDS),
        capability=EDIT,
        action="relocation.fairhire.update",
        region_code=record.fair.region_id,
        context=full_context,
    )
    _sync_spell(actor, record)
    return record


@transaction.atomic
def remove_hire(actor: Any, record: FairHire) -> None:
    """A hire entered by mistake: the hire and its spell go (both audited); attendance stays."""
    context = _child_write(actor, record.fair)
    remove_spell(actor, record, Source.JOB_FAIR)
    records.delete(
        actor,
        record,
        capability=EDIT,
        action="relocation.fairhire.delete",
        region_code=record.fair.region_id,
        context=context,
    )
