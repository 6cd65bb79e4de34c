"""Every change to posts, appointments, attendance, payments and the cadre register.

按需设岗 (:func:`create_post`), 以岗聘任 (:func:`appoint`, :func:`renew`), 在岗领补
(:func:`record_attendance`, :func:`pay`) and 有序退岗 (:func:`exit_post`). An
appointment is an employment spell of the holder, created once through
:func:`fangfan.cooperation.kit.spells.sync_spell`. Nobody is refused for age or
disability: the seed asks for competence, not such bars.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from fangfan.audit import services as audit
from fangfan.cooperation.kit.spells import place_of_work, remove_spell, sync_spell
from fangfan.core import money
from fangfan.core.money import yuan
from fangfan.employment.models import EmploymentKind, Source
from fangfan.employment.rules import is_active_in_month
from fangfan.regions.codes import Level
from fangfan.registry import idnumber
from fangfan.registry.models import Household, Person
from fangfan.registry.services import authorise

from . import rules
from .models import (
    ExitReason,
    PaymentSource,
    PostAppointment,
    PostAttendance,
    PostPayment,
    PostRule,
    PublicPost,
    VillageCadre,
    WorkTime,
)

POST_FIELDS = (
    "name",
    "post_type",
    "work_time",
    "village",
    "employer",
    "duties",
    "subsidy",
    "hours_per_month",
    "required_days",
    "created_on",
    "notes",
)
CADRE_FIELDS = ("name", "id_number", "village", "position", "household", "term_start", "term_end")


def _save(actor: Any, instance: Any, action: str, changes: dict[str, Any], region: str, context: dict) -> Any:
    before = audit.snapshot(instance)
    for key, value in changes.items():
        setattr(instance, key, value)
    old, new = audit.diff(before, audit.snapshot(instance))
    if new:
        instance.save(update_fields=audit.update_fields(instance, new))
        audit.record(actor, action, instance, before=old, after=new, region_id=region, context=context)
    return instance


def _context(post: PublicPost) -> dict[str, Any]:
    return {"post": post.pk}


def _check_post(data: dict[str, Any]) -> None:
    errors = {}
    village = data.get("village")
    if village is None or village.level != Level.VILLAGE:
        errors["village"] = "请选择到村（社区）一级"
    for key, label in (("name", "岗位名称"), ("duties", "岗位职责"), ("employer", "用人单位")):
        if not (data.get(key) or "").strip():
            errors[key] = f"请填写{label}"
    if data.get("subsidy") is None:
        errors["subsidy"] = "请填写月补贴标准"
    if errors:
        raise ValidationError(errors)
    if data.get("work_time") == WorkTime.FULL:
        data["hours_per_month"] = None
    check = rules.subsidy_check(
        data["work_time"],
        Decimal(data["subsidy"]),
        data.get("hours_per_month"),
        PostRule.objects.for_region(data["village"]),
    )
    if not check.ok:
        field = (
            "hours_per_month"
            if not data.get("hours_per_month") and data["work_time"] == WorkTime.PART
            else "subsidy"
        )
        raise ValidationError({field: check.text})


@transaction.atomic
def create_post(actor: Any, **data: Any) -> PublicPost:
    """按需设岗."""
    _check_post(data)
    authorise(actor, "posts.edit", data["village"].code)
    post = PublicPost.objects.create(**{k: v for k, v in data.items() if k in POST_FIELDS})
    audit.record(
        actor,
        "posts.post.create",
        post,
        after=audit.snapshot(post),
        region_id=post.village_id,
        context=_context(post),
    )
    return post


@transaction.atomic
def update_post(actor: Any, post: PublicPost, **changes: Any) -> PublicPost:
    authorise(actor, "posts.edit", post.village_id)
    changes = {k: v for k, v in changes.items() if k in POST_FIELDS}
    merged = {f: getattr(post, f) for f in POST_FIELDS} | changes
    _check_post(merged)
    authorise(actor, "posts.edit", merged["village"].code)
    changes = {k: merged[k] for k in (*changes, "hours_per_month")}
    _save(actor, post, "posts.post.update", changes, post.village_id, _context(post))
    for appointment in post.appointments.filter(exited_on__isnull=True).select_related("person", "post"):
        _sync(actor, appointment)
    return post


@transaction.atomic
def close_post(actor: Any, post: PublicPost, on: dt.date, reason: str) -> PublicPost:
    authorise(actor, "posts.edit", post.village_id)
    if on < post.created_on:
        raise ValidationError({"on": "撤岗日期不能早于设岗日期"})
    holders = post.appointments.filter(start__lte=on).exclude(exited_on__lte=on)
    if holders.exists() or post.appointments.filter(start__gt=on).exists():
        raise ValidationError("该岗位仍有在岗人员，请先为其办理退岗")
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤岗原因"})
    return _save(
        actor,
        post,
        "posts.post.close",
        {"closed_on": on, "close_reason": reason.strip()},
        post.village_id,
        _context(post),
    )


def _sync(actor: Any, appointment: PostAppointment) -> None:
    post = appointment.post
    sync_spell(
        actor,
        appointment,
        person=appointment.person,
        source=Source.PUBLIC_POST,
        kind=EmploymentKind.PUBLIC_POST,
        employer=f"乡村公益性岗位：{post.name}（{post.employer}）"[:200],
        start=appointment.start,
        end=appointment.exited_on,
        monthly_income=post.subsidy,
        notes=f"{post.get_work_time_display()}{post.get_post_type_display()}",
        **place_of_work(post.village, appointment.person.village_id),
    )


@transaction.atomic
def appoint(
    actor: Any,
    post: PublicPost,
    person: Person,
    *,
    start: dt.date,
    contract_end: dt.date | None = None,
    bank_name: str = "",
    bank_account: str = "",
) -> PostAppointment:
    """以岗聘任: an agreement of at most the rule's length; the post must be open and free."""
    authorise(actor, "posts.edit", post.village_id)
    if post.closed_on and start > post.closed_on:
        raise ValidationError({"start": f"该岗位已于{post.closed_on:%Y年%m月%d日}撤销"})
    if start < post.created_on:
        raise ValidationError({"start": f"上岗日期不能早于设岗日期（{post.created_on:%Y年%m月%d日}）"})
    rule = PostRule.objects.for_region(post.village)
    longest = rules.longest_contract_end(start, rule)
    contract_end = contract_end or longest
    if contract_end < start:
        raise ValidationError({"contract_end": "聘用协议到期日不能早于上岗日期"})
    if contract_end > longest:
        raise ValidationError(
            {
                "contract_end": f"聘用协议期限不超过{rule.contract_max_months}个月（最迟到{longest:%Y年%m月%d日}），期满可续签"
            }
        )
    holder = (
        post.appointments.filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
        .select_related("person")
        .first()
    )
    if holder is not None:
        raise ValidationError(f"该岗位目前由{holder.person.name}在岗，请先为其办理退岗")
    appointment = PostAppointment.objects.create(
        post=post,
        person=person,
        start=start,
        contract_end=contract_end,
        bank_name=bank_name.strip(),
        bank_account=money.bank_account(bank_account),
    )
    audit.record(
        actor,
        "posts.appointment.create",
        appointment,
        after=audit.snapshot(appointment),
        region_id=post.village_id,
        context=_context(post),
    )
    _sync(actor, appointment)
    return appointment


@transaction.atomic
def renew(actor: Any, appointment: PostAppointment, contract_end: dt.date) -> PostAppointment:
    """续签: a new agreement from the day after the old one ends, again at most the rule's length."""
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    if appointment.exited_on:
        raise ValidationError("已退岗，不能续签")
    rule = PostRule.objects.for_region(post.village)
    longest = rules.longest_contract_end(appointment.contract_end + dt.timedelta(days=1), rule)
    if contract_end <= appointment.contract_end:
        raise ValidationError({"contract_end": "续签后的到期日应晚于原到期日"})
    if contract_end > longest:
        raise ValidationError(
            {"contract_end": f"每次续签不超过{rule.contract_max_months}个月（最迟到{longest:%Y年%m月%d日}）"}
        )
    changes = {"contract_end": contract_end, "renewals": appointment.renewals + 1}
    return _save(actor, appointment, "posts.appointment.renew", changes, post.village_id, _context(post))


@transaction.atomic
def update_appointment(actor: Any, appointment: PostAppointment, **changes: Any) -> PostAppointment:
    """Bank details only (blank leaves the current value); dates change through renew and exit."""
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    allowed = {
        k: v.strip() for k, v in changes.items() if k in ("bank_name", "bank_account") and v and v.strip()
    }
    if "bank_account" in allowed:
        allowed["bank_account"] = money.bank_account(allowed["bank_account"])
    return _save(actor, appointment, "posts.appointment.update", allowed, post.village_id, _context(post))


@transaction.atomic
def exit_post(
    actor: Any, appointment: PostAppointment, on: dt.date, reason: str, note: str = ""
) -> PostAppointment:
    """有序退岗, with the reason recorded; the holder's spell ends the same day."""
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    if appointment.exited_on:
        raise ValidationError(f"已于{appointment.exited_on:%Y年%m月%d日}退岗")
    if reason not in ExitReason.values:
        raise ValidationError({"reason": "请选择退岗原因"})
    if on < appointment.start:
        raise ValidationError({"on": "退岗日期不能早于上岗日期"})
    if reason == ExitReason.OTHER and not note.strip():
        raise ValidationError({"note": "退岗原因为“其他”的，请写明说明"})
    changes = {"exited_on": on, "exit_reason": reason, "exit_note": note.strip()[:200]}
    _save(actor, appointment, "posts.appointment.exit", changes, post.village_id, _context(post))
    _sync(actor, appointment)
    return appointment


@transaction.atomic
def remove_appointment(actor: Any, appointment: PostAppointment) -> None:
    """An appointment entered by mistake: it and its employment spell go (both audited). One with
    attendance or subsidy paid was real: the holder exits instead."""
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    if (
        appointment.attendance.exists()
        or PostPayment.objects.filter(attendance__appointment=appointment).exists()
    ):
        raise ValidationError(f"{appointment.person.name}已有考勤或补贴发放记录，不能删除；请办理退岗")
    remove_spell(actor, appointment, Source.PUBLIC_POST)
    audit.record(
        actor,
        "posts.appointment.delete",
        appointment,
        before=audit.snapshot(appointment),
        region_id=post.village_id,
        context=_context(post),
    )
    appointment.delete()


@transaction.atomic
def record_attendance(
    actor: Any,
    appointment: PostAppointment,
    month: dt.date,
    actual_days: Decimal,
    required_days: Decimal | None = None,
) -> PostAttendance:
    """在岗领补: the month's days on post and the subsidy they earn."""
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    month = month.replace(day=1)
    if not is_active_in_month(appointment.start, appointment.exited_on, month.year, month.month):
        raise ValidationError(f"{appointment.person.name}{month:%Y年%m月}不在岗，不能登记考勤")
    required = Decimal(required_days if required_days is not None else post.required_days)
    actual = Decimal(actual_days)
    if required <= 0:
        raise ValidationError({"required_days": "应出勤天数应大于0"})
    if actual < 0 or actual > required or actual * 2 != int(actual * 2):
        raise ValidationError({"actual_days": f"实际出勤天数应在0至{rules.days(required)}天之间（可为半天）"})
    due, explanation = rules.attendance_pay(post.subsidy, required, actual)
    record = PostAttendance.objects.filter(appointment=appointment, month=month).first()
    values = {"required_days": required, "actual_days": actual, "due": due, "explanation": explanation}
    if record is None:
        record = PostAttendance.objects.create(appointment=appointment, month=month, **values)
        audit.record(
            actor,
            "posts.attendance.create",
            record,
            after={k: str(v) for k, v in values.items()},
            region_id=post.village_id,
            context=_context(post),
        )
        return record
    if record.payments.exists():
        raise ValidationError(f"{month:%Y年%m月}补贴已发放，不能修改考勤")
    return _save(actor, record, "posts.attendance.update", values, post.village_id, _context(post))


def paid_total(record: PostAttendance) -> Decimal:
    return record.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def pay(actor: Any, record: PostAttendance, amount: Decimal, on: dt.date) -> PostPayment:
    """Pay a month's subsidy (in one or more payments, never beyond what is due)."""
    appointment = record.appointment
    post = appointment.post
    authorise(actor, "posts.edit", post.village_id)
    amount = Decimal(amount)
    remaining = record.due - paid_total(record)
    if amount <= 0 or amount > remaining:
        raise ValidationError({"amount": f"发放金额应大于0且不超过未发金额{yuan(remaining)}元"})
    if on < record.month:
        raise ValidationError({"on": "发放日期不能早于补贴月份"})
    person = appointment.person
    payment = PostPayment.objects.create(
        post=post,
        person=person,
        name=person.name,
        id_number=person.id_number,
        month=record.month,
        amount=amount,
        paid_on=on,
        attendance=record,
        source=PaymentSource.ATTENDANCE,
    )
    audit.record(
        actor,
        "posts.payment.create",
        payment,
        after={"amount": str(amount), "paid_on": on.isoformat(), "month": record.month.isoformat()},
        region_id=post.village_id,
        context=_context(post),
    )
    return payment


def matching_attendance(post: PublicPost, person: Person | None, month: dt.date) -> PostAttendance | None:
    if person is None:
        return None
    return PostAttendance.objects.filter(
        appointment__post=post, appointment__person=person, month=month
    ).first()


@transaction.atomic
def record_payment_line(
    actor: Any,
    post: PublicPost,
    *,
    name: str,
    id_number: str,
    month: dt.date,
    amount: Decimal,
    paid_on: dt.date,
) -> PostPayment:
    """A line of an imported 发放表, kept as paid even when nobody was appointed (the check flags it)."""
    authorise(actor, "posts.edit", post.village_id)
    person = Person.objects.filter(id_number=id_number).first()
    month = month.replace(day=1)
    payment = PostPayment.objects.create(
        post=post,
        person=person,
        name=name,
        id_number=id_number,
        month=month,
        amount=amount,
        paid_on=paid_on,
        attendance=matching_attendance(post, person, month),
        source=PaymentSource.IMPORT,
    )
    audit.record(
        actor,
        "posts.payment.import",
        payment,
        after={
            "name": name,
            "amount": str(amount),
            "month": month.isoformat(),
            "paid_on": paid_on.isoformat(),
        },
        region_id=post.village_id,
        context=_context(post),
    )
    return payment


def check_cadre(actor: Any, data: dict[str, Any]) -> None:
    """A cadre's village, ID number, name, position and term; a cadre in the registry (within the
    actor's scope) is linked to their person and household."""
    village = data.get("village")
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": "请选择任职村（到村一级）"})
    try:
        data["id_number"] = idnumber.parse(data.get("id_number")).id_number
    except idnumber.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    if not (data.get("name") or "").strip() or not (data.get("position") or "").strip():
        raise ValidationError("请填写姓名和职务")
    if data.get("term_end") and data.get("term_start") and data["term_end"] < data["term_start"]:
        raise ValidationError({"term_end": "任职结束日期不能早于开始日期"})
    people = Person.objects.all() if actor is None else Person.objects.visible_to(actor)
    person = people.filter(id_number=data["id_number"]).select_related("household").first()
    data["person"] = person
    if person is not None and person.household is not None and data.get("household") is None:
        data["household"] = person.household
    household: Household | None = data.get("household")
    if household is not None and household.village_id[:6] != village.code[:6]:
        raise ValidationError({"household": "所在户应在任职村所在县"})


@transaction.atomic
def save_cadre(actor: Any, cadre: VillageCadre | None = None, **data: Any) -> VillageCadre:
    """Add to or correct the village-cadre register; a cadre in the ledger is linked to their household."""
    if cadre is not None:
        authorise(actor, "posts.edit", cadre.village_id)
        data = {f: getattr(cadre, f) for f in CADRE_FIELDS} | {
            k: v for k, v in data.items() if k in CADRE_FIELDS
        }
    check_cadre(actor, data)
    authorise(actor, "posts.edit", data["village"].code)
    values = {k: data[k] for k in (*CADRE_FIELDS, "person")}
    if cadre is None:
        cadre = VillageCadre.objects.create(**values)
        audit.record(
            actor,
            "posts.cadre.create",
            cadre,
            after=audit.snapshot(cadre),
            region_id=cadre.village_id,
            context=_cadre_context(cadre),
        )
        return cadre
    return _save(actor, cadre, "posts.cadre.update", values, cadre.village_id, _cadre_context(cadre))


def _cadre_context(cadre: VillageCadre) -> dict[str, Any]:
    return {"cadre": cadre.pk}
