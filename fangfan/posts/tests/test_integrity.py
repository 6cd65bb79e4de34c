import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from conftest import SHANTING, ZAOZHUANG, first_village, region
from fangfan.employment import services as employment
from fangfan.posts import integrity, services
from fangfan.posts.models import ExitReason, PostRule
from fangfan.quality import rulebook
from fangfan.quality import services as quality
from fangfan.quality.models import Finding

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def found(kind, today=TODAY):
    integrity.run(None, region(SHANTING), today, [kind])
    return list(Finding.objects.filter(kind=kind).current().order_by("pk"))


def household_of(make_person, n, village=None):
    head = make_person(village)
    members = [head] + [
        make_person(village or head.village, household=head.household, relation_to_head="son")
        for _ in range(n - 1)
    ]
    return head.household, members


def cadre(person, household, term_start=dt.date(2021, 1, 1), term_end=None):
    return services.save_cadre(
        None,
        name=person.name,
        id_number=person.id_number,
        village=person.village,
        position="村委会主任",
        household=household,
        term_start=term_start,
        term_end=term_end,
    )


def test_a_holder_in_a_serving_cadre_s_household_is_favouritism(make_post, make_person, appoint):
    household, (chief, son) = household_of(make_person, 2)
    cadre(chief, household)
    appoint(make_post(name="护林员"), son)

    [finding] = found("posts.favouritism")

    assert finding.person == son and "与村干部" in finding.summary and chief.name in finding.summary
    assert f"户编号{household.number}" in finding.evidence_text and "之子" in finding.evidence_text


def test_a_cadre_register_entry_links_the_cadre_s_household_by_id(make_person):
    household, (chief,) = household_of(make_person, 1)

    entry = cadre(chief, None)

    assert entry.household == household and entry.person == chief


def test_no_favouritism_when_the_cadre_s_term_ended_before_or_the_household_differs(
    make_post, make_person, appoint
):
    household, (chief, son) = household_of(make_person, 2)
    cadre(chief, household, term_start=dt.date(2018, 1, 1), term_end=dt.date(2020, 12, 31))
    appoint(make_post(), son)
    other_household, (other,) = household_of(make_person, 1)
    cadre(other, other_household)

    assert found("posts.favouritism") == []


def rotate(post, people, appoint, years):
    """Each person holds the post for one year, from the first year given, in order."""
    for person, year in zip(people, years, strict=True):
        appointment = appoint(post, person, start=dt.date(year, 1, 1))
        if year != years[-1]:
            services.exit_post(None, appointment, dt.date(year, 12, 31), ExitReason.CONTRACT_END)


def test_a_post_that_returns_to_a_household_within_the_window_is_rotation(make_post, make_person, appoint):
    (a_house, (a1, a2)), (_, (b1,)) = household_of(make_person, 2), household_of(make_person, 1)
    post = make_post()

    rotate(post, [a1, b1, a2], appoint, [2024, 2025, 2026])

    [finding] = found("posts.rotation")
    assert finding.subject_id == str(post.pk)
    assert "在2户之间轮换3次" in finding.summary
    assert f"{a2.name}（户编号{a_house.number}）" in finding.evidence_text


def test_three_households_in_turn_or_an_old_turn_outside_the_window_is_not_rotation(
    make_post, make_person, appoint
):
    people = [household_of(make_person, 1)[1][0] for _ in range(3)]
    rotate(make_post(), people, appoint, [2024, 2025, 2026])
    (_, (a1, a2)), (_, (b1,)) = household_of(make_person, 2), household_of(make_person, 1)
    rotate(make_post(), [a1, b1, a2], appoint, [2021, 2025, 2026])

    assert found("posts.rotation") == []


def test_the_rotation_window_is_the_city_s_rule(make_post, make_person, appoint):
    (_, (a1, a2)), (_, (b1,)) = household_of(make_person, 2), household_of(make_person, 1)
    rotate(make_post(), [a1, b1, a2], appoint, [2021, 2025, 2026])
    rulebook.set_rule(None, PostRule, region(ZAOZHUANG), rotation_window_years=6)

    assert len(found("posts.rotation")) == 1


def test_two_posts_held_at_once_are_found_and_one_after_the_other_are_not(make_post, make_person, appoint):
    both, serial = make_person(name="兼岗"), make_person(name="转岗")
    appoint(make_post(), both, start=dt.date(2026, 1, 1))
    appoint(make_post(), both, start=dt.date(2026, 6, 1))
    first = appoint(make_post(), serial, start=dt.date(2026, 1, 1))
    services.exit_post(None, first, dt.date(2026, 5, 31), ExitReason.RESIGNED)
    appoint(make_post(), serial, start=dt.date(2026, 6, 1))

    [finding] = found("posts.two_posts")

    assert finding.person == both and "同时在" in finding.summary


def test_a_household_over_its_quota_is_found_unless_the_city_allows_more(make_post, make_person, appoint):
    household, (head, son) = household_of(make_person, 2)
    appoint(make_post(), head)
    appoint(make_post(), son, start=dt.date(2026, 3, 1))

    [finding] = found("posts.household_quota")
    assert f"户编号{household.number}同时有2个岗位在岗，超过每户1个的规定" == finding.summary

    rulebook.set_rule(None, PostRule, region(ZAOZHUANG), posts_per_household=2)
    assert found("posts.household_quota") == []
    assert Finding.objects.get(pk=finding.pk).cleared_at is not None


def away(person, start, end=None, area="out_of_province"):
    province = region("440000000000") if area == "out_of_province" else None
    return employment.create_spell(
        None,
        person,
        start=start,
        end=end,
        employer="广东某电子厂",
        kind="enterprise",
        work_area=area,
        destination_province=province,
        monthly_income=Decimal(4500),
    )


def test_a_full_time_holder_working_out_of_province_at_the_same_time_is_a_ghost(
    make_post, make_person, appoint
):
    holder = make_person(name="外出")
    appoint(make_post(work_time="full", subsidy=Decimal(1800)), holder)
    away(holder, dt.date(2026, 3, 1))

    [finding] = found("posts.ghost")

    assert finding.person == holder and "省外务工" in finding.summary
    assert "重叠期间：2026年03月01日—至今" in finding.evidence_text


def test_a_full_time_holder_working_in_the_province_outside_the_county_is_a_ghost(
    make_post, make_person, appoint
):
    # Given a 全日制 holder who also works in 济南 (省内县外) from 1 March
    holder = make_person(name="县外")
    appoint(make_post(work_time="full", subsidy=Decimal(1800)), holder)
    away(holder, dt.date(2026, 3, 1), area="in_province")

    # When the checks run
    [finding] = found("posts.ghost")

    # Then the concurrent job outside the county is a 吃空饷 finding
    assert finding.person == holder and "省内县外务工" in finding.summary
    assert "重叠期间：2026年03月01日—至今" in finding.evidence_text


def test_part_time_holders_may_work_flexibly_and_other_cases_are_not_ghosts(make_post, make_person, appoint):
    part = make_person(name="非全日制")
    appoint(make_post(), part)
    away(part, dt.date(2026, 3, 1))
    local = make_person(name="县内务工")
    appoint(make_post(work_time="full", subsidy=Decimal(1800)), local)
    away(local, dt.date(2026, 3, 1), area="in_county")
    before = make_person(name="上岗前外出")
    appoint(make_post(work_time="full", subsidy=Decimal(1800)), before, start=dt.date(2026, 3, 1))
    away(before, dt.date(2025, 3, 1), dt.date(2026, 2, 28))

    assert found("posts.ghost") == []


def test_a_subsidy_unpaid_after_the_deadline_is_arrears(make_post, make_person, appoint):
    appointment = appoint(make_post(), make_person())
    record = services.record_attendance(None, appointment, dt.date(2026, 3, 1), Decimal(20))
    services.pay(None, record, Decimal(500), dt.date(2026, 4, 10))

    assert found("posts.arrears", today=dt.date(2026, 4, 30)) == []
    [finding] = found("posts.arrears", today=dt.date(2026, 5, 10))
    assert "逾期10天未足额发放" in finding.summary and "已发500元，未发300元" in finding.evidence_text

    services.pay(None, record, Decimal(300), dt.date(2026, 5, 11))
    assert found("posts.arrears", today=dt.date(2026, 5, 12)) == []


def test_payments_to_someone_not_appointed_that_month_are_found(make_post, make_person, appoint):
    post = make_post()
    holder, stranger = make_person(name="在岗"), make_person(name="未聘")
    appointment = appoint(post, holder, start=dt.date(2026, 1, 1))
    services.exit_post(None, appointment, dt.date(2026, 4, 30), ExitReason.RESIGNED)
    line = {"month": dt.date(2026, 4, 1), "amount": Decimal(800), "paid_on": dt.date(2026, 5, 10)}
    services.record_payment_line(None, post, name=holder.name, id_number=holder.id_number, **line)
    services.record_payment_line(None, post, name=stranger.name, id_number=stranger.id_number, **line)
    after_exit = line | {"month": dt.date(2026, 5, 1), "paid_on": dt.date(2026, 6, 10)}
    services.record_payment_line(None, post, name=holder.name, id_number=holder.id_number, **after_exit)

    findings = found("posts.unappointed_payment")

    assert sorted(f.summary for f in findings) == [
        f"向{holder.name}发放{post.name}2026年05月补贴，但其当月未在该岗位聘任",
        f"向{stranger.name}发放{post.name}2026年04月补贴，但其当月未在该岗位聘任",
    ]
    assert any("从未在该岗位聘任" in f.evidence_text for f in findings)


def test_running_the_checks_again_adds_nothing_and_keeps_verdicts(make_post, make_person, appoint, make_user):
    both = make_person()
    appoint(make_post(), both)
    appoint(make_post(), both)
    integrity.run(None, region(SHANTING), TODAY)
    finding = Finding.objects.get(kind="posts.two_posts")
    quality.review(make_user("county_reviewer", SHANTING), finding, "confirmed", "已约谈，限期退出一个岗位")
    integrity.run(None, region(SHANTING), TODAY)

    assert Finding.objects.filter(kind="posts.two_posts").count() == 1
    assert Finding.objects.get(pk=finding.pk).status == "confirmed"


def test_the_check_command_reports_each_kind(make_post, make_person, appoint, capsys):
    both = make_person()
    appoint(make_post(), both)
    appoint(make_post(), both)

    call_command("check_posts", "--region", SHANTING[:6], "--date", "2026-11-01")

    out = capsys.readouterr().out
    assert "一人多岗：新发现1" in out and "优亲厚友：新发现0" in out


def test_checks_in_one_county_leave_another_county_alone(make_post, make_person, appoint):
    tengzhou = first_village("370481")
    other = make_person(tengzhou)
    post_a = make_post(village=tengzhou)
    post_b = make_post(village=tengzhou)
    appoint(post_a, other)
    appoint(post_b, other)

    assert found("posts.two_posts") == []
