"""Every change to households and people. Each function checks the actor's
scope and capability, writes with ``save(update_fields=…)`` and records an
audit event. Views, imports and commands call these; nothing else writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.core.dates import chinese_date
from fangfan.core.masking import mask_id_number
from fangfan.regions.codes import Level
from fangfan.regions.models import Region

from . import hooks, idnumber
from .choices import Health, HouseholdType, LeaveReason, Relation
from .models import Household, Person

PERSON_FIELDS = (
    "household",
    "name",
    "id_number",
    "birth_date",
    "sex",
    "relation_to_head",
    "education",
    "health",
    "disability_category",
    "disability_grade",
    "labour_capacity",
    "skills",
    "phone",
    "village",
    "origin",
    "notes",
)
HOUSEHOLD_FIELDS = (
    "number",
    "village",
    "household_type",
    "monitoring_category",
    "identified_on",
    "exited_on",
    "other_annual_income",
)


def authorise(actor: Any, capability: str, region_code: str | None) -> None:
    """Actors are users; ``None`` is the system itself (commands, seeding)."""
    if actor is None:
        return
    policy = ScopePolicy.of(actor)
    policy.require(capability)
    policy.require_region(region_code)


def duplicate_message(user: Any, id_number: str, exclude_pk: int | None = None) -> str | None:
    """Why ``id_number`` cannot be used again, naming the holder only to those who may see them."""
    qs = Person.objects.filter(id_number=id_number)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    existing = qs.select_related("village", "household").first()
    if existing is None:
        return None
    if user is None or ScopePolicy.of(user).covers(existing.village_id):
        where = existing.village.name
        household = f"，户编号{existing.household.number}" if existing.household else ""
        return (
            f"身份证号{mask_id_number(id_number)}已登记为{existing.name}（{where}{household}），不能重复登记"
        )
    return (
        f"身份证号{mask_id_number(id_number)}已在其他地区登记，不能重复登记。如有疑问请联系上级主管部门核实"
    )


def _save_unique(actor: Any, person: Person, update_fields: list[str] | None = None) -> None:
    """Save; a duplicate ID number is refused by the unique index itself, so two clerks registering
    the same person at once get the same Chinese message, never a server error."""
    try:
        with transaction.atomic():
            person.save(update_fields=update_fields)
    except IntegrityError:
        message = duplicate_message(actor, person.id_number, exclude_pk=person.pk)
        if message is None:
            raise
        raise ValidationError({"id_number": message}) from None


def _require_village(region: Region | None) -> None:
    if region is None or region.level != Level.VILLAGE:
        raise ValidationError({"village": "请选择到村（社区）一级"})


def apply_id(data: dict[str, Any]) -> None:
    """Parse ``id_number`` (18 or 20 digits), derive birth date and sex, and cross-check given ones."""
    try:
        parsed = idnumber.parse(data["id_number"])
    except idnumber.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    errors = {}
    if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
        errors["birth_date"] = f"出生日期与身份证号不符（身份证号为{chinese_date(parsed.birth_date)}）"
    if data.get("sex") and data["sex"] != parsed.sex:
        errors["sex"] = "性别与身份证号不符（身份证号第17位{}）".format(
            "为奇数，应为男" if parsed.sex == "M" else "为偶数，应为女"
        )
    if errors:
        raise ValidationError(errors)
    data.update(id_number=parsed.id_number, birth_date=parsed.birth_date, sex=parsed.sex)
    if parsed.disability_category:
        data.update(disability_category=parsed.disability_category, disability_grade=parsed.disability_grade)
        if data.get("health", Health.HEALTHY) == Health.HEALTHY:
            data["health"] = Health.DISABLED


def _check_household(data: dict[str, Any]) -> None:
    if data.get("household_type") == HouseholdType.MONITORED and not data.get("monitoring_category"):
        raise ValidationError({"monitoring_category": "监测户须填写监测对象类别"})
    if data.get("household_type") == HouseholdType.EXITED:
        data["monitoring_category"] = ""
    identified, exited = data.get("identified_on"), data.get("exited_on")
    if identified and exited and exited < identified:
        raise ValidationError({"exited_on": "风险消除日期不能早于识别日期"})


@transaction.atomic
def create_household(actor: Any, **data: Any) -> Household:
    _require_village(data.get("village"))
    authorise(actor, "registry.edit", data["village"].code)
    _check_household(data)
    if Household.objects.filter(number=data["number"]).exists():
        raise ValidationError({"number": f"户编号{data['number']}已存在"})
    household = Household.objects.create(**{k: v for k, v in data.items() if k in HOUSEHOLD_FIELDS})
    audit.record(
        actor,
        "registry.household.create",
        household,
        after=audit.snapshot(household),
        region_id=household.village_id,
    )
    return household


@transaction.atomic
def update_household(actor: Any, household: Household, **changes: Any) -> Household:
    authorise(actor, "registry.edit", household.village_id)
    if "village" in changes:
        _require_village(changes["village"])
        authorise(actor, "registry.edit", changes["village"].code)
    merged = {f: getattr(household, f) for f in HOUSEHOLD_FIELDS} | changes
    _check_household(merged)
    changes = {k: merged[k] for k in changes} | {"monitoring_category": merged["monitoring_category"]}
    before = audit.snapshot(household)
    for key, value in changes.items():
        setattr(household, key, value)
    after = audit.snapshot(household)
    old, new = audit.diff(before, after)
    if new:
        household.save(update_fields=audit.update_fields(household, new))
        audit.record(
            actor,
            "registry.household.update",
            household,
            before=old,
            after=new,
            region_id=household.village_id,
        )
        if "village_id" in new:
            _move_members(actor, household)
    return household


def _move_members(actor: Any, household: Household) -> None:
    """Members live where their household lives: those not marked left move with it, each audited as
    a change of the person, and the apps following people hear of them all in one call. Members marked
    left (死亡、迁出…) stay where they left from, with their history."""
    members = list(
        Person.objects.filter(household=household)
        .current()
        .exclude(village_id=household.village_id)
        .order_by("id")
    )
    if not members:
        return
    changes = []
    for member in members:
        authorise(actor, "registry.edit", member.village_id)
        before = {"village_id": member.village_id}
        member.village_id = household.village_id
        member.save(update_fields=["village", "updated_at"])
        changes.append(
            audit.Change(
                audit.label(member),
                str(member.pk),
                str(member),
                member.village_id,
                before,
                {"village_id": member.village_id},
            )
        )
    audit.record_many(actor, "registry.person.update", changes, {"household": household.pk})
    hooks.person_changed(actor, [m.pk for m in members], {"village_id"})


def _other_head(household: Household | None, person: Person | None) -> Person | None:
    if (
        household is None
        or household.head_id is None
        or (person is not None and household.head_id == person.pk)
    ):
        return None
    return Person.objects.filter(pk=household.head_id).first()


def _refuse_second_head(household: Household | None, person: Person | None) -> None:
    if head := _other_head(household, person):
        raise ValidationError(
            {"relation_to_head": f"本户户主为{head.name}。更换户主请在户页面使用“更换户主”"}
        )


@transaction.atomic
def create_person(actor: Any, **data: Any) -> Person:
    _require_village(data.get("village"))
    authorise(actor, "registry.edit", data["village"].code)
    apply_id(data)
    household = data.get("household")
    if household is not None and household.village_id != data["village"].code:
        raise ValidationError({"village": "人员所在村须与其户所在村一致"})
    is_head = data.get("relation_to_head") == Relation.HEAD
    if is_head:
        _refuse_second_head(household, None)
    person = Person(**{k: v for k, v in data.items() if k in PERSON_FIELDS})
    _save_unique(actor, person)
    audit.record(
        actor, "registry.person.create", person, after=audit.snapshot(person), region_id=person.village_id
    )
    if household is not None and is_head:
        _assign_head(actor, household, person)
    return person


@transaction.atomic
def update_person(actor: Any, person: Person, **changes: Any) -> Person:
    """Changes a person. Their relation becoming 户主 makes them the household's head (when it has
    none); a head whose relation changes from 户主 leaves the household without a head."""
    authorise(actor, "registry.edit", person.village_id)
    if "village" in changes:
        _require_village(changes["village"])
        authorise(actor, "registry.edit", changes["village"].code)
    if "id_number" in changes or "birth_date" in changes or "sex" in changes:
        data = {"id_number": person.id_number, "health": person.health} | changes
        apply_id(data)
        changes |= {k: data[k] for k in ("id_number", "birth_date", "sex") if k in data}
        changes |= {k: data[k] for k in ("disability_category", "disability_grade", "health") if k in data}
    household = person.household if person.household_id else None
    was_head = person.relation_to_head == Relation.HEAD
    is_head = changes.get("relation_to_head", person.relation_to_head) == Relation.HEAD
    if is_head and not was_head:
        _refuse_second_head(household, person)
    _write(actor, person, changes)
    if household is not None and is_head and not was_head:
        _assign_head(actor, household, person)
    elif household is not None and was_head and not is_head and household.head_id == person.pk:
        _assign_head(actor, household, None)
    return person


def _write(actor: Any, person: Person, changes: dict[str, Any]) -> None:
    before = audit.snapshot(person)
    for key, value in changes.items():
        setattr(person, key, value)
    after = audit.snapshot(person)
    old, new = audit.diff(before, after)
    if new:
        _save_unique(actor, person, update_fields=audit.update_fields(person, new))
        audit.record(
            actor, "registry.person.update", person, before=old, after=new, region_id=person.village_id
        )
        hooks.person_changed(actor, [person.pk], new)


def _assign_head(actor: Any, household: Household, person: Person | None) -> None:
    before = {"head_id": household.head_id}
    after = {"head_id": person.pk if person else None}
    if before == after:
        return
    household.head = person
    household.save(update_fields=["head", "updated_at"])
    audit.record(
        actor,
        "registry.household.set_head",
        household,
        before=before,
        after=after,
        region_id=household.village_id,
    )


@transaction.atomic
def set_head(actor: Any, household: Household, person: Person, previous_relation: str = "") -> Household:
    """更换户主: ``person`` (a member) heads the household and their relation becomes 户主; the previous
    head's relation becomes ``previous_relation`` (blank: to be filled in). A person heads one household."""
    authorise(actor, "registry.edit", household.village_id)
    if person.household_id != household.pk:
        raise ValidationError({"head": "户主须为本户成员"})
    if previous_relation == Relation.HEAD or previous_relation not in ("", *Relation.values):
        raise ValidationError({"previous_relation": "请选择原户主与新户主的关系"})
    previous_head = _other_head(household, person)
    for other in Household.objects.filter(head=person).exclude(pk=household.pk):
        _assign_head(actor, other, None)
    _assign_head(actor, household, person)
    _write(actor, person, {"relation_to_head": Relation.HEAD})
    if (
        previous_head is not None
        and previous_head.household_id == household.pk
        and (previous_head.relation_to_head == Relation.HEAD or previous_relation)
    ):
        _write(actor, previous_head, {"relation_to_head": previous_relation})
    return household


@transaction.atomic
def mark_left(actor: Any, person: Person, on: dt.date, reason: str) -> Person:
    """自然减少: the person stays in the ledger with their history, marked as left."""
    if reason not in LeaveReason.values:
        raise ValidationError({"left_reason": "请选择减少原因"})
    return update_person(actor, person, left_on=on, left_reason=reason)
