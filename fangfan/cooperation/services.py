"""Every change to the labour-cooperation registers and organised batches.

A batch member's employment spell is created here, once, through
``fangfan.employment.services`` with source 有组织劳务输出, ``organised=True``
and ``source_ref="cooperation.batchmember:<pk>"``; changing the member or the
batch updates that spell, removing the member deletes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fangfan.employment.models import EmploymentKind, Source
from fangfan.imports.cells import CellError, phone
from fangfan.regions.codes import CODE_LENGTH, Level
from fangfan.regions.models import Region
from fangfan.registry import idnumber
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from .kit import records
from .kit.records import cn_date
from .kit.spells import place_of_work, remove_spell, sync_spell
from .models import (
    AllianceLevel,
    AllianceMember,
    BatchMember,
    BrandWorker,
    CooperationRule,
    LabourAlliance,
    LabourBase,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)

EDIT = "cooperation.edit"
DISPATCH = "cooperation.dispatch"
LOCAL_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _not_before(errors: dict[str, str], data: dict[str, Any], start: str, end: str, message: str) -> None:
    if data.get(start) and data.get(end) and data[end] < data[start]:
        errors[end] = message


def _phone(errors: dict[str, str], data: dict[str, Any]) -> None:
    if data.get("phone"):
        try:
            data["phone"] = phone(data["phone"])
        except CellError as exc:
            errors["phone"] = str(exc)


def _create(actor: Any, model: Any, fields: tuple[str, ...], data: dict[str, Any], cap: str = EDIT) -> Any:
    return records.create(
        actor,
        model,
        records.pick(data, fields),
        capability=cap,
        action=f"{model._meta.label_lower}.create",
        region_code=data["region"].code,
    )


def _update(actor: Any, obj: Any, fields: tuple[str, ...], changes: dict[str, Any], cap: str = EDIT) -> dict:
    authorise(actor, cap, obj.region_id)
    if "region" in changes:
        authorise(actor, cap, changes["region"].code)
    return records.update(
        actor,
        obj,
        records.pick(changes, fields),
        capability=cap,
        action=f"{obj._meta.label_lower}.update",
        region_code=changes.get("region", obj.region).code,
    )


def _merged(obj: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields} | records.pick(changes, fields)


# ----- 劳务协作联盟 ------------------------------------------------------------------------------

ALLIANCE_FIELDS = ("name", "level", "region", "lead_organisation", "formed_on", "dissolved_on", "notes")


def check_alliance(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), (Level.PROVINCE, Level.CITY, Level.COUNTY))
    errors: dict[str, str] = {}
    _not_before(errors, data, "formed_on", "dissolved_on", "解散日期不能早于成立日期")
    _raise(errors)


@transaction.atomic
def create_alliance(actor: Any, **data: Any) -> LabourAlliance:
    check_alliance(data)
    alliance = _create(actor, LabourAlliance, ALLIANCE_FIELDS, data)
    records.create(
        actor,
        AllianceMember,
        {
            "alliance": alliance,
            "region": alliance.region,
            "organisation": alliance.lead_organisation,
            "joined_on": alliance.formed_on,
            "is_lead": True,
        },
        capability=EDIT,
        action="cooperation.alliancemember.create",
        region_code=alliance.region_id,
        context=records.child_context(alliance),
    )
    return alliance


@transaction.atomic
def update_alliance(actor: Any, alliance: LabourAlliance, **changes: Any) -> LabourAlliance:
    merged = _merged(alliance, ALLIANCE_FIELDS, changes)
    check_alliance(merged)
    lead = alliance.members.filter(is_lead=True).first()
    clash = alliance.members.filter(region=merged["region"], is_lead=False).first()
    if clash is not None:
        raise ValidationError(
            {"region": f"{merged['region'].name}已是联盟的成员单位（{clash.organisation}），请先移除"}
        )
    _update(actor, alliance, ALLIANCE_FIELDS, changes)
    if lead is not None:
        records.update(
            actor,
            lead,
            {
                "region": alliance.region,
                "organisation": alliance.lead_organisation,
                "joined_on": alliance.formed_on,
            },
            capability=EDIT,
            action="cooperation.alliancemember.update",
            region_code=alliance.region_id,
            context=records.child_context(alliance),
        )
    return alliance


def _check_member_region(
    alliance: LabourAlliance, region: Region | None, member: AllianceMember | None = None
) -> None:
    records.require_level(region, (Level.PROVINCE, Level.CITY, Level.COUNTY))
    assert region is not None
    clash = records.others(alliance.members.filter(region=region), member).first()
    if clash is not None:
        raise ValidationError({"region": f"{region.full_name}已是联盟成员（{clash.organisation}）"})


@transaction.atomic
def add_alliance_member(
    actor: Any,
    alliance: LabourAlliance,
    *,
    region: Region,
    organisation: str,
    joined_on: dt.date | None = None,
) -> AllianceMember:
    authorise(actor, EDIT, alliance.region_id)
    _check_member_region(alliance, region)
    return records.create(
        actor,
        AllianceMember,
        {"alliance": alliance, "region": region, "organisation": organisation, "joined_on": joined_on},
        capability=EDIT,
        action="cooperation.alliancemember.create",
        region_code=alliance.region_id,
        context=records.child_context(alliance),
    )


@transaction.atomic
def update_alliance_member(actor: Any, member: AllianceMember, **changes: Any) -> AllianceMember:
    alliance = member.alliance
    authorise(actor, EDIT, alliance.region_id)
    if member.is_lead:
        raise ValidationError("牵头单位随联盟的牵头地区、牵头单位修改，请修改联盟信息")
    if "region" in changes:
        _check_member_region(alliance, changes["region"], member)
    records.update(
        actor,
        member,
        records.pick(changes, ("region", "organisation", "joined_on")),
        capability=EDIT,
        action="cooperation.alliancemember.update",
        region_code=alliance.region_id,
        context=records.child_context(alliance),
    )
    return member


@transaction.atomic
def remove_alliance_member(actor: Any, member: AllianceMember) -> None:
    authorise(actor, EDIT, member.alliance.region_id)
    if member.is_lead:
        raise ValidationError("牵头单位不能移除")
    records.delete(
        actor,
        member,
        capability=EDIT,
        action="cooperation.alliancemember.delete",
        region_code=member.alliance.region_id,
        context=records.child_context(member.alliance),
    )


@dataclass(frozen=True)
class Finding:
    """A computed check with the sentence that explains it."""

    ok: bool
    text: str


ALLIANCE_SPAN = {
    AllianceLevel.INTER_PROVINCE: (2, Level.PROVINCE, "省"),
    AllianceLevel.INTER_CITY: (4, Level.CITY, "市"),
    AllianceLevel.INTER_COUNTY: (6, Level.COUNTY, "县（市、区）"),
}


def level_check(alliance: LabourAlliance) -> Finding:
    """An alliance of a level spans at least two units of that level (省际: two provinces…)."""
    length, level, unit = ALLIANCE_SPAN[AllianceLevel(alliance.level)]
    codes = {
        m.region_id[:length].ljust(CODE_LENGTH, "0")
        for m in alliance.members.select_related("region")
        if m.region.level >= level
    }
    names = "、".join(Region.objects.filter(code__in=codes).order_by("code").values_list("name", flat=True))
    label = alliance.get_level_display()
    if len(codes) >= 2:
        return Finding(True, f"成员分布在{len(codes)}个{unit}（{names}），符合{label}联盟。")
    where = f"（{names}）" if names else ""
    return Finding(
        False, f"{label}联盟应有至少两个{unit}的成员单位，目前只有{len(codes)}个{where}，请补充成员。"
    )


# ----- 特色劳务品牌 -------------------------------------------------------------------------------

BRAND_FIELDS = ("name", "region", "skill", "level", "certified_on", "revoked_on", "operator", "description")


def check_brand(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), (Level.CITY, Level.COUNTY))
    errors: dict[str, str] = {}
    if data.get("revoked_on") and not data.get("certified_on"):
        errors["revoked_on"] = "尚未认定的品牌不能填写撤销日期"
    _not_before(errors, data, "certified_on", "revoked_on", "撤销日期不能早于认定日期")
    _raise(errors)


@transaction.atomic
def create_brand(actor: Any, **data: Any) -> LabourBrand:
    check_brand(data)
    return _create(actor, LabourBrand, BRAND_FIELDS, data)


@transaction.atomic
def update_brand(actor: Any, brand: LabourBrand, **changes: Any) -> LabourBrand:
    check_brand(_merged(brand, BRAND_FIELDS, changes))
    _update(actor, brand, BRAND_FIELDS, changes)
    return brand


WORKER_FIELDS = ("employer", "start", "end", "notes")


def check_brand_worker(
    brand: LabourBrand, person: Person, data: dict[str, Any], existing: BrandWorker | None = None
) -> None:
    errors: dict[str, str] = {}
    if not data.get("start"):
        errors["start"] = "请填写开始日期"
    _not_before(errors, data, "start", "end", "结束日期不能早于开始日期")
    if existing is None and BrandWorker.objects.filter(brand=brand, person=person).exists():
        errors["person"] = f"{person.name}已登记在该品牌下"
    _raise(errors)


@transaction.atomic
def add_brand_worker(
    actor: Any, brand: LabourBrand, *, person: Person, context: dict[str, Any] | None = None, **data: Any
) -> BrandWorker:
    authorise(actor, EDIT, brand.region_id)
    authorise(actor, EDIT, person.village_id)
    check_brand_worker(brand, person, data)
    return records.create(
        actor,
        BrandWorker,
        {"brand": brand, "person": person, **records.pick(data, WORKER_FIELDS)},
        capability=EDIT,
        action="cooperation.brandworker.create",
        region_code=brand.region_id,
        context=records.child_context(brand, context),
    )


@transaction.atomic
def update_brand_worker(
    actor: Any, worker: BrandWorker, *, context: dict[str, Any] | None = None, **changes: Any
) -> BrandWorker:
    check_brand_worker(worker.brand, worker.person, _merged(worker, WORKER_FIELDS, changes), existing=worker)
    records.update(
        actor,
        worker,
        records.pick(changes, WORKER_FIELDS),
        capability=EDIT,
        action="cooperation.brandworker.update",
        region_code=worker.brand.region_id,
        context=records.child_context(worker.brand, context),
    )
    return worker


@transaction.atomic
def remove_brand_worker(actor: Any, worker: BrandWorker) -> None:
    records.delete(
        actor,
        worker,
        capability=EDIT,
        action="cooperation.brandworker.delete",
        region_code=worker.brand.region_id,
        context=records.child_context(worker.brand),
    )


# ----- 劳务基地、合作社、经纪人 ----------------------------------------------------------------------

BASE_FIELDS = (
    "name",
    "region",
    "operator",
    "level",
    "certified_on",
    "exited_on",
    "address",
    "contact",
    "phone",
    "description",
)


def check_base(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), LOCAL_LEVELS)
    errors: dict[str, str] = {}
    _not_before(errors, data, "certified_on", "exited_on", "退出日期不能早于认定日期")
    _phone(errors, data)
    _raise(errors)


@transaction.atomic
def create_base(actor: Any, **data: Any) -> LabourBase:
    check_base(data)
    return _create(actor, LabourBase, BASE_FIELDS, data)


@transaction.atomic
def update_base(actor: Any, base: LabourBase, **changes: Any) -> LabourBase:
    merged = _merged(base, BASE_FIELDS, changes)
    check_base(merged)
    _update(actor, base, BASE_FIELDS, {k: merged[k] for k in changes if k in BASE_FIELDS})
    return base


COOPERATIVE_FIELDS = (
    "name",
    "region",
    "credit_code",
    "leader",
    "phone",
    "registered_on",
    "dissolved_on",
    "notes",
)


def check_cooperative(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), LOCAL_LEVELS)
    errors: dict[str, str] = {}
    _not_before(errors, data, "registered_on", "dissolved_on", "注销日期不能早于成立日期")
    _phone(errors, data)
    try:
        data["credit_code"] = records.clean_credit_code(data.get("credit_code", ""))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    _raise(errors)


@transaction.atomic
def create_cooperative(actor: Any, **data: Any) -> LabourCooperative:
    check_cooperative(data)
    return _create(actor, LabourCooperative, COOPERATIVE_FIELDS, data)


@transaction.atomic
def update_cooperative(actor: Any, cooperative: LabourCooperative, **changes: Any) -> LabourCooperative:
    merged = _merged(cooperative, COOPERATIVE_FIELDS, changes)
    check_cooperative(merged)
    cleaned = {k: merged[k] for k in changes if k in COOPERATIVE_FIELDS}
    _update(actor, cooperative, COOPERATIVE_FIELDS, cleaned)
    return cooperative


BROKER_FIELDS = ("name", "id_number", "phone", "region", "cooperative", "registered_on", "ended_on", "notes")


def check_broker(actor: Any, data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), LOCAL_LEVELS)
    errors: dict[str, str] = {}
    _not_before(errors, data, "registered_on", "ended_on", "停止日期不能早于登记日期")
    _phone(errors, data)
    if data.get("id_number"):
        try:
            data["id_number"] = idnumber.parse(data["id_number"]).id_number
        except idnumber.IdNumberError as exc:
            errors["id_number"] = str(exc)
    cooperative = data.get("cooperative")
    if cooperative is not None:
        authorise(actor, EDIT, cooperative.region_id)
    _raise(errors)


@transaction.atomic
def create_broker(actor: Any, **data: Any) -> LabourBroker:
    check_broker(actor, data)
    return _create(actor, LabourBroker, BROKER_FIELDS, data)


@transaction.atomic
def update_broker(actor: Any, broker: LabourBroker, **changes: Any) -> LabourBroker:
    merged = _merged(broker, BROKER_FIELDS, changes)
    check_broker(actor, merged)
    _update(actor, broker, BROKER_FIELDS, {k: merged[k] for k in changes if k in BROKER_FIELDS})
    return broker


# ----- 有组织劳务输出 -----------------------------------------------------------------------------

BATCH_FIELDS = (
    "name",
    "region",
    "cooperative",
    "broker",
    "employer",
    "job",
    "destination",
    "departure",
    "seasonal",
    "return_on",
    "monthly_wage",
    "notes",
)


def seasonal_check(data: dict[str, Any]) -> Finding | None:
    """A seasonal batch names its return, within the province's (or city's) seasonal window."""
    if not data.get("seasonal"):
        return None
    rule = CooperationRule.objects.for_region(data["region"])
    departure, back = data.get("departure"), data.get("return_on")
    if back is None or departure is None:
        return Finding(False, "季节性输出须填写计划返回日期。")
    days = (back - departure).days + 1
    limit = f"{rule.source_label}的{rule.seasonal_max_days}天上限"
    span = f"{cn_date(departure)}出发，计划{cn_date(back)}返回，共{days}天"
    if days > rule.seasonal_max_days:
        return Finding(
            False, f"季节性输出{span}，超过{limit}，请按常年输出登记（取消“季节性输出”）或缩短期限。"
        )
    return Finding(True, f"季节性输出{span}，未超过{limit}。")


def check_batch(actor: Any, data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), (Level.COUNTY, Level.TOWNSHIP))
    errors: dict[str, str] = {}
    region: Region = data["region"]
    cooperative, broker, departure = data.get("cooperative"), data.get("broker"), data.get("departure")
    if cooperative is None and broker is None:
        errors["cooperative"] = "请选择组织输出的劳务合作社或劳务经纪人"
    if cooperative is not None:
        authorise(actor, EDIT, cooperative.region_id)
        if departure and not cooperative.active_on(departure):
            errors["cooperative"] = f"劳务合作社“{cooperative}”在出发日期{cn_date(departure)}不在存续期内"
    if broker is not None:
        authorise(actor, EDIT, broker.region_id)
        if departure and not broker.active_on(departure):
            errors["broker"] = f"劳务经纪人“{broker}”在出发日期{cn_date(departure)}不在登记有效期内"
    destination: Region | None = data.get("destination")
    if destination is None or destination.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        errors["destination"] = "请填写输出目的地（省、市或县）"
    elif destination.code.startswith(region.code[:6]):
        errors["destination"] = "有组织劳务输出的目的地应在输出县（市、区）以外"
    _not_before(errors, data, "departure", "return_on", "计划返回日期不能早于出发日期")
    if data.get("monthly_wage") is not None and data["monthly_wage"] < 0:
        errors["monthly_wage"] = "月工资不能为负数"
    if "return_on" not in errors and (finding := seasonal_check(data)) and not finding.ok:
        errors["return_on"] = finding.text
    _raise(errors)


def spell_data(member: BatchMember) -> dict[str, Any]:
    """The member's employment spell as the batch defines it."""
    batch = member.batch
    return {
        "start": member.effective_start,
        "end": member.effective_end,
        "employer": batch.employer,
        "kind": EmploymentKind.ENTERPRISE,
        "monthly_income": member.effective_income,
        "organised": True,
        "notes": f"有组织劳务输出：{batch.name}{'（季节性）' if batch.seasonal else ''}"[:500],
        **place_of_work(batch.destination, member.person.village_id),
    }


@transaction.atomic
def create_batch(actor: Any, **data: Any) -> OutboundBatch:
    check_batch(actor, data)
    return _create(actor, OutboundBatch, BATCH_FIELDS, data, cap=DISPATCH)


@transaction.atomic
def update_batch(actor: Any, batch: OutboundBatch, **changes: Any) -> OutboundBatch:
    """Changes reach every member's spell; a change that would break a member is refused whole."""
    check_batch(actor, _merged(batch, BATCH_FIELDS, changes))
    changed = _update(actor, batch, BATCH_FIELDS, changes, cap=DISPATCH)
    if changed:
        for member in batch.members.select_related("person", "spell"):
            member.batch = batch
            try:
                check_member(batch, member.person, member_values(member), existing=member)
            except ValidationError as exc:
                raise ValidationError(f"{member.person.name}：{'；'.join(exc.messages)}") from None
            _sync_spell(actor, member)
    return batch


MEMBER_FIELDS = ("start", "end", "monthly_income", "notes")


def member_values(member: BatchMember) -> dict[str, Any]:
    return {f: getattr(member, f) for f in MEMBER_FIELDS}


def _overlaps(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    return a[0] <= (b[1] or dt.date.max) and b[0] <= (a[1] or dt.date.max)


def check_member(
    batch: OutboundBatch,
    person: Person,
    data: dict[str, Any],
    existing: BatchMember | None = None,
    planned: Sequence[tuple[OutboundBatch, dt.date, dt.date | None]] = (),
) -> None:
    """The member's dates fit the batch, the person is still in the ledger, and is in no other
    organised batch at the same time (``planned`` adds rows of the same import not yet written)."""
    errors: dict[str, str] = {}
    start = data.get("start") or batch.departure
    end = data.get("end") or batch.return_on
    if start < batch.departure:
        errors["start"] = f"到岗日期不能早于批次出发日期（{cn_date(batch.departure)}）"
    if end is not None and end < start:
        errors["end"] = "返回日期不能早于到岗日期"
    income = data.get("monthly_income")
    if income is not None and Decimal(income) < 0:
        errors["monthly_income"] = "月工资不能为负数"
    if person.left_on and person.left_on < start:
        errors["person"] = (
            f"{person.name}已于{cn_date(person.left_on)}{person.get_left_reason_display()}减少，不能输出"
        )
    if existing is None and BatchMember.objects.filter(batch=batch, person=person).exists():
        errors["person"] = f"{person.name}已在本批次中"
    others = [
        (m.batch, m.effective_start, m.effective_end)
        for m in BatchMember.objects.filter(person=person).exclude(batch=batch).select_related("batch")
    ]
    for other, s, e in [*others, *[p for p in planned if p[0] != batch]]:
        if _overlaps((start, end), (s, e)):
            until = cn_date(e) if e else "今"
            errors["person"] = f"{person.name}已在批次“{other}”中（{cn_date(s)}至{until}），日期重叠"
            break
    _raise(errors)


def _sync_spell(actor: Any, member: BatchMember) -> None:
    sync_spell(actor, member, person=member.person, source=Source.ORGANISED, **spell_data(member))


@transaction.atomic
def add_member(
    actor: Any,
    batch: OutboundBatch,
    *,
    person: Person,
    context: dict[str, Any] | None = None,
    **data: Any,
) -> BatchMember:
    authorise(actor, DISPATCH, batch.region_id)
    authorise(actor, DISPATCH, person.village_id)
    check_member(batch, person, data)
    member = records.create(
        actor,
        BatchMember,
        {"batch": batch, "person": person, **records.pick(data, MEMBER_FIELDS)},
        capability=DISPATCH,
        action="cooperation.batchmember.create",
        region_code=batch.region_id,
        context=records.child_context(batch, context),
    )
    _sync_spell(actor, member)
    return member


@transaction.atomic
def update_member(
    actor: Any, member: BatchMember, *, context: dict[str, Any] | None = None, **changes: Any
) -> BatchMember:
    authorise(actor, DISPATCH, member.batch.region_id)
    check_member(
        member.batch, member.person, member_values(member) | records.pick(changes, MEMBER_FIELDS), member
    )
    records.update(
        actor,
        member,
        records.pick(changes, MEMBER_FIELDS),
        capability=DISPATCH,
        action="cooperation.batchmember.update",
        region_code=member.batch.region_id,
        context=records.child_context(member.batch, context),
    )
    _sync_spell(actor, member)
    return member


@transaction.atomic
def remove_member(actor: Any, member: BatchMember) -> None:
    """A member entered by mistake: the member and their spell go (both audited)."""
    authorise(actor, DISPATCH, member.batch.region_id)
    remove_spell(actor, member, Source.ORGANISED)
    records.delete(
        actor,
        member,
        capability=DISPATCH,
        action="cooperation.batchmember.delete",
        region_code=member.batch.region_id,
        context=records.child_context(member.batch),
    )
