import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import TENGZHOU, first_village, region
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.training import services
from fangfan.training.models import Training, TrainingEnrolment, TrainingRule

pytestmark = pytest.mark.django_db


def test_the_course_pages_list_show_and_create(client, shanting_operator, make_course):
    course = make_course()
    client.force_login(shanting_operator)

    listing = client.get(reverse("training:course_list"))
    detail = client.get(course.get_absolute_url())
    created = client.post(
        reverse("training:course_create"),
        {
            "name": "普通班",
            "region": "370406000000",
            "kind": "general",
            "provider": "学校",
            "occupation": "厨师",
            "start": "2024-05-01",
            "end": "2024-05-10",
        },
    )

    assert course.name in listing.content.decode()
    assert "培训补贴" in detail.content.decode()
    assert created.status_code == 302 and Training.objects.filter(name="普通班").exists()


def test_the_overview_counts_trainees(client, shanting_operator, make_course, make_person):
    services.enrol(shanting_operator, make_course(), person=make_person())
    client.force_login(shanting_operator)

    page = client.get(reverse("training:home") + "?year=2024")

    items = {i["key"]: i["value"] for i in page.context["items"]}
    assert items["training.poverty_trainees"] == 1


def test_a_trainee_is_added_on_the_course_page_and_shown_on_their_person_page(
    client, shanting_operator, make_course, make_person
):
    course, person = make_course(), make_person(name="学员甲")
    client.force_login(shanting_operator)

    client.post(
        reverse("training:enrolment_add", args=[course.pk]), {"person": person.id_number, "completed": "on"}
    )
    page = client.get(reverse("registry:person_detail", args=[person.pk]))

    assert TrainingEnrolment.objects.get(person=person).completed
    assert course.name in page.content.decode()


def test_the_enrolment_export_is_logged(client, shanting_operator, make_course, make_person, read_xlsx):
    course = make_course()
    services.enrol(shanting_operator, course, person=make_person(name="导出学员"))
    client.force_login(shanting_operator)

    rows = read_xlsx(client.get(reverse("training:enrolments_export", args=[course.pk])).content)

    assert rows[1][2] == "导出学员"
    assert AccessLog.objects.filter(object_type="training.trainingenrolment").count() == 1


def test_another_county_can_neither_read_nor_change_a_course(
    client, shanting_operator, tengzhou_operator, make_course, make_person
):
    course = make_course()
    enrolment = services.enrol(shanting_operator, course, person=make_person())
    own = make_person(first_village(TENGZHOU[:6]))
    state = (
        list(Training.objects.values()),
        list(TrainingEnrolment.objects.values()),
        AuditEvent.objects.count(),
    )
    client.force_login(tengzhou_operator)

    codes = [
        client.get(course.get_absolute_url()).status_code,
        client.post(reverse("training:course_edit", args=[course.pk]), {"name": "改"}).status_code,
        client.post(
            reverse("training:enrolment_add", args=[course.pk]), {"person": own.id_number}
        ).status_code,
        client.post(reverse("training:enrolment_remove", args=[enrolment.pk])).status_code,
    ]

    assert codes == [404, 404, 404, 404]
    assert state == (
        list(Training.objects.values()),
        list(TrainingEnrolment.objects.values()),
        AuditEvent.objects.count(),
    )


def test_a_province_administrator_sets_subsidy_standards(client, make_user):
    province = make_user("province", "370000000000")
    client.force_login(province)

    response = client.post(
        reverse("training:rules"),
        {
            "subsidy_order": "1600",
            "subsidy_directed": "1600",
            "subsidy_post": "1600",
            "subsidy_general": "900",
            "certificate_required": "",
        },
    )

    assert response.status_code == 302
    rule = TrainingRule.objects.for_region(region("370406000000"))
    assert (rule.subsidy_general, rule.certificate_required) == (900, False)
    assert AuditEvent.objects.filter(action="training.trainingrule.create", region_id="370000000000").exists()


def test_enrolments_imported_twice_change_nothing_the_second_time(
    shanting_operator, make_course, make_person, write_xlsx, capsys
):
    course = make_course()
    people = [make_person(name=f"学员{i}") for i in range(2)]
    path = write_xlsx(
        ["培训班编号", "姓名", "身份证号", "是否结业", "证书类型", "证书编号"],
        [[course.pk, p.name, p.id_number, "是", "合格证书", f"HG{i}"] for i, p in enumerate(people)],
    )

    outcomes = []
    for _ in range(2):
        call_command(
            "import_enrolments", str(path), "--commit", "--json", "--user", shanting_operator.username
        )
        outcomes.append(json.loads(capsys.readouterr().out))

    assert (outcomes[0]["created"], outcomes[1]["unchanged"]) == (2, 2)
    assert set(TrainingEnrolment.objects.values_list("certificate", "completed_on")) == {
        ("completion", course.end)
    }


def test_an_unknown_certificate_is_a_row_error(
    shanting_operator, make_course, make_person, write_xlsx, capsys
):
    course, person = make_course(), make_person(name="学员")
    path = write_xlsx(
        ["培训班", "姓名", "身份证号", "是否结业", "证书"],
        [[course.name, "学员", person.id_number, "是", "驾照"]],
    )

    with pytest.raises(SystemExit):
        call_command(
            "import_enrolments", str(path), "--commit", "--json", "--user", shanting_operator.username
        )

    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["column"] == "证书类型" and "驾照" in errors[0]["message"]
    assert not TrainingEnrolment.objects.exists()
