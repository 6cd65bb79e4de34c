import datetime as dt
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, region
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.core import figures
from fangfan.posts import services
from fangfan.posts.models import ExitReason, PostAppointment, PostAttendance, PostPayment, PublicPost
from fangfan.quality.models import Finding

pytestmark = pytest.mark.django_db


def state():
    return (
        list(PublicPost.objects.values_list("pk", "name", "closed_on").order_by("pk")),
        list(PostAppointment.objects.values_list("pk", "exited_on", "contract_end").order_by("pk")),
        PostAttendance.objects.count(),
        PostPayment.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_ledger_lists_holders_with_masked_ids_and_this_year_s_subsidy(
    client, shanting_operator, make_post, make_person, appoint
):
    today = dt.date.today()
    person = make_person(name="赵秀兰")
    appointment = appoint(make_post(name="村级护路员"), person, start=today.replace(month=1, day=1))
    services.record_attendance(None, appointment, today.replace(day=1), Decimal(20))
    client.force_login(shanting_operator)

    page = client.get("/posts/").content.decode()

    assert "赵秀兰" in page and "村级护路员" in page and person.id_number not in page
    assert "800.00" in page


def test_the_ledger_exports_to_xlsx_and_the_export_is_logged(
    client, shanting_operator, make_post, make_person, appoint
):
    appoint(make_post(name="村级护路员"), make_person(name="赵秀兰"))
    client.force_login(shanting_operator)

    response = client.get("/posts/export/?status=all")

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["岗位名称", "岗位类别", "用工形式"]
    assert rows[2][0] == "村级护路员" and rows[2][7] == "赵秀兰" and "*" in rows[2][8]
    assert AccessLog.objects.filter(user=shanting_operator, object_type="posts.postappointment").exists()


def test_another_county_cannot_see_or_change_the_posts(
    client, tengzhou_operator, make_post, make_person, appoint
):
    post = make_post()
    appointment = appoint(post, make_person(name="赵秀兰"))
    record = services.record_attendance(None, appointment, dt.date(2026, 1, 1), Decimal(20))
    client.force_login(tengzhou_operator)
    before = state()

    assert "赵秀兰" not in client.get("/posts/").content.decode()
    assert client.get(f"/posts/posts/{post.pk}/").status_code == 404
    assert client.get(f"/posts/appointments/{appointment.pk}/").status_code == 404
    assert (
        client.post(f"/posts/posts/{post.pk}/close/", {"on": "2026-06-30", "reason": "x"}).status_code == 404
    )
    assert (
        client.post(
            f"/posts/appointments/{appointment.pk}/exit/", {"on": "2026-06-30", "reason": "resigned"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/posts/appointments/{appointment.pk}/attendance/{record.pk}/pay/",
            {"amount": "800", "on": "2026-02-01"},
        ).status_code
        == 404
    )
    assert "赵秀兰" not in client.get("/posts/export/?status=all").content.decode(errors="ignore")

    assert state() == before


def test_an_operator_appoints_records_attendance_pays_and_exits_on_the_pages(
    client, shanting_operator, make_post, make_person
):
    post, person = make_post(), make_person(name="赵秀兰")
    client.force_login(shanting_operator)

    response = client.post(
        f"/posts/posts/{post.pk}/appoint/", {"person": person.id_number, "start": "2026-01-01"}
    )
    appointment = PostAppointment.objects.get()
    assert response.status_code == 302 and appointment.contract_end == dt.date(2026, 12, 31)
    client.post(
        f"/posts/appointments/{appointment.pk}/attendance/",
        {"month": "2026-02", "required_days": "20", "actual_days": "15"},
    )
    record = PostAttendance.objects.get()
    client.post(
        f"/posts/appointments/{appointment.pk}/attendance/{record.pk}/pay/",
        {"amount": "600", "on": "2026-03-10"},
    )
    client.post(
        f"/posts/appointments/{appointment.pk}/exit/", {"on": "2026-06-30", "reason": ExitReason.OTHER_JOB}
    )

    page = client.get(f"/posts/appointments/{appointment.pk}/").content.decode()
    assert "800元 ÷ 20天 × 15天 = 600元" in page
    appointment.refresh_from_db()
    assert appointment.exited_on == dt.date(2026, 6, 30) and PostPayment.objects.get().amount == Decimal(600)
    person_page = client.get(f"/registry/people/{person.pk}/").content.decode()
    assert f'<a href="/posts/appointments/{appointment.pk}/">{post.name}</a>' in person_page
    assert "2026年6月30日（实现其他稳定就业）" in person_page


def test_a_county_operator_runs_the_checks_and_a_village_worker_cannot(
    client, shanting_operator, make_user, make_post, make_person, appoint
):
    both = make_person()
    appoint(make_post(), both)
    appoint(make_post(), both)
    village_worker = make_user("village_worker", both.village_id)

    client.force_login(village_worker)
    assert client.post("/posts/checks/").status_code == 403
    assert not Finding.objects.exists()

    client.force_login(shanting_operator)
    response = client.post("/posts/checks/", follow=True)
    assert "新发现" in response.content.decode()
    assert Finding.objects.filter(kind="posts.two_posts").count() == 1
    assert "一人多岗" in client.get("/quality/").content.decode()


def test_a_city_sets_the_local_minimum_wage_on_the_rules_page(client, make_user, make_post):
    city = make_user("city", "370400000000")
    client.force_login(city)

    page = client.get("/quality/rules/?region=370400000000").content.decode()
    assert "乡村公益性岗位管理规则" in page and "当地月最低工资标准" in page
    response = client.post(
        "/quality/rules/posts.postrule/?region=370400000000",
        {
            "contract_max_months": 12,
            "posts_per_household": 1,
            "rotation_window_years": 3,
            "pay_deadline_months": 1,
            "min_wage_monthly": "2100",
            "min_wage_hourly": "21",
        },
    )

    assert response.status_code == 302
    with pytest.raises(Exception, match="2100"):
        make_post(work_time="full", subsidy=Decimal(2000))


def test_the_holders_figure_counts_people_once_by_post_location(make_post, make_person, appoint):
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    both, gone = make_person(name="两岗"), make_person(name="去年退岗")
    appoint(make_post(), both)
    appoint(make_post(), both, start=dt.date(2026, 6, 1))
    old = appoint(make_post(), gone, start=dt.date(2025, 1, 1))
    services.exit_post(None, old, dt.date(2025, 12, 31), ExitReason.CONTRACT_END)

    holders = figures.get("posts.poverty_holders").queryset(region(SHANTING), first, last)

    assert [p.name for p in holders] == ["两岗"]
    assert figures.get("posts.posts").value(region(SHANTING), first, last) == 3
    assert figures.get("posts.vacant").value(region(SHANTING), first, last) == 1


def test_the_subsidy_account_is_changed_on_the_appointment_page(
    client, shanting_operator, make_post, make_person, appoint
):
    appointment = appoint(make_post(), make_person(), bank_account="6228480012345678")
    client.force_login(shanting_operator)

    assert "6228480012345678" not in client.get(f"/posts/appointments/{appointment.pk}/").content.decode()
    client.post(
        f"/posts/appointments/{appointment.pk}/bank/", {"bank_name": "", "bank_account": "6230520000009999"}
    )

    appointment.refresh_from_db()
    assert appointment.bank_account == "6230520000009999"


def test_the_ledger_figures_follow_the_month_picked(
    client, shanting_operator, make_post, make_person, appoint
):
    appoint(make_post(), make_person(), start=dt.date(2026, 3, 1))
    client.force_login(shanting_operator)

    february = client.get("/posts/?region=370406000000&year=2026&month=2")
    march = client.get("/posts/?region=370406000000&year=2026&month=3")

    assert february.context["period"].label == "2026年2月"
    assert (
        'href="/figures/posts.poverty_holders/?region=370406000000&amp;first=2026-03-01&amp;last=2026-03-31"'
        in (march.content.decode())
    )
