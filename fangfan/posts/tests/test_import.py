import datetime as dt
from decimal import Decimal

import pytest

from conftest import SHANTING, region
from fangfan.core import xlsx
from fangfan.employment.models import Employment
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.posts import integrity
from fangfan.posts.importing import AppointmentSpec, PaymentSpec
from fangfan.posts.models import PostAppointment, PostPayment
from fangfan.quality.models import Finding

pytestmark = pytest.mark.django_db


def sheet(tmp_path, headers, rows):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(xlsx.table(headers, rows))
    return read_table(path)


HOLDERS = ["村级区划代码", "岗位名称", "姓名", "身份证号码", "上岗时间", "退岗日期", "退岗原因", "银行卡号"]


def test_a_holders_roster_appoints_people_in_order_and_once(
    tmp_path, shanting_operator, make_post, make_person, village
):
    post = make_post(name="村庄保洁员")
    first, second = make_person(name="前任"), make_person(name="现任")
    rows = [
        [village.code, "村庄保洁员", "现任", second.id_number, "2026-01-01", "", "", "6228480012345678"],
        [
            village.code,
            "村庄保洁员",
            "前任",
            first.id_number,
            "2025-01-01",
            "2025-12-31",
            "协议期满不再续聘",
            "",
        ],
    ]

    done = engine.run(AppointmentSpec(shanting_operator), sheet(tmp_path, HOLDERS, rows), commit=True)
    again = engine.run(AppointmentSpec(shanting_operator), sheet(tmp_path, HOLDERS, rows), commit=True)

    assert done.errors == [] and done.counts.created == 2 and again.counts.unchanged == 2
    old = PostAppointment.objects.get(person=first)
    assert (old.exited_on, old.exit_reason) == (dt.date(2025, 12, 31), "contract_end")
    assert PostAppointment.objects.get(person=second).bank_account == "6228480012345678"
    assert Employment.objects.filter(source="public_post").count() == 2
    assert post.appointments.count() == 2


def test_overlapping_holders_and_unknown_posts_are_named(
    tmp_path, shanting_operator, make_post, make_person, village
):
    make_post(name="村庄保洁员")
    a, b = make_person(name="甲"), make_person(name="乙")
    rows = [
        [village.code, "村庄保洁员", "甲", a.id_number, "2026-01-01", "", "", ""],
        [village.code, "村庄保洁员", "乙", b.id_number, "2026-03-01", "", "", ""],
        [village.code, "护林员", "乙", b.id_number, "2026-03-01", "", "", ""],
    ]

    outcome = engine.run(AppointmentSpec(shanting_operator), sheet(tmp_path, HOLDERS, rows), commit=True)

    messages = {(e.row, e.column): e.message for e in outcome.errors}
    assert "同一岗位同一时间只能一人在岗" in messages[(3, "上岗日期")]
    assert "没有名为“护林员”的岗位" in messages[(4, "岗位名称")]
    assert not PostAppointment.objects.exists()


PAYMENTS = ["村级区划代码", "岗位名称", "姓名", "身份证号", "补贴月份", "发放金额", "发放日期"]


def test_a_payment_sheet_keeps_every_line_and_the_check_flags_the_unappointed(
    tmp_path, shanting_operator, make_post, make_person, appoint, village
):
    post = make_post(name="村庄保洁员")
    holder, stranger = make_person(name="在岗"), make_person(name="未聘")
    appoint(post, holder)
    rows = [
        [village.code, "村庄保洁员", "在岗", holder.id_number, "2026年3月", 800, "2026-04-10"],
        [village.code, "村庄保洁员", "未聘", stranger.id_number, "2026-03", "800", "2026-04-10"],
    ]

    done = engine.run(PaymentSpec(shanting_operator), sheet(tmp_path, PAYMENTS, rows), commit=True)
    again = engine.run(PaymentSpec(shanting_operator), sheet(tmp_path, PAYMENTS, rows), commit=True)
    integrity.run(shanting_operator, region(SHANTING), dt.date(2026, 11, 1), ["posts.unappointed_payment"])

    assert done.counts.created == 2 and again.counts.unchanged == 2
    assert PostPayment.objects.count() == 2 and PostPayment.objects.get(name="未聘").amount == Decimal(800)
    assert [f.person for f in Finding.objects.filter(kind="posts.unappointed_payment")] == [stranger]
