"""Job fairs: hires become employment spells once; the fair's rules firing and not firing."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from conftest import SHANTING, TENGZHOU, first_township, first_village, region
from fangfan.core import figures
from fangfan.employment.models import Employment, Source, WorkArea
from fangfan.relocation import services
from fangfan.relocation.models import FairAttendee, FairHire

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def hire(actor, fair, person, **data):
    values = {
        "employer": fair.employers.get(),
        "start": dt.date(2024, 3, 11),
        "monthly_income": Decimal(3500),
    } | data
    return services.add_hire(actor, fair, person=person, **values)


def test_a_hire_creates_one_job_fair_spell_in_the_county(shanting_operator, make_fair, make_person):
    fair, person = make_fair(), make_person()

    record = hire(shanting_operator, fair, person, job="包装工")

    spell = Employment.objects.get(person=person)
    assert record.spell == spell
    assert (spell.source, spell.source_ref) == (Source.JOB_FAIR, f"relocation.fairhire:{record.pk}")
    assert (spell.work_area, spell.organised) == (WorkArea.IN_COUNTY, False)
    assert spell.employer == "山亭某食品公司" and "包装工" in spell.notes
    assert FairAttendee.objects.filter(fair=fair, person=person).exists()


def test_a_hire_working_in_another_province_is_out_of_province(shanting_operator, make_fair, make_person):
    record = hire(shanting_operator, make_fair(), make_person(), workplace=region("140100000000"))

    assert record.spell.work_area == WorkArea.OUT_OF_PROVINCE
    assert record.spell.destination_province_id == "140000000000"


def test_a_hire_before_the_fair_is_refused(shanting_operator, make_fair, make_person):
    with pytest.raises(ValidationError) as exc:
        hire(shanting_operator, make_fair(), make_person(), start=dt.date(2024, 3, 1))

    assert "入职日期不能早于招聘会举办日期（2024年3月8日）" in str(exc.value)
    assert not Employment.objects.exists()


def test_an_employer_cannot_hire_more_than_the_posts_it_offered(shanting_operator, make_fair, make_person):
    fair = make_fair(posts=1)
    hire(shanting_operator, fair, make_person())

    with pytest.raises(ValidationError) as exc:
        hire(shanting_operator, fair, make_person())

    assert "提供岗位1个，已录用1人，不能再录用" in str(exc.value)
    assert Employment.objects.count() == 1


def test_posts_offered_cannot_drop_below_hires(shanting_operator, make_fair, make_person):
    fair = make_fair(posts=2)
    hire(shanting_operator, fair, make_person())
    hire(shanting_operator, fair, make_person())

    with pytest.raises(ValidationError) as exc:
        services.update_employer(shanting_operator, fair.employers.get(), posts_offered=1)

    assert "已录用2人" in str(exc.value)


def test_renaming_the_employer_renames_the_spells(shanting_operator, make_fair, make_person):
    fair = make_fair()
    record = hire(shanting_operator, fair, make_person())

    services.update_employer(shanting_operator, fair.employers.get(), name="新名称食品公司")

    record.spell.refresh_from_db()
    assert record.spell.employer == "新名称食品公司"


def test_moving_the_fair_after_a_hires_start_is_refused(shanting_operator, make_fair, make_person):
    fair = make_fair()
    hire(shanting_operator, fair, make_person(name="早入职"))

    with pytest.raises(ValidationError) as exc:
        services.update_fair(shanting_operator, fair, held_on=dt.date(2024, 3, 20))

    assert "早入职" in str(exc.value)
    fair.refresh_from_db()
    assert fair.held_on == dt.date(2024, 3, 8)


def test_removing_a_hire_deletes_its_spell_but_keeps_attendance(shanting_operator, make_fair, make_person):
    fair, person = make_fair(), make_person()
    record = hire(shanting_operator, fair, person)

    services.remove_hire(shanting_operator, record)

    assert not Employment.objects.exists()
    assert FairAttendee.objects.filter(fair=fair, person=person).exists()


def test_a_fair_serving_a_site_of_another_county_is_refused(make_user, make_fair, make_site):
    admin = make_user("admin", None)
    site = make_site()

    with pytest.raises(ValidationError) as exc:
        make_fair(actor=admin, region=region(TENGZHOU), site=site)

    assert "服务安置区应在招聘会举办地所在县" in str(exc.value)
    assert make_fair(actor=admin, region=first_township(SHANTING[:6]), site=site).site == site


def test_a_county_cannot_name_another_countys_site(make_user, make_fair, make_site):
    with pytest.raises(PermissionDenied):
        make_fair(actor=make_user("county_operator", TENGZHOU), region=region(TENGZHOU), site=make_site())


def test_job_fairs_and_hires_count_in_the_period(shanting_operator, make_fair, make_person):
    fair = make_fair()
    make_fair(name="上年招聘会", held_on=dt.date(2023, 10, 1))
    hire(shanting_operator, fair, make_person(name="录用者"))

    shanting = region(SHANTING)
    assert {str(f) for f in figures.get("relocation.job_fairs").queryset(shanting, FIRST, LAST)} == {
        fair.name
    }
    assert {str(p) for p in figures.get("relocation.fair_hires").queryset(shanting, FIRST, LAST)} == {
        "录用者"
    }
    assert figures.get("relocation.job_fairs").value(region(TENGZHOU), FIRST, LAST) == 0


def test_hires_imported_twice_create_each_spell_once(
    shanting_operator, make_fair, make_person, write_xlsx, capsys
):
    fair = make_fair()
    people = [make_person(name=f"录用{i}") for i in range(2)]
    path = write_xlsx(
        ["招聘会编号", "姓名", "身份证号", "用人单位", "岗位", "入职日期", "月工资", "工作地"],
        [[fair.pk, p.name, p.id_number, "山亭某食品公司", "普工", "2024-03-15", 3600, ""] for p in people],
    )

    outcomes = []
    for _ in range(2):
        call_command(
            "import_fair_hires", str(path), "--commit", "--json", "--user", shanting_operator.username
        )
        outcomes.append(json.loads(capsys.readouterr().out))

    assert (outcomes[0]["created"], outcomes[1]["unchanged"]) == (2, 2)
    assert Employment.objects.filter(source=Source.JOB_FAIR).count() == 2
    assert FairHire.objects.count() == 2


def test_imported_hires_beyond_the_posts_are_errors(
    shanting_operator, make_fair, make_person, write_xlsx, capsys
):
    fair = make_fair(posts=1)
    people = [make_person(name=f"录用{i}") for i in range(2)]
    path = write_xlsx(
        ["招聘会", "姓名", "身份证号", "用人单位", "入职日期", "月工资"],
        [[fair.pk, p.name, p.id_number, "山亭某食品公司", "2024-03-15", 3600] for p in people]
        + [[fair.pk, "录用0", people[0].id_number, "不存在的公司", "2024-03-15", 3600]],
    )

    with pytest.raises(SystemExit):
        call_command(
            "import_fair_hires", str(path), "--commit", "--json", "--user", shanting_operator.username
        )

    errors = {e["row"]: e for e in json.loads(capsys.readouterr().out)["errors"]}
    assert "提供岗位1个，已录用1人" in errors[4]["message"] and errors[4]["column"] == "用人单位"
    assert "与第3行重复" in errors[5]["message"]
    assert not Employment.objects.exists()


def test_attendees_are_imported_once_and_a_person_outside_the_scope_is_an_error(
    shanting_operator, make_fair, make_person, write_xlsx, capsys
):
    # Given a sign-in sheet of two 山亭 job seekers and one from 滕州, the same file twice
    fair = make_fair()
    seekers = [make_person(name=f"求职{i}") for i in range(2)]
    outsider = make_person(first_village(TENGZHOU[:6]), name="滕州求职")
    path = write_xlsx(
        ["招聘会编号", "姓名", "身份证号", "备注"],
        [[fair.pk, p.name, p.id_number, "现场签到"] for p in [*seekers, outsider]],
    )

    # When it is imported twice, skipping bad rows
    outcomes = []
    for _ in range(2):
        call_command(
            "import_fair_attendees",
            str(path),
            "--commit",
            "--skip-invalid",
            "--json",
            "--user",
            shanting_operator.username,
        )
        outcomes.append(json.loads(capsys.readouterr().out))

    # Then the two attend once, with their notes, and the 滕州 row is an error naming its column
    assert (outcomes[0]["created"], outcomes[1]["unchanged"], outcomes[1]["created"]) == (2, 2, 0)
    assert sorted(FairAttendee.objects.values_list("person__name", "notes")) == [
        ("求职0", "现场签到"),
        ("求职1", "现场签到"),
    ]
    [error] = outcomes[0]["errors"]
    assert error["row"] == 5 and error["column"] == "身份证号"
