"""Pages: the dashboard, drill-downs that match their figures, targets, rules, bulletin, inflow."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village, make_id, region
from fangfan.accounts.roles import Role
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.core import figures
from fangfan.employment import ledger
from fangfan.employment.models import MonthlyRecord
from fangfan.employment.rules import add_months, month_bounds
from fangfan.monitoring.models import Alert, Bulletin, MonitoringRule, Target
from fangfan.registry.models import Person

pytestmark = pytest.mark.django_db
NOW = ledger.current_month()
LAST = add_months(NOW, -1)
FIRST_DAY, LAST_DAY = month_bounds(LAST.year, LAST.month)


@pytest.fixture
def workers(make_person, make_spell):
    """Two counties of 枣庄: 山亭 has three in work (one away), 滕州 one."""
    shanting = [make_person(name=f"山亭{i}") for i in range(3)]
    make_spell(shanting[0], add_months(NOW, -14), income=3000)
    make_spell(shanting[1], add_months(NOW, -14), income=5200, area="out_of_province", organised=True)
    make_spell(shanting[2], add_months(NOW, -3), income=2600)
    make_spell(shanting[2], add_months(NOW, -3), income=600, employer="村保洁（兼职）")
    tengzhou = make_person(first_village(TENGZHOU[:6]), name="滕州1")
    make_spell(tengzhou, add_months(NOW, -2), income=4100, area="in_province")
    return shanting, tengzhou


@pytest.fixture
def city_user(make_user):
    return make_user(Role.CITY, ZAOZHUANG)


def listed(client, key, code):
    url = figures.get(key).url(region(code), FIRST_DAY, LAST_DAY)
    return client.get(url)


def test_the_dashboard_shows_the_figures_and_their_addresses(client, city_user, workers):
    client.force_login(city_user)

    page = client.get(f"/monitoring/?region={ZAOZHUANG}&month={LAST:%Y-%m}")

    assert page.status_code == 200
    ind = page.context["ind"]
    assert (ind.now.employed, ind.now.migrant, ind.now.local, ind.now.organised) == (4, 2, 2, 1)
    assert ind.now.income == 3000 + 5200 + 2600 + 600 + 4100
    data = page.context["data"]
    assert len(data["trend"]["months"]) == 24
    assert data["trend"]["employed"][-1]["value"] == 4
    assert data["trend"]["employed"][-1]["url"] == figures.get("employment.employed").url(
        region(ZAOZHUANG), FIRST_DAY, LAST_DAY
    )
    assert {r["name"]: r["employed"] for r in data["ranking"]}["山亭区"] == 3
    assert data["map"]["files"] == ["/static/vendor/maps/shan1_dong1_zao3_zhuang1.geojson"]
    assert 'id="dashboard-data"' in page.content.decode()
    assert "<script>" not in page.content.decode().split('id="dashboard-data"')[0][-200:]


@pytest.mark.parametrize(
    "key, expected",
    [
        ("employment.employed", {"山亭0", "山亭1", "山亭2", "滕州1"}),
        ("employment.migrant", {"山亭1", "滕州1"}),
        ("employment.local", {"山亭0", "山亭2"}),
        ("employment.organised", {"山亭1"}),
    ],
)
def test_each_figure_lists_exactly_the_people_it_counts(client, city_user, workers, key, expected):
    client.force_login(city_user)
    dashboard = client.get(f"/monitoring/?region={ZAOZHUANG}&month={LAST:%Y-%m}").context["ind"]

    page = listed(client, key, ZAOZHUANG)

    names = {p.name for p in page.context["page"].items}
    assert names == expected
    figure = key.split(".")[1]
    assert page.context["total"] == getattr(dashboard.now, figure)


def test_the_income_list_sums_to_the_income_figure(client, city_user, workers):
    client.force_login(city_user)

    page = listed(client, "employment.income", ZAOZHUANG)

    records = page.context["page"].items
    assert sum(r.income for r in records) == 3000 + 5200 + 3200 + 4100
    assert all(isinstance(r, MonthlyRecord) for r in records)


def test_a_county_sees_its_own_lists_and_not_the_neighbours(client, shanting_operator, workers):
    client.force_login(shanting_operator)

    own = listed(client, "employment.employed", SHANTING)
    other = listed(client, "employment.employed", TENGZHOU)
    dashboard = client.get(f"/monitoring/?region={TENGZHOU}")

    assert own.context["total"] == 3
    assert other.status_code == 404
    assert dashboard.status_code == 404


def test_the_lost_lists_name_who_stopped_working(client, city_user, make_person, make_spell):
    gone = make_person(name="去年在岗")
    make_spell(gone, add_months(NOW, -14), add_months(NOW, -5))
    stayed = make_person(name="一直在岗")
    make_spell(stayed, add_months(NOW, -14))
    client.force_login(city_user)

    page = listed(client, "employment.lost_yoy", ZAOZHUANG)

    assert {p.name for p in page.context["page"].items} == {"去年在岗"}


def test_targets_are_entered_on_a_page_and_audited(client, city_user, workers):
    client.force_login(city_user)

    response = client.post(
        f"/monitoring/targets/?region={ZAOZHUANG}",
        {"year": LAST.year, "indicator": "migrant", "value": 27900, "notes": "枣人社字〔2023〕68号"},
    )
    page = client.get(f"/monitoring/targets/?region={ZAOZHUANG}&month={LAST:%Y-%m}")

    assert response.status_code == 302
    target = Target.objects.get(region_id=ZAOZHUANG)
    assert (target.indicator, target.value) == ("migrant", 27900)
    assert AuditEvent.objects.filter(action="monitoring.target.create").exists()
    assert "27900人" in page.content.decode()


def test_a_county_reviewer_cannot_set_targets(client, make_user, workers):
    reviewer = make_user(Role.COUNTY_REVIEWER, SHANTING)
    client.force_login(reviewer)

    response = client.post(
        f"/monitoring/targets/?region={SHANTING}", {"year": 2026, "indicator": "employed", "value": 9}
    )

    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_province_sets_its_rules_and_a_county_may_not(client, make_user, shanting_operator):
    province = make_user(Role.PROVINCE, "37")
    client.force_login(province)
    form = client.get("/monitoring/rules/?region=370000000000").context["form"]
    data = {name: field.initial if field.initial is not None else "" for name, field in form.fields.items()}
    data |= {k: v for k, v in form.initial.items() if k in form.fields}
    data["poverty_line"] = 8000

    response = client.post("/monitoring/rules/?region=370000000000", data)

    assert response.status_code == 302
    assert MonitoringRule.objects.for_region(first_village(SHANTING[:6])).poverty_line == 8000
    client.force_login(shanting_operator)
    assert (
        client.post("/monitoring/rules/?region=370000000000", data | {"poverty_line": 1}).status_code == 403
    )
    assert MonitoringRule.objects.get().poverty_line == 8000


def test_the_bulletin_ranks_flags_and_exports(client, make_user, make_person, make_spell):
    for i in range(3):
        make_spell(make_person(), add_months(NOW, -14), add_months(NOW, -4) if i == 0 else None)
    make_spell(make_person(first_village(TENGZHOU[:6])), add_months(NOW, -14))
    make_spell(make_person(first_village(TENGZHOU[:6])), add_months(NOW, -3))
    city = make_user(Role.CITY, ZAOZHUANG)
    client.force_login(city)

    page = client.get(f"/monitoring/bulletin/?region={ZAOZHUANG}&month={LAST:%Y-%m}")
    export = client.get(f"/monitoring/bulletin/?region={ZAOZHUANG}&month={LAST:%Y-%m}&format=xlsx")
    issued = client.post(
        f"/monitoring/bulletin/?region={ZAOZHUANG}&month={LAST:%Y-%m}", {"title": "第10期通报"}
    )

    rows = {r["name"]: r for r in page.context["rows"]}
    assert rows["山亭区"]["fell"] and rows["山亭区"]["yoy_employed"] == "-33.3"
    assert not rows["滕州市"]["fell"] and rows["滕州市"]["rank_employed"] == 1
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert sheet[1][1] == "区域"
    assert "下降" in [row[-1] for row in sheet[2:]]
    assert AccessLog.objects.filter(object_type="monitoring.bulletin").exists()
    assert issued.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.title == "第10期通报"
    assert [r["code"] for r in bulletin.rows] == [r["code"] for r in page.context["rows"]]


def test_an_inflow_worker_is_registered_by_the_host_and_counted(client, shanting_operator):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)

    response = client.post(
        "/monitoring/inflow/new/",
        {
            "name": "马小龙",
            "id_number": make_id("140105", seq=7),
            "origin": "140000000000",
            "labour_capacity": "ordinary",
            "phone": "",
            "village": village.code,
            "employer": "山亭某食品厂",
            "kind": "enterprise",
            "start": add_months(NOW, -2).isoformat(),
            "monthly_income": "3600",
            "work_area": "in_county",
        },
    )

    person = Person.objects.get(name="马小龙")
    assert response.status_code == 302
    assert (person.household_id, person.origin_id, person.is_inflow) == (None, "140000000000", True)
    assert figures.get("employment.inflow").value(region(ZAOZHUANG), FIRST_DAY, LAST_DAY) == 1
    assert figures.get("employment.employed").value(region(ZAOZHUANG), FIRST_DAY, LAST_DAY) == 0
    listing = client.get(f"/monitoring/inflow/?region={SHANTING}")
    assert "马小龙" in listing.content.decode()


def test_an_inflow_worker_from_the_same_province_is_refused(client, shanting_operator):
    client.force_login(shanting_operator)

    page = client.post(
        "/monitoring/inflow/new/",
        {
            "name": "王本省",
            "id_number": make_id("370102", seq=3),
            "origin": "370000000000",
            "labour_capacity": "ordinary",
            "village": first_village(SHANTING[:6]).code,
            "employer": "某厂",
            "kind": "enterprise",
            "start": LAST.isoformat(),
            "monthly_income": "3000",
            "work_area": "in_county",
        },
    )

    assert "不是外省来本地务工人员" in page.content.decode()
    assert not Person.objects.exists()


def test_alert_pages_show_the_overdue_and_take_the_workflow(
    client, shanting_operator, make_person, make_user
):
    person = make_person(name="待帮扶")
    today = dt.date.today()
    alert = Alert.objects.create(
        rule="unemployed",
        subject=f"person:{person.pk}",
        basis="none",
        region_id=person.village_id,
        person=person,
        summary="连续3个月以上未就业",
        detected_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=15),
    )
    worker = make_user(Role.VILLAGE_WORKER, person.village_id)
    client.force_login(shanting_operator)

    listing = client.get(f"/monitoring/alerts/?status=overdue&region={SHANTING}")
    client.post(f"/monitoring/alerts/{alert.pk}/assign/", {"assignee": worker.pk})
    client.force_login(worker)
    client.post(
        f"/monitoring/alerts/{alert.pk}/intervene/",
        {"kind": "job_referral", "on": today.isoformat(), "notes": "推荐岗位"},
    )
    client.post(f"/monitoring/alerts/{alert.pk}/resolve/", {"outcome": "back_in_work", "note": ""})
    detail = client.get(f"/monitoring/alerts/{alert.pk}/")

    assert "待帮扶" in listing.content.decode() and "超期" in listing.content.decode()
    alert.refresh_from_db()
    assert (alert.status, alert.assignee, alert.outcome) == ("resolved", worker, "back_in_work")
    assert "分派" in detail.content.decode() and "推荐岗位" in detail.content.decode()


def test_alerts_of_another_county_are_not_found(client, tengzhou_operator, make_person):
    person = make_person()
    alert = Alert.objects.create(
        rule="unemployed",
        subject=f"person:{person.pk}",
        basis="none",
        region_id=person.village_id,
        person=person,
        summary="x",
        detected_on=dt.date.today(),
        due_on=dt.date.today(),
    )
    before = (AuditEvent.objects.count(), Alert.objects.values_list("status", flat=True).get())
    client.force_login(tengzhou_operator)

    assert client.get(f"/monitoring/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/monitoring/alerts/{alert.pk}/close/", {"reason": "x"}).status_code == 404
    assert client.get("/monitoring/alerts/").context["total"] == 0
    assert (AuditEvent.objects.count(), Alert.objects.values_list("status", flat=True).get()) == before


def test_the_dashboard_loads_its_alert_counts_as_figures(client, shanting_operator, make_person):
    person = make_person()
    today = dt.date.today()
    for n, due in enumerate((today - dt.timedelta(days=1), today + dt.timedelta(days=9))):
        Alert.objects.create(
            rule="unemployed",
            subject=f"person:{person.pk}:{n}",
            basis="none",
            region_id=person.village_id,
            person=person,
            summary="x",
            detected_on=today - dt.timedelta(days=20),
            due_on=due,
        )
    client.force_login(shanting_operator)

    page = client.get(f"/monitoring/alert-counts/?region={SHANTING}")

    assert (page.context["open"], page.context["overdue"]) == (2, 1)
    overdue = client.get(figures.get("monitoring.overdue_alerts").url(region(SHANTING), today, today))
    assert overdue.context["total"] == 1
