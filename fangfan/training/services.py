"""Every change to training courses and enrolments, and the course subsidy
computed from the province's (or city's) rule, with its explanation."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fangfan.cooperation.kit import records
from fangfan.cooperation.kit.records import cn_date
from fangfan.cooperation.kit.rules import source
from fangfan.regions.codes import Level
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from .models import EMPLOYER_TYPES, Training, TrainingEnrolment, TrainingRule, TrainingType

EDIT = "training.edit"
TRAINING_FIELDS = (
    "name",
    "region",
    "kind",
    "provider",
    "occupation",
    "employer",
    "start",
    "end",
    "hours",
    "subsidy_standard",
    "notes",
)
ENROLMENT_FIELDS = (
    "enrolled_on",
    "withdrawn_on",
    "completed",
    "completed_on",
    "certificate",
    "certificate_number",
    "notes",
)


def check_training(data: dict[str, Any]) -> None:
    records.require_level(data.get("region"), (Level.CITY, Level.COUNTY, Level.TOWNSHIP))
    errors: dict[str, str] = {}
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        errors["end"] = "结业日期不能早于开班日期"
    if data.get("kind") in EMPLOYER_TYPES and not (data.get("employer") or "").strip():
        errors["employer"] = f"{TrainingType(data['kind']).label}培训须填写合作用工单位"
    if data.get("subsidy_standard") is not None and data["subsidy_standard"] < 0:
        errors["subsidy_standard"] = "补贴标准不能为负数"
    if errors:
        raise ValidationError(errors)


def _merged(obj: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields} | records.pick(changes, fields)


@transaction.atomic
def create_training(actor: Any, **data: Any) -> Training:
    check_training(data)
    return records.create(
        actor,
        Training,
        records.pick(data, TRAINING_FIELDS),
        capability=EDIT,
        action="training.training.create",
        region_code=data["region"].code,
    )


@transaction.atomic
def update_training(actor: Any, training: Training, **changes: Any) -> Training:
    authorise(actor, EDIT, training.region_id)
    merged = _merged(training, TRAINING_FIELDS, changes)
    check_training(merged)
    authorise(actor, EDIT, merged["region"].code)
    proposed = copy.copy(training)
    for key, value in records.pick(changes, TRAINING_FIELDS).items():
        setattr(proposed, key, value)
    for enrolment in training.enrolments.select_related("person"):
        try:
            check_enrolment(proposed, enrolment.person, enrolment_values(enrolment), enrolment)
        except ValidationError as exc:
            raise ValidationError(f"学员{enrolment.person.name}：{'；'.join(exc.messages)}") from None
    records.update(
        actor,
        training,
        records.pick(changes, TRAINING_FIELDS),
        capability=EDIT,
        action="training.training.update",
        region_code=merged["region"].code,
    )
    return training


def enrolment_values(enrolment: TrainingEnrolment) -> dict[str, Any]:
    return {f: getattr(enrolment, f) for f in ENROLMENT_FIELDS}


def check_enrolment(
    training: Training, person: Person, data: dict[str, Any], existing: TrainingEnrolment | None = None
) -> None:
    errors: dict[str, str] = {}
    completed, withdrawn = data.get("completed"), data.get("withdrawn_on")
    if completed and withdrawn:
        errors["withdrawn_on"] = "已结业的学员不能同时填写退出日期"
    if data.get("completed_on") and not completed:
        errors["completed_on"] = "填写结业日期的，须勾选“结业”"
    if data.get("completed_on") and data["completed_on"] < training.start:
        errors["completed_on"] = f"结业日期不能早于开班日期（{cn_date(training.start)}）"
    if data.get("certificate") and not completed:
        errors["certificate"] = "取得证书的学员须为结业学员"
    if data.get("certificate_number") and not data.get("certificate"):
        errors["certificate"] = "填写证书编号的，须选择证书类型"
    enrolled = data.get("enrolled_on")
    if enrolled and enrolled > training.end:
        errors["enrolled_on"] = f"报名日期不能晚于结业日期（{cn_date(training.end)}）"
    if enrolled and withdrawn and withdrawn < enrolled:
        errors["withdrawn_on"] = "退出日期不能早于报名日期"
    if person.left_on and person.left_on < training.start:
        errors["person"] = f"{person.name}已于{cn_date(person.left_on)}{person.get_left_reason_display()}减少"
    if existing is None and TrainingEnrolment.objects.filter(training=training, person=person).exists():
        errors["person"] = f"{person.name}已在本培训班中"
    if errors:
        raise ValidationError(errors)


def _complete(data: dict[str, Any], training: Training) -> dict[str, Any]:
    """A completed trainee without a date completed when the course ended."""
    if data.get("completed") and not data.get("completed_on"):
        data = data | {"completed_on": training.end}
    return data


@transaction.atomic
def enrol(
    actor: Any, training: Training, *, person: Person, context: dict[str, Any] | None = None, **data: Any
) -> TrainingEnrolment:
    authorise(actor, EDIT, training.region_id)
    authorise(actor, EDIT, person.village_id)
    check_enrolment(training, person, data)
    return records.create(
        actor,
        TrainingEnrolment,
        {"training": training, "person": person, **records.pick(_complete(data, training), ENROLMENT_FIELDS)},
        capability=EDIT,
        action="training.trainingenrolment.create",
        region_code=training.region_id,
        context=records.child_context(training, context),
    )


@transaction.atomic
def update_enrolment(
    actor: Any, enrolment: TrainingEnrolment, *, context: dict[str, Any] | None = None, **changes: Any
) -> TrainingEnrolment:
    training = enrolment.training
    merged = _complete(enrolment_values(enrolment) | records.pick(changes, ENROLMENT_FIELDS), training)
    check_enrolment(training, enrolment.person, merged, enrolment)
    records.update(
        actor,
        enrolment,
        {k: merged[k] for k in ENROLMENT_FIELDS if k in changes or k == "completed_on"},
        capability=EDIT,
        action="training.trainingenrolment.update",
        region_code=training.region_id,
        context=records.child_context(training, context),
    )
    return enrolment


@transaction.atomic
def remove_enrolment(actor: Any, enrolment: TrainingEnrolment) -> None:
    records.delete(
        actor,
        enrolment,
        capability=EDIT,
        action="training.trainingenrolment.delete",
        region_code=enrolment.training.region_id,
        context=records.child_context(enrolment.training),
    )


@dataclass(frozen=True)
class Subsidy:
    standard: Decimal
    eligible: int
    amount: Decimal
    text: str
    certificate_required: bool


def subsidy(training: Training) -> Subsidy:
    """培训补贴 = trainees who completed (with a certificate, where the rule asks) × the standard."""
    rule = TrainingRule.objects.for_region(training.region)
    kind = TrainingType(training.kind)
    if training.subsidy_standard is not None:
        standard, where = Decimal(training.subsidy_standard), "本班核定的标准"
    else:
        standard, where = rule.standard(kind), f"{source(rule)}的{kind.label}培训补贴标准"
    eligible_qs = training.enrolments.filter(completed=True, withdrawn_on__isnull=True)
    if rule.certificate_required:
        eligible_qs = eligible_qs.exclude(certificate="")
    eligible = eligible_qs.count()
    amount = standard * eligible
    who = "结业并取得证书" if rule.certificate_required else "结业"
    why = f"（{source(rule)}：须取得证书）" if rule.certificate_required else ""
    text = f"{eligible}人{who}{why} × {standard:,.2f}元/人（{where}）= {amount:,.2f}元"
    return Subsidy(standard, eligible, amount, text, rule.certificate_required)


def eligible_ids(training: Training, certificate_required: bool) -> set[int]:
    qs = training.enrolments.filter(completed=True, withdrawn_on__isnull=True)
    if certificate_required:
        qs = qs.exclude(certificate="")
    return set(qs.values_list("pk", flat=True))
