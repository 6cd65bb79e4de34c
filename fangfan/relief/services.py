"""Every change to work-relief projects, their workers, hires, attendance and wages.

Each function takes the acting user first, checks capability and scope,
writes with ``save(update_fields=…)`` and records an audit event. A hire of a
registry person is an employment spell of that person, created once through
:func:`fangfan.cooperation.kit.spells.sync_spell`; other local labourers are kept as
named workers without a spell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit
from fangfan.cooperation.kit.spells import place_of_work, remove_spell, sync_spell
from fangfan.core import money
from fangfan.core.money import yuan
from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import month_bounds
from fangfan.regions.codes import Level
from fangfan.registry import idnumber
from fangfan.registry.models import Person
from fangfan.registry.services import authorise

from . import rules
from .models import (
    Attendance,
    AttendanceMode,
    ReliefHire,
    ReliefRule,
    ReliefWorker,
    WagePayment,
    WageSheet,
    WorkReliefProject,
)

PROJECT_FIELDS = (
    "name",
    "number",
    "owner",
    "contractor",
    "village",
    "address",
    "start",
    "end",
    "central_funds",
    "provincial_funds",
    "other_funds",
    "planned_wages",
    "attendance_mode",
    "contact_name",
    "contact_phone",
    "notes",
)
HIRE_FIELDS = ("job", "start", "end", "daily_wage")
ESTIMATED_DAYS = 22


def _context(project: WorkReliefProject) -> dict[str, Any]:
    return {"relief_project": project.pk}


def _worker_context(worker: ReliefWorker) -> dict[str, Any]:
    return {"relief_worker": worker.pk}


def _registry(actor: Any) -> Any:
    """The registry as the actor may see it: a person outside their scope is not found, nor named."""
    return Person.objects.all() if actor is None else Person.objects.visible_to(actor)


def _check_project(data: dict[str, Any]) -> None:
    errors = {}
    village = data.get("village")
    if village is None or village.level != Level.VILLAGE:
        errors["village"] = "请选择到村（社区）一级"
    if not (data.get("name") or "").strip():
        errors["name"] = "请填写项目名称"
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        errors["end"] = "完工日期不能早于开工日期"
    for key in ("central_funds", "provincial_funds", "other_funds", "planned_wages"):
        if data.get(key) is not None and Decimal(data[key]) < 0:
            errors[key] = "金额不能为负数"
    if errors:
        raise ValidationError(errors)


def _save(actor: Any, instance: Any, action: str, changes: dict[str, Any], region: str, context: dict) -> Any:
    before = audit.snapshot(instance)
    for key, value in changes.items():
        setattr(instance, key, value)
    old, new = audit.diff(before, audit.snapshot(instance))
    if new:
        instance.save(update_fields=audit.update_fields(instance, new))
        audit.record(actor, action, instance, before=old, after=new, region_id=region, context=context)
    return instance


@transaction.atomic
def create_project(actor: Any, **data: Any) -> WorkReliefProject:
    _check_project(data)
    authorise(actor, "relief.edit", data["village"].code)
    project = WorkReliefProject.objects.create(**{k: v for k, v in data.items() if k in PROJECT_FIELDS})
    audit.record(
        actor,
        "relief.project.create",
        project,
        after=audit.snapshot(project),
        region_id=project.village_id,
        context=_context(project),
    )
    return project


@transaction.atomic
def update_project(actor: Any, project: WorkReliefProject, **changes: Any) -> WorkReliefProject:
    authorise(actor, "relief.edit", project.village_id)
    changes = {k: v for k, v in changes.items() if k in PROJECT_FIELDS}
    merged = {f: getattr(project, f) for f in PROJECT_FIELDS} | changes
    _check_project(merged)
    authorise(actor, "relief.edit", merged["village"].code)
    return _save(actor, project, "relief.project.update", changes, project.village_id, _context(project))


@transaction.atomic
def register_worker(
    actor: Any,
    *,
    name: str,
    id_number: str,
    village: Any = None,
    phone: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> ReliefWorker:
    """The named worker for an ID number: found, or created. A registry person is linked."""
    try:
        number = idnumber.parse(id_number).id_number
    except idnumber.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    name = "".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写姓名"})
    person = _registry(actor).filter(id_number=number).first()
    if person is not None:
        if person.name != name:
            raise ValidationError({"name": f"姓名与脱贫人口台账不一致（台账为“{person.name}”），请核对"})
        village = person.village
    worker = ReliefWorker.objects.filter(id_number=number).first()
    covered = worker is not None and (actor is None or ScopePolicy.of(actor).covers(worker.village_id))
    if worker is not None and not covered:
        # Registered by another area: its name and village are not shown, and it is not changed here.
        if worker.name != name:
            raise ValidationError({"name": "姓名与该身份证号已登记的姓名不一致，请核对"})
        return worker
    if worker is not None and village is None:
        village = worker.village
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": "请选择务工人员所在村（到村一级）"})
    details = {
        "phone": (phone or "").strip(),
        "bank_name": (bank_name or "").strip(),
        "bank_account": money.bank_account(bank_account),
    }
    if worker is None:
        authorise(actor, "relief.edit", village.code)
        worker = ReliefWorker.objects.create(
            name=name, id_number=number, village=village, person=person, **details
        )
        audit.record(
            actor,
            "relief.worker.create",
            worker,
            after=audit.snapshot(worker, ["name", "village", "person", "phone", "bank_name"]),
            region_id=worker.village_id,
            context=_worker_context(worker),
        )
        return worker
    if worker.name != name:
        raise ValidationError({"name": f"该身份证号已登记为“{worker.name}”，姓名不一致，请核对"})
    changes: dict[str, Any] = {k: v for k, v in details.items() if v}
    if person is not None and worker.person_id != person.pk:
        changes |= {"person": person, "village": person.village}
    if changes:
        _save(actor, worker, "relief.worker.update", changes, worker.village_id, _worker_context(worker))
    return worker


def _sync(actor: Any, hire: ReliefHire) -> None:
    person = hire.worker.person
    if person is None:
        return
    settled = hire.payments.filter(sheet__attendance_closed_on__isnull=False)
    months = settled.count()
    if months:
        income = (settled.aggregate(total=Sum("due"))["total"] / months).quantize(Decimal("0.01"))
        note = f"以工代赈：月收入为已结算{months}个月劳务报酬的平均数"
    else:
        income = hire.daily_wage * ESTIMATED_DAYS
        note = f"以工代赈：月收入按日工资×{ESTIMATED_DAYS}天估算，结算后按实际劳务报酬更新"
    sync_spell(
        actor,
        hire,
        person=person,
        source=Source.WORK_RELIEF,
        kind=EmploymentKind.WORK_RELIEF,
        employer=hire.project.name[:200],
        start=hire.start,
        end=hire.end,
        monthly_income=income,
        notes=note,
        **place_of_work(hire.project.village, person.village_id),
    )


def _check_hire(data: dict[str, Any]) -> None:
    errors = {}
    if not data.get("start"):
        errors["start"] = "请填写进场日期"
    elif data.get("end") and data["end"] < data["start"]:
        errors["end"] = "退场日期不能早于进场日期"
    if data.get("daily_wage") is None or Decimal(data["daily_wage"]) <= 0:
        errors["daily_wage"] = "请填写日工资（大于0）"
    if errors:
        raise ValidationError(errors)


def check_local(project: WorkReliefProject, worker_name: str, home_village: str) -> None:
    """Only local rural labour is hired (ReliefRule.local_scope: the project's county by default)."""
    check = rules.local_check(home_village, project, ReliefRule.objects.for_region(project.village))
    if not check.ok:
        raise ValidationError({"id_number": f"{worker_name}{check.text}"})


@transaction.atomic
def hire(actor: Any, project: WorkReliefProject, worker: ReliefWorker, **data: Any) -> ReliefHire:
    authorise(actor, "relief.edit", project.village_id)
    _check_hire(data)
    check_local(project, worker.name, worker.village_id)
    if ReliefHire.objects.filter(project=project, worker=worker).exists():
        raise ValidationError({"id_number": f"{worker.name}已在本项目用工名单中"})
    item = ReliefHire.objects.create(
        project=project, worker=worker, **{k: v for k, v in data.items() if k in HIRE_FIELDS}
    )
    audit.record(
        actor,
        "relief.hire.create",
        item,
        after=audit.snapshot(item),
        region_id=project.village_id,
        context=_context(project) | _worker_context(worker),
    )
    _sync(actor, item)
    return item


@transaction.atomic
def update_hire(actor: Any, item: ReliefHire, **changes: Any) -> ReliefHire:
    authorise(actor, "relief.edit", item.project.village_id)
    changes = {k: v for k, v in changes.items() if k in HIRE_FIELDS}
    _check_hire({f: getattr(item, f) for f in HIRE_FIELDS} | changes)
    context = _context(item.project) | _worker_context(item.worker)
    _save(actor, item, "relief.hire.update", changes, item.project.village_id, context)
    _sync(actor, item)
    return item


def end_hire(actor: Any, item: ReliefHire, end: dt.date) -> ReliefHire:
    return update_hire(actor, item, end=end)


@transaction.atomic
def hire_labourer(actor: Any, project: WorkReliefProject, worker: dict[str, Any], **data: Any) -> ReliefHire:
    """Register the labourer (or find them) and hire them, or neither."""
    return hire(actor, project, register_worker(actor, **worker), **data)


@transaction.atomic
def remove_hire(actor: Any, item: ReliefHire) -> None:
    """A hire entered by mistake: the hire and its employment spell go (both audited). A hire with
    attendance or wages recorded was real: it is ended, not removed."""
    project = item.project
    authorise(actor, "relief.edit", project.village_id)
    if item.attendance.exists() or item.payments.exists():
        raise ValidationError(f"{item.worker.name}已有考勤或劳务报酬记录，不能删除；如已退场请登记退场日期")
    remove_spell(actor, item, Source.WORK_RELIEF)
    audit.record(
        actor,
        "relief.hire.delete",
        item,
        before=audit.snapshot(item),
        region_id=project.village_id,
        context=_context(project) | _worker_context(item.worker),
    )
    item.delete()


@transaction.atomic
def update_worker(
    actor: Any, worker: ReliefWorker, *, phone: str, bank_name: str, bank_account: str
) -> ReliefWorker:
    """A worker's phone and wage account; blank values leave the current ones (lines already closed keep theirs)."""
    authorise(actor, "relief.edit", worker.village_id)
    given = {
        "phone": phone.strip(),
        "bank_name": bank_name.strip(),
        "bank_account": money.bank_account(bank_account),
    }
    changes = {k: v for k, v in given.items() if v}
    return _save(actor, worker, "relief.worker.update", changes, worker.village_id, _worker_context(worker))


@transaction.atomic
def link_registry(actor: Any, worker: ReliefWorker) -> ReliefWorker:
    """Look the worker up in the registry again (a person may be registered after being hired)."""
    authorise(actor, "relief.edit", worker.village_id)
    person = _registry(actor).filter(id_number=worker.id_number).first()
    if person is None or worker.person_id == person.pk:
        return worker
    if person.name != worker.name:
        raise ValidationError(f"台账中该身份证号的姓名为“{person.name}”，与务工人员姓名不一致，请核对")
    _save(
        actor,
        worker,
        "relief.worker.link",
        {"person": person, "village": person.village},
        worker.village_id,
        _worker_context(worker),
    )
    for item in worker.hires.select_related("project", "worker__person"):
        _sync(actor, item)
    return worker


@transaction.atomic
def sheet_for(actor: Any, project: WorkReliefProject, month: dt.date) -> WageSheet:
    authorise(actor, "relief.edit", project.village_id)
    sheet, created = WageSheet.objects.get_or_create(project=project, month=month.replace(day=1))
    if created:
        audit.record(
            actor,
            "relief.sheet.create",
            sheet,
            after={"month": sheet.month.isoformat()},
            region_id=project.village_id,
            context=_context(project),
        )
    return sheet


def _active_days(item: ReliefHire, month: dt.date) -> tuple[dt.date, dt.date] | None:
    first, last = month_bounds(month.year, month.month)
    start, end = max(first, item.start), min(last, item.end or last)
    return (start, end) if start <= end else None


@transaction.atomic
def record_attendance(
    actor: Any,
    sheet: WageSheet,
    item: ReliefHire,
    *,
    days: Decimal | None = None,
    day_list: list[int] | None = None,
) -> Attendance:
    project = sheet.project
    authorise(actor, "relief.edit", project.village_id)
    if sheet.attendance_closed_on:
        raise ValidationError(
            f"{sheet.month:%Y年%m月}考勤已于{sheet.attendance_closed_on:%Y年%m月%d日}截止，不能修改"
        )
    if item.project_id != project.pk:
        raise ValidationError("该人员不在本项目用工名单中")
    span = _active_days(item, sheet.month)
    who = item.worker.name
    if span is None:
        if days or day_list:
            raise ValidationError(
                f"{who}{sheet.month:%Y年%m月}不在场（进场{item.start:%Y年%m月%d日}），不能记考勤"
            )
        span = (sheet.month, sheet.month)
    if project.attendance_mode == AttendanceMode.DAILY:
        chosen = sorted({int(d) for d in (day_list or [])})
        outside = [d for d in chosen if not span[0].day <= d <= span[1].day]
        if outside:
            raise ValidationError(f"{who}：{'、'.join(map(str, outside))}日不在进场至退场期间")
        days = Decimal(len(chosen))
    else:
        chosen = []
        days = Decimal(days or 0)
        possible = (span[1] - span[0]).days + 1
        if days < 0 or days > possible or days * 2 != int(days * 2):
            raise ValidationError(f"{who}：出勤天数应在0至{possible}天之间（可为半天）")
    record = Attendance.objects.filter(sheet=sheet, hire=item).first()
    if record is None:
        record = Attendance.objects.create(sheet=sheet, hire=item, days=days, day_list=chosen)
        audit.record(
            actor,
            "relief.attendance.create",
            record,
            after={"days": str(days), "day_list": chosen},
            region_id=project.village_id,
            context=_context(project),
        )
        return record
    return _save(
        actor,
        record,
        "relief.attendance.update",
        {"days": days, "day_list": chosen},
        project.village_id,
        _context(project),
    )


@transaction.atomic
def close_attendance(actor: Any, sheet: WageSheet, on: dt.date) -> list[WagePayment]:
    """考勤截止: the month's wages become due, one line per hire with days worked."""
    project = sheet.project
    authorise(actor, "relief.edit", project.village_id)
    if sheet.attendance_closed_on:
        raise ValidationError("该月考勤已截止")
    last = month_bounds(sheet.month.year, sheet.month.month)[1]
    if on < last:
        raise ValidationError({"on": f"考勤截止日期应不早于该月最后一天（{last:%Y年%m月%d日}）"})
    _save(
        actor,
        sheet,
        "relief.sheet.close",
        {"attendance_closed_on": on},
        project.village_id,
        _context(project),
    )
    payments = []
    changes = []
    for record in sheet.attendance.filter(days__gt=0).select_related("hire__worker"):
        item = record.hire
        payment = WagePayment.objects.create(
            sheet=sheet,
            hire=item,
            days=record.days,
            daily_wage=item.daily_wage,
            due=(record.days * item.daily_wage).quantize(Decimal("0.01")),
            bank_name=item.worker.bank_name,
            bank_account=item.worker.bank_account,
        )
        payments.append(payment)
        changes.append(
            audit.Change(
                "relief.wagepayment",
                str(payment.pk),
                str(payment),
                project.village_id,
                None,
                {"days": str(payment.days), "daily_wage": str(payment.daily_wage), "due": str(payment.due)},
            )
        )
    audit.record_many(actor, "relief.payment.create", changes, _context(project))
    for payment in payments:
        _sync(actor, payment.hire)
    return payments


@transaction.atomic
def start_publicity(actor: Any, sheet: WageSheet, on: dt.date) -> WageSheet:
    """公示: the month's list is posted from ``on``; payment may follow once the period has run."""
    project = sheet.project
    authorise(actor, "relief.edit", project.village_id)
    if not sheet.attendance_closed_on:
        raise ValidationError("请先截止考勤，生成发放名单后再公示")
    if on < sheet.attendance_closed_on:
        raise ValidationError({"on": "公示开始日期不能早于考勤截止日期"})
    if sheet.payments.filter(paid_on__isnull=False).exists():
        raise ValidationError("已有发放记录，不能更改公示日期")
    return _save(
        actor, sheet, "relief.sheet.publicise", {"publicity_start": on}, project.village_id, _context(project)
    )


@transaction.atomic
def pay(actor: Any, payment: WagePayment, amount: Decimal, on: dt.date) -> WagePayment:
    """Record what has been paid in total to a worker for the month, and the day."""
    sheet = payment.sheet
    project = sheet.project
    authorise(actor, "relief.edit", project.village_id)
    rule = ReliefRule.objects.for_region(project.village)
    opens = rules.publicity_ends(sheet, rule)
    if opens is None:
        raise ValidationError(f"发放名单尚未公示，须公示满{rule.publicity_days}天后方可发放")
    if on < opens:
        raise ValidationError(
            f"公示期未满：{sheet.publicity_start:%Y年%m月%d日}开始公示，须满{rule.publicity_days}天，"
            f"{opens:%Y年%m月%d日}起方可发放"
        )
    amount = Decimal(amount)
    if amount < 0 or amount > payment.due:
        raise ValidationError(f"实发金额应在0至应发金额{yuan(payment.due)}元之间")
    return _save(
        actor,
        payment,
        "relief.payment.pay",
        {"paid": amount, "paid_on": on},
        project.village_id,
        _context(project),
    )


@transaction.atomic
def pay_in_full(actor: Any, sheet: WageSheet, on: dt.date) -> int:
    unpaid = [p for p in sheet.payments.select_related("sheet__project") if p.paid < p.due]
    for payment in unpaid:
        pay(actor, payment, payment.due, on)
    return len(unpaid)
