"""The village-cadre register: its page with the household's posts and its history, import and export."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import make_id
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.core import xlsx
from fangfan.imports import engine
from fangfan.imports.reader import read_table
from fangfan.posts import integrity, services
from fangfan.posts.cadre_import import CadreSpec
from fangfan.posts.models import VillageCadre

pytestmark = pytest.mark.django_db


def register(person, household, **fields):
    data = {
        "name": person.name,
        "id_number": person.id_number,
        "village": person.village,
        "position": "村委会主任",
        "household": household,
        "term_start": dt.date(2021, 1, 1),
        "term_end": None,
    } | fields
    return services.save_cadre(None, **data)


def test_a_cadres_page_shows_the_household_posts_the_finding_and_the_history(
    client, shanting_operator, make_person, make_post, appoint
):
    # Given a cadre whose household member holds a post, flagged 优亲厚友, and corrected once
    chief = make_person(name="村主任")
    member = make_person(name="家属", household=chief.household, relation_to_head="spouse")
    cadre = register(chief, chief.household)
    services.save_cadre(None, cadre, position="党支部书记")
    appoint(make_post(name="村级保洁员"), member)
    integrity.run(None, None, dt.date(2026, 6, 1))
    client.force_login(shanting_operator)

    # When the cadre's page is opened
    page = client.get(f"/posts/cadres/{cadre.pk}/")

    # Then it lists the post in the household, the finding and the create and update events
    html = page.content.decode()
    assert "村级保洁员" in html and "家属" in html and "优亲厚友" in html
    assert [e.action for e, _, _ in page.context["events"]] == ["posts.cadre.update", "posts.cadre.create"]
    assert AuditEvent.objects.filter(context__cadre=cadre.pk).count() == 2


def test_another_county_cannot_open_a_cadre(client, tengzhou_operator, make_person):
    cadre = register(make_person(), None)
    client.force_login(tengzhou_operator)

    assert client.get(f"/posts/cadres/{cadre.pk}/").status_code == 404
    assert cadre.name not in client.get("/posts/cadres/export/").content.decode(errors="ignore")


def test_the_register_exports_with_masked_ids_and_the_export_is_logged(
    client, shanting_operator, make_person
):
    register(make_person(name="村主任"), None)
    client.force_login(shanting_operator)

    response = client.get("/posts/cadres/export/")

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    header = next(r for r in rows if "身份证号" in r)
    line = rows[rows.index(header) + 1]
    assert line[header.index("姓名")] == "村主任" and "*" in line[header.index("身份证号")]
    assert AccessLog.objects.filter(object_type="posts.villagecadre").exists()


def test_a_cadre_sheet_imports_once_and_names_its_bad_rows(tmp_path, shanting_operator, make_person, village):
    person = make_person(name="王书记")
    other = make_id(village.code, birth=dt.date(1970, 1, 1), seq=77)
    headers = ["村级区划代码", "姓名", "身份证号码", "职务", "户编号", "任职时间", "离任日期"]
    rows = [
        [village.code, "王书记", person.id_number, "党支部书记", "", "2021-01-01", ""],
        [village.code, "李委员", other, "村委委员", "", "2021年1月1日", "2023-12-31"],
        [village.code, "赵某", "123", "村委委员", "", "2021-01-01", ""],
        [village.code, "钱某", make_id(village.code, seq=78), "村委委员", "H-不存在", "2021-01-01", ""],
    ]
    path = tmp_path / "cadres.xlsx"
    path.write_bytes(xlsx.table(headers, rows, title="村干部名册"))

    first = engine.run(CadreSpec(shanting_operator), read_table(path), commit=True, skip_invalid=True)
    again = engine.run(CadreSpec(shanting_operator), read_table(path), commit=True, skip_invalid=True)

    assert first.counts.created == 2 and again.counts.unchanged == 2 and again.counts.created == 0
    errors = {e.row: (e.column, e.message) for e in first.errors}
    assert errors[5][0] == "身份证号"
    assert errors[6] == ("户编号", "您管辖范围内没有户编号为H-不存在的户")
    linked = VillageCadre.objects.get(id_number=person.id_number)
    assert linked.household == person.household and linked.person == person
    assert VillageCadre.objects.get(id_number=other).term_end == dt.date(2023, 12, 31)
