"""Every change to workshops, their workers, evaluations and awards.

Each function takes the acting user first, checks capability and scope,
writes with ``save(update_fields=…)`` and records an audit event. A worker's
job is an employment spell created and kept in step through
:mod:`fangfan.cooperation.kit.spells`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.cooperation.kit.spells import place_of_work, remove_spell, sync_spell
from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import is_active_in_month, month_bounds
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.registry.services import authorise

from . import creditcode, rules
from .models import (
    AwardStatus,
    AwardTier,
    AwardTierKind,
    Workshop,
    WorkshopAward,
    WorkshopEvaluation,
    WorkshopKind,
    WorkshopRule,
    WorkshopWage,
    WorkshopWorker,
)

WORKSHOP_FIELDS = (
    "name",
    "kind",
    "category",
    "operator",
    "credit_code",
    "village",
    "address",
    "contact_name",
    "contact_phone",
    "notes",
)
WORKER_FIELDS = ("job", "start", "end", "monthly_wage", "contract_months", "insured", "insurance_premium")


def _check_workshop(data: dict[str, Any]) -> None:
    village = data.get("village")
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": "请选择到村（社区）一级"})
    if not (data.get("name") or "").strip():
        raise ValidationError({"name": "请填写名称"})
    try:
        data["credit_code"] = creditcode.parse(data.get("credit_code", ""))
    except creditcode.CreditCodeError as exc:
        raise ValidationError({"credit_code": str(exc)}) from None


def _context(workshop: Workshop) -> dict[str, Any]:
    return {"workshop": workshop.pk}


@transaction.atomic
def create_workshop(actor: Any, **data: Any) -> Workshop:
    _check_workshop(data)
    authorise(actor, "workshops.edit", data["village"].code)
    workshop = Workshop.objects.create(**{k: v for k, v in data.items() if k in WORKSHOP_FIELDS})
    audit.record(
        actor,
        "workshops.workshop.create",
        workshop,
        after=audit.snapshot(workshop),
        region_id=workshop.village_id,
        context=_context(workshop),
    )
    return workshop


def _update(actor: Any, workshop: Workshop, action: str, changes: dict[str, Any]) -> Workshop:
    before = audit.snapshot(workshop)
    for key, value in changes.items():
        setattr(workshop, key, value)
    old, new = audit.diff(before, audit.snapshot(workshop))
    if new:
        workshop.save(update_fields=audit.update_fields(workshop, new))
        audit.record(
            actor,
            action,
            workshop,
            before=old,
            after=new,
            region_id=workshop.village_id,
            context=_context(workshop),
        )
    return workshop


@transaction.atomic
def update_workshop(actor: Any, workshop: Workshop, **changes: Any) -> Workshop:
    authorise(actor, "workshops.edit", workshop.village_id)
    changes = {k: v for k, v in changes.items() if k in WORKSHOP_FIELDS}
    merged = {f: getattr(workshop, f) for f in WORKSHOP_FIELDS} | changes
    _check_workshop(merged)
    authorise(actor, "workshops.edit", merged["village"].code)
    changes = {k: merged[k] for k in changes}
    return _update(actor, workshop, "workshops.workshop.update", changes)


@transaction.atomic
def certify(actor: Any, workshop: Workshop, on: dt.date) -> Workshop:
    """认定: refused unless the standard (a base's standard for a base) is met on ``on``."""
    authorise(actor, "workshops.certify", workshop.village_id)
    if workshop.certified_on:
        raise ValidationError(f"该{workshop.get_kind_display()}已于{workshop.certified_on:%Y年%m月%d日}认定")
    rule = WorkshopRule.objects.for_region(workshop.village)
    check = rules.standard(workshop, on, on, rule)
    if not check.ok:
        raise ValidationError(f"不能认定：{check.text}")
    return _update(actor, workshop, "workshops.workshop.certify", {"certified_on": on, "exited_on": None})


@transaction.atomic
def upgrade(actor: Any, workshop: Workshop, on: dt.date) -> Workshop:
    """升级为就业帮扶基地: refused unless the base standard is met on ``on``."""
    authorise(actor, "workshops.certify", workshop.village_id)
    if workshop.is_base:
        raise ValidationError("已是就业帮扶基地")
    if not workshop.certified_on:
        raise ValidationError("车间尚未认定，不能升级")
    rule = WorkshopRule.objects.for_region(workshop.village)
    check = rules.base_standard(workshop, on, on, rule)
    if not check.ok:
        raise ValidationError(f"不能升级为基地：{check.text}")
    return _update(
        actor, workshop, "workshops.workshop.upgrade", {"kind": WorkshopKind.BASE, "upgraded_on": on}
    )


@transaction.atomic
def exit_workshop(actor: Any, workshop: Workshop, on: dt.date, reason: str) -> Workshop:
    """退出: the workshop stops counting from the day after ``on``; its workers' jobs are not ended by this."""
    authorise(actor, "workshops.certify", workshop.village_id)
    if not workshop.certified_on:
        raise ValidationError("尚未认定，无需退出")
    if on < workshop.certified_on:
        raise ValidationError({"exited_on": "退出日期不能早于认定日期"})
    if not reason.strip():
        raise ValidationError({"exit_reason": "请填写退出原因"})
    return _update(
        actor, workshop, "workshops.workshop.exit", {"exited_on": on, "exit_reason": reason.strip()}
    )


def _check_worker(data: dict[str, Any]) -> None:
    errors = {}
    if data.get("end") and data.get("start") and data["end"] < data["start"]:
        errors["end"] = "离职日期不能早于入职日期"
    if data.get("monthly_wage") is None or Decimal(data["monthly_wage"]) < 0:
        errors["monthly_wage"] = "请填写月工资（不能为负数）"
    if data.get("insured") and data.get("insurance_premium") is None:
        errors["insurance_premium"] = "参加意外伤害保险的，请填写每月保费"
    if not data.get("insured"):
        data["insurance_premium"] = None
    if errors:
        raise ValidationError(errors)


def _sync(actor: Any, worker: WorkshopWorker) -> None:
    sync_spell(
        actor,
        worker,
        person=worker.person,
        source=Source.WORKSHOP,
        kind=EmploymentKind.WORKSHOP,
        employer=worker.workshop.name[:200],
        start=worker.start,
        end=worker.end,
        monthly_income=worker.monthly_wage,
        **place_of_work(worker.workshop.village, worker.person.village_id),
    )


@transaction.atomic
def add_worker(actor: Any, workshop: Workshop, person: Any, **data: Any) -> WorkshopWorker:
    authorise(actor, "workshops.edit", workshop.village_id)
    if workshop.exited_on and data.get("start") and data["start"] > workshop.exited_on:
        raise ValidationError({"start": f"该车间已于{workshop.exited_on:%Y年%m月%d日}退出"})
    _check_worker(data)
    worker = WorkshopWorker.objects.create(
        workshop=workshop, person=person, **{k: v for k, v in data.items() if k in WORKER_FIELDS}
    )
    audit.record(
        actor,
        "workshops.worker.create",
        worker,
        after=audit.snapshot(worker),
        region_id=workshop.village_id,
        context=_context(workshop),
    )
    _sync(actor, worker)
    return worker


@transaction.atomic
def update_worker(actor: Any, worker: WorkshopWorker, **changes: Any) -> WorkshopWorker:
    authorise(actor, "workshops.edit", worker.workshop.village_id)
    changes = {k: v for k, v in changes.items() if k in WORKER_FIELDS}
    merged = {f: getattr(worker, f) for f in WORKER_FIELDS} | changes
    _check_worker(merged)
    changes = {k: merged[k] for k in (*changes, "insurance_premium")}
    before = audit.snapshot(worker)
    for key, value in changes.items():
        setattr(worker, key, value)
    old, new = audit.diff(before, audit.snapshot(worker))
    if new:
        worker.save(update_fields=audit.update_fields(worker, new))
        audit.record(
            actor,
            "workshops.worker.update",
            worker,
            before=old,
            after=new,
            region_id=worker.workshop.village_id,
            context=_context(worker.workshop),
        )
        _sync(actor, worker)
    return worker


def end_worker(actor: Any, worker: WorkshopWorker, end: dt.date) -> WorkshopWorker:
    return update_worker(actor, worker, end=end)


@transaction.atomic
def remove_worker(actor: Any, worker: WorkshopWorker) -> None:
    """A job entered by mistake: the job and its employment spell go (both audited). A job with wages
    recorded was real: it is ended, not removed, unless its wage lines are removed first."""
    workshop = worker.workshop
    authorise(actor, "workshops.edit", workshop.village_id)
    if worker.wages.exists():
        raise ValidationError(
            f"{worker.person.name}已有工资发放记录，不能删除；如已离职请登记离职，确属误录请先删除其工资发放记录"
        )
    remove_spell(actor, worker, Source.WORKSHOP)
    audit.record(
        actor,
        "workshops.worker.delete",
        worker,
        before=audit.snapshot(worker),
        region_id=workshop.village_id,
        context=_context(workshop),
    )
    worker.delete()


WAGE_FIELDS = ("amount", "paid_on")


def check_wage(worker: WorkshopWorker, data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A wage line's month (the 1st), amount and day paid, checked against the job; errors name the field."""
    errors: dict[str, str] = {}
    month, paid_on = data.get("month"), data.get("paid_on")
    amount: Any = data.get("amount")
    if month is None:
        errors["month"] = "请填写工资月份"
    else:
        month = month.replace(day=1)
        if not is_active_in_month(worker.start, worker.end, month.year, month.month):
            until = f"至{worker.end:%Y年%m月%d日}" if worker.end else "至今"
            errors["month"] = (
                f"{worker.person.name}{month:%Y年%m月}不在岗（{worker.start:%Y年%m月%d日}{until}），不能登记工资"
            )
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = "实发工资应大于0"
    if paid_on is None:
        errors["paid_on"] = "请填写发放日期"
    elif month is not None and paid_on < month:
        errors["paid_on"] = "发放日期不能早于工资月份"
    elif paid_on > today:
        errors["paid_on"] = "发放日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    return {"month": month, "amount": Decimal(amount).quantize(Decimal("0.01")), "paid_on": paid_on}


@transaction.atomic
def record_wage(actor: Any, worker: WorkshopWorker, **data: Any) -> WorkshopWage:
    """工资发放: what the workshop paid the worker for a month, and when. Entering the same month again
    corrects it; entering the same values again changes nothing."""
    workshop = worker.workshop
    authorise(actor, "workshops.edit", workshop.village_id)
    values = check_wage(worker, data, timezone.localdate())
    wage = WorkshopWage.objects.filter(worker=worker, month=values["month"]).first()
    if wage is None:
        wage = WorkshopWage.objects.create(worker=worker, **values)
        audit.record(
            actor,
            "workshops.wage.create",
            wage,
            after=audit.snapshot(wage, ["month", *WAGE_FIELDS]),
            region_id=workshop.village_id,
            context=_context(workshop),
        )
        return wage
    before = audit.snapshot(wage, WAGE_FIELDS)
    for key in WAGE_FIELDS:
        setattr(wage, key, values[key])
    old, new = audit.diff(before, audit.snapshot(wage, WAGE_FIELDS))
    if new:
        wage.save(update_fields=[*new, "updated_at"])
        audit.record(
            actor,
            "workshops.wage.update",
            wage,
            before=old,
            after=new,
            region_id=workshop.village_id,
            context=_context(workshop),
        )
    return wage


@transaction.atomic
def remove_wage(actor: Any, wage: WorkshopWage) -> None:
    """A wage line entered by mistake."""
    workshop = wage.worker.workshop
    authorise(actor, "workshops.edit", workshop.village_id)
    audit.record(
        actor,
        "workshops.wage.delete",
        wage,
        before=audit.snapshot(wage, ["month", *WAGE_FIELDS]),
        region_id=workshop.village_id,
        context=_context(workshop),
    )
    wage.delete()


EVALUATION_FIELDS = ("qualifying", "meets_standard", "meets_base_standard", "track", "explanation")


@transaction.atomic
def evaluate_month(actor: Any, workshops: Any, year: int, month: int) -> list[WorkshopEvaluation]:
    """动态管理: evaluate each certified, not exited workshop for the month and keep the history.
    Idempotent: a month evaluated again with the same result writes nothing; each evaluation that
    is new or changed is one audit event in the workshop's trail."""
    first, last = month_bounds(year, month)
    results = []
    for workshop in workshops.operating_between(first, last).select_related("village"):
        authorise(actor, "workshops.evaluate", workshop.village_id)
        rule = WorkshopRule.objects.for_region(workshop.village)
        result = rules.evaluate(workshop, year, month, rule)
        values = {f: getattr(result, f) for f in EVALUATION_FIELDS}
        by = actor if getattr(actor, "pk", None) else None
        context = _context(workshop) | {"month": first.isoformat()}
        evaluation = WorkshopEvaluation.objects.filter(workshop=workshop, month=first).first()
        if evaluation is None:
            evaluation = WorkshopEvaluation.objects.create(
                workshop=workshop, month=first, evaluated_by=by, **values
            )
            audit.record(
                actor,
                "workshops.evaluation.save",
                evaluation,
                after=audit.snapshot(evaluation, EVALUATION_FIELDS),
                region_id=workshop.village_id,
                context=context,
            )
        else:
            before = audit.snapshot(evaluation, EVALUATION_FIELDS)
            for key, value in values.items():
                setattr(evaluation, key, value)
            old, new = audit.diff(before, audit.snapshot(evaluation, EVALUATION_FIELDS))
            if new:
                evaluation.evaluated_by = by
                evaluation.save(update_fields=[*new, "evaluated_by", "evaluated_at"])
                audit.record(
                    actor,
                    "workshops.evaluation.save",
                    evaluation,
                    before=old,
                    after=new,
                    region_id=workshop.village_id,
                    context=context,
                )
        if workshop.track != result.track and _is_latest(workshop, first):
            _update(actor, workshop, "workshops.workshop.track", {"track": result.track})
        results.append(evaluation)
    return results


def _is_latest(workshop: Workshop, month: dt.date) -> bool:
    """An evaluation of an earlier month (a re-run) does not overwrite the current track."""
    return not workshop.evaluations.filter(month__gt=month).exists()


@transaction.atomic
def compute_award(actor: Any, workshop: Workshop, first: dt.date, last: dt.date) -> WorkshopAward:
    """测算 the tiered award for the period; an approved award is final."""
    authorise(actor, "workshops.award", workshop.village_id)
    if last < first:
        raise ValidationError("期间止不能早于期间起")
    if not workshop.certified_on or workshop.certified_on > last:
        raise ValidationError("车间在该期间尚未认定，不能测算奖补")
    tiers = AwardTier.objects.for_region(workshop.village)
    result = rules.compute_award(workshop, first, last, tiers)
    award = WorkshopAward.objects.filter(workshop=workshop, period_start=first, period_end=last).first()
    values = {
        "amount": result.amount,
        "explanation": result.explanation,
        "details": result.details,
        "status": AwardStatus.COMPUTED,
        "computed_by": actor if getattr(actor, "pk", None) else None,
        "computed_at": timezone.now(),
        "reviewed_by": None,
        "reviewed_at": None,
        "review_note": "",
    }
    if award is None:
        award = WorkshopAward.objects.create(workshop=workshop, period_start=first, period_end=last, **values)
        audit.record(
            actor,
            "workshops.award.compute",
            award,
            after=audit.snapshot(award, ["amount", "explanation", "status"]),
            region_id=workshop.village_id,
            context=_context(workshop),
        )
        return award
    if award.status == AwardStatus.APPROVED:
        raise ValidationError("该期间的奖补已经县级审核，不能重新测算")
    before = audit.snapshot(award, ["amount", "explanation", "status"])
    for key, value in values.items():
        setattr(award, key, value)
    award.save(update_fields=list(values))
    audit.record(
        actor,
        "workshops.award.compute",
        award,
        before=before,
        after=audit.snapshot(award, ["amount", "explanation", "status"]),
        region_id=workshop.village_id,
        context=_context(workshop),
    )
    return award


@transaction.atomic
def review_award(actor: Any, award: WorkshopAward, approve: bool, note: str = "") -> WorkshopAward:
    """县级审核: approve, or return for recomputation with the reason."""
    authorise(actor, "workshops.approve", award.workshop.village_id)
    if award.status != AwardStatus.COMPUTED:
        raise ValidationError(f"该奖补当前为“{award.get_status_display()}”，不能审核")
    if not approve and not note.strip():
        raise ValidationError({"review_note": "退回须写明原因"})
    before = audit.snapshot(award, ["status", "review_note"])
    award.status = AwardStatus.APPROVED if approve else AwardStatus.RETURNED
    award.review_note = note.strip()[:500]
    award.reviewed_by = actor if getattr(actor, "pk", None) else None
    award.reviewed_at = timezone.now()
    award.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(
        actor,
        "workshops.award.approve" if approve else "workshops.award.return",
        award,
        before=before,
        after=audit.snapshot(award, ["status", "review_note"]),
        region_id=award.workshop.village_id,
        context=_context(award.workshop),
    )
    return award


TIER_FIELDS = ("kind", "min_workers", "min_months", "min_wages", "amount")


@transaction.atomic
def set_tiers(actor: Any, region: Region, tiers: list[dict[str, Any]]) -> list[AwardTier]:
    """Replace a province's or city's award tiers (an empty list returns it to the inherited tiers)."""
    authorise(actor, "workshops.rules", region.code)
    if region.level not in (Level.PROVINCE, Level.CITY):
        raise ValidationError("奖补档次只能按省或市设置")
    rows = []
    for i, data in enumerate(tiers, 1):
        if data.get("kind") not in AwardTierKind.values:
            raise ValidationError(f"第{i}档：请选择奖补方式")
        if data.get("amount") is None or Decimal(data["amount"]) <= 0:
            raise ValidationError(f"第{i}档：奖补金额应大于0")
        rows.append(AwardTier(region=region, **{k: data[k] for k in TIER_FIELDS if data.get(k) is not None}))
    if not any(r.kind == AwardTierKind.PER_WORKER for r in rows) and rows:
        raise ValidationError("至少设置一个按吸纳人数奖补（每人）的档次")
    before = [str(t) for t in AwardTier.objects.filter(region=region).order_by("kind", "min_workers")]
    AwardTier.objects.filter(region=region).delete()
    for row in rows:
        row.full_clean(exclude=["region"])
        row.save()
    after = [str(t) for t in rows]
    if before != after:
        audit.record(
            actor,
            "workshops.tiers.update",
            region,
            before={"tiers": before},
            after={"tiers": after},
            region_id=region.code,
        )
    return rows
