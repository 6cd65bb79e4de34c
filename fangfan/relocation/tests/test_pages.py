import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import TENGZHOU, first_village
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.employment.models import Employment
from fangfan.relocation import services
from fangfan.relocation.models import FairHire, JobFair, RelocationSite, SiteResident

pytestmark = pytest.mark.django_db


def test_the_site_page_shows_the_rate_and_opens_the_employed(
    client, shanting_operator, make_site, make_person
):
    from fangfan.employment import services as employment

    site = make_site()
    working, idle = make_person(name="务工者"), make_person(name="待业者")
    for person in (working, idle):
        services.add_resident(shanting_operator, site, person=person, moved_in_on=dt.date(2023, 1, 1))
    employment.create_spell(
        shanting_operator,
        working,
        start=dt.date(2024, 6, 1),
        employer="厂",
        kind="enterprise",
        work_area="in_county",
        monthly_income=3000,
    )
    client.force_login(shanting_operator)

    page = client.get(site.get_absolute_url() + "?month=2024-06")
    employed = client.get(site.get_absolute_url() + "?month=2024-06&status=employed")

    assert page.context["rate"].percent == Decimal("50.0")
    assert page.context["chart"]["months"][-1] == "2024-06"
    assert {r.person.name for r in employed.context["residents_page"].items} == {"务工者"}
    assert "site-trend-data" in page.content.decode()


def test_the_fair_page_adds_an_employer_and_a_hire(client, shanting_operator, make_person):
    client.force_login(shanting_operator)
    client.post(
        reverse("relocation:fair_create"),
        {"name": "专场", "region": "370406000000", "held_on": "2024-04-01", "organiser": "人社局"},
    )
    fair = JobFair.objects.get()
    person = make_person(name="求职者")

    client.post(reverse("relocation:employer_add", args=[fair.pk]), {"name": "某公司", "posts_offered": "3"})
    client.post(
        reverse("relocation:hire_add", args=[fair.pk]),
        {
            "person": person.id_number,
            "employer": fair.employers.get().pk,
            "start": "2024-04-02",
            "monthly_income": "3200",
        },
    )
    page = client.get(fair.get_absolute_url())

    assert FairHire.objects.filter(person=person).exists()
    assert page.context["posts"] == 3
    assert "求职者" in page.content.decode()
    assert Employment.objects.filter(person=person).count() == 1


def test_the_person_page_shows_residence_and_hire(
    client, shanting_operator, make_site, make_fair, make_person
):
    person = make_person()
    site, fair = make_site(), make_fair()
    services.add_resident(shanting_operator, site, person=person, moved_in_on=dt.date(2023, 1, 1))
    services.add_hire(
        shanting_operator,
        fair,
        person=person,
        employer=fair.employers.get(),
        start=dt.date(2024, 3, 9),
        monthly_income=Decimal(3000),
    )
    client.force_login(shanting_operator)

    page = client.get(reverse("registry:person_detail", args=[person.pk]))

    text = page.content.decode()
    assert site.name in text and fair.name in text


def test_exports_are_logged(client, shanting_operator, make_site, make_fair, make_person, read_xlsx):
    site = make_site()
    services.add_resident(
        shanting_operator, site, person=make_person(name="导出人"), moved_in_on=dt.date(2023, 1, 1)
    )
    fair = make_fair()
    client.force_login(shanting_operator)

    rows = read_xlsx(client.get(reverse("relocation:residents_export", args=[site.pk])).content)
    client.get(reverse("relocation:hires_export", args=[fair.pk]))
    client.get(reverse("relocation:site_export"))

    assert rows[1][2] == "导出人"
    assert AccessLog.objects.count() == 3


def test_another_county_can_neither_read_nor_change_sites_or_fairs(
    client, shanting_operator, tengzhou_operator, make_site, make_fair, make_person
):
    site, fair = make_site(), make_fair()
    resident = services.add_resident(
        shanting_operator, site, person=make_person(), moved_in_on=dt.date(2023, 1, 1)
    )
    own = make_person(first_village(TENGZHOU[:6]))

    def state():
        return (
            list(RelocationSite.objects.values()),
            list(SiteResident.objects.values()),
            list(JobFair.objects.values()),
            FairHire.objects.count(),
            AuditEvent.objects.count(),
        )

    before = state()
    client.force_login(tengzhou_operator)

    codes = [
        client.get(site.get_absolute_url()).status_code,
        client.get(fair.get_absolute_url()).status_code,
        client.post(
            reverse("relocation:resident_add", args=[site.pk]),
            {"person": own.id_number, "moved_in_on": "2024-01-01"},
        ).status_code,
        client.post(reverse("relocation:resident_remove", args=[resident.pk])).status_code,
        client.post(reverse("relocation:fair_edit", args=[fair.pk]), {"name": "改"}).status_code,
        client.post(
            reverse("relocation:employer_add", args=[fair.pk]), {"name": "公司", "posts_offered": 1}
        ).status_code,
    ]

    assert codes == [404] * 6
    assert state() == before


def test_the_overview_counts_fairs(client, shanting_operator, make_fair):
    make_fair()
    client.force_login(shanting_operator)

    page = client.get(reverse("relocation:home") + "?year=2024")

    assert {i["key"]: i["value"] for i in page.context["items"]}["relocation.job_fairs"] == 1


def test_a_full_hires_export_imports_back_unchanged(
    client, shanting_operator, make_fair, make_person, tmp_path, capsys
):
    import json

    from django.core.management import call_command

    from conftest import region

    fair = make_fair()
    for i, workplace in enumerate((None, region("140100000000"))):
        services.add_hire(
            shanting_operator,
            fair,
            person=make_person(name=f"录用{i}"),
            employer=fair.employers.get(),
            start=dt.date(2024, 3, 9),
            monthly_income=Decimal(3000),
            workplace=workplace,
        )
    client.force_login(shanting_operator)

    response = client.get(reverse("relocation:hires_export", args=[fair.pk]) + "?full=1")
    path = tmp_path / "hires.xlsx"
    path.write_bytes(response.content)
    call_command("import_fair_hires", str(path), "--commit", "--json", "--user", shanting_operator.username)

    outcome = json.loads(capsys.readouterr().out)
    assert (outcome["unchanged"], outcome["errors"]) == (2, [])
    assert AccessLog.objects.get(object_type="relocation.fairhire").detail["unmasked"] is True


def test_a_city_user_gets_a_masked_export_even_when_asking_for_full(
    client, make_user, make_site, make_person, read_xlsx
):
    site = make_site()
    person = make_person()
    services.add_resident(
        make_user("county_operator", "370406000000"), site, person=person, moved_in_on=dt.date(2023, 1, 1)
    )
    client.force_login(make_user("city", "370400000000"))

    rows = read_xlsx(client.get(reverse("relocation:residents_export", args=[site.pk]) + "?full=1").content)

    assert rows[1][3] != person.id_number and rows[1][3].endswith(person.id_number[-4:])
