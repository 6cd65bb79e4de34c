import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from python_calamine import CalamineWorkbook

from conftest import SHANTING, region
from fangfan.audit.models import AccessLog, AuditEvent
from fangfan.quality import services
from fangfan.quality.models import Finding, FindingStatus
from fangfan.quality.services import Detected

pytestmark = pytest.mark.django_db
KIND = "posts.two_posts"


def found(person, key="k1", text="证据一"):
    return Detected(
        key=key,
        region_id=person.village_id,
        subject=person,
        person=person,
        summary=f"{person.name}同时担任两个岗位",
        evidence_text=text,
        evidence={"posts": [1, 2]},
    )


def test_running_a_check_twice_keeps_one_finding(make_person):
    person = make_person()

    first = services.sync(None, KIND, region(SHANTING), [found(person)])
    second = services.sync(None, KIND, region(SHANTING), [found(person)])

    assert (first.created, second.created, second.unchanged) == (1, 0, 1)
    finding = Finding.objects.get()
    assert finding.status == FindingStatus.OPEN and finding.person == person
    assert finding.subject_type == "registry.person" and finding.subject_url.endswith(f"/people/{person.pk}/")
    assert AuditEvent.objects.filter(action="quality.finding.create").count() == 1


def test_a_problem_no_longer_seen_is_marked_cleared_and_reopened_if_it_returns(make_person, make_user):
    person = make_person()
    reviewer = make_user("county_reviewer", SHANTING)
    services.sync(None, KIND, region(SHANTING), [found(person)])
    services.review(reviewer, Finding.objects.get(), FindingStatus.RESOLVED, "已解除其中一个岗位")

    services.sync(None, KIND, region(SHANTING), [])
    assert Finding.objects.get().cleared_at is not None

    services.sync(None, KIND, region(SHANTING), [found(person, text="证据二")])
    finding = Finding.objects.get()
    assert finding.cleared_at is None and finding.status == FindingStatus.OPEN
    assert finding.evidence_text == "证据二"


def test_a_dismissed_finding_keeps_its_verdict_when_seen_again(make_person, make_user):
    person = make_person()
    reviewer = make_user("county_reviewer", SHANTING)
    services.sync(None, KIND, region(SHANTING), [found(person)])
    services.review(reviewer, Finding.objects.get(), FindingStatus.DISMISSED, "两岗位时间不重叠，系录入错误")

    services.sync(None, KIND, region(SHANTING), [found(person)])

    assert Finding.objects.get().status == FindingStatus.DISMISSED


def test_a_verdict_needs_reasons_and_a_reviewer_of_the_county(make_person, make_user, tengzhou_operator):
    person = make_person()
    services.sync(None, KIND, region(SHANTING), [found(person)])
    finding = Finding.objects.get()
    other = make_user("county_reviewer", "370481000000")
    operator = make_user("county_operator", SHANTING)
    reviewer = make_user("county_reviewer", SHANTING)

    with pytest.raises(ValidationError):
        services.review(reviewer, finding, FindingStatus.CONFIRMED, "  ")
    with pytest.raises(PermissionDenied):
        services.review(other, finding, FindingStatus.CONFIRMED, "属实")
    with pytest.raises(PermissionDenied):
        services.review(operator, finding, FindingStatus.CONFIRMED, "属实")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN

    services.review(reviewer, finding, FindingStatus.CONFIRMED, "经走访核实，属实")
    assert finding.status == FindingStatus.CONFIRMED and finding.reviewed_by == reviewer


def test_findings_are_listed_within_scope_and_reviewed_on_the_page(
    client, make_person, make_user, tengzhou_operator
):
    person = make_person()
    services.sync(None, KIND, region(SHANTING), [found(person)])
    finding = Finding.objects.get()
    reviewer = make_user("county_reviewer", SHANTING)

    client.force_login(tengzhou_operator)
    assert person.name not in client.get("/quality/").content.decode()
    assert client.get(f"/quality/{finding.pk}/").status_code == 404
    events = AuditEvent.objects.count()
    assert client.post(f"/quality/{finding.pk}/", {"status": "dismissed", "verdict": "x"}).status_code == 404
    assert AuditEvent.objects.count() == events

    client.force_login(reviewer)
    assert person.name in client.get("/quality/").content.decode()
    response = client.post(f"/quality/{finding.pk}/", {"status": "confirmed", "verdict": "属实"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONFIRMED
    assert "核查发现" in client.get(f"/registry/people/{person.pk}/").content.decode()


def test_only_a_nationwide_administrator_runs_a_check_for_the_whole_country(
    make_person, make_user, shanting_operator
):
    person = make_person()

    with pytest.raises(PermissionDenied):
        services.sync(shanting_operator, KIND, None, [found(person)])
    services.sync(make_user("admin", None), KIND, None, [found(person)])

    assert Finding.objects.count() == 1


def test_the_findings_of_the_list_export_to_xlsx_masked_and_logged(
    client, shanting_operator, tengzhou_operator, make_person
):
    # Given a 山亭 finding
    person = make_person(name="两岗")
    services.sync(None, KIND, region(SHANTING), [found(person)])

    # When 山亭 and 滕州 export the open findings
    client.force_login(shanting_operator)
    mine = client.get("/quality/export/?status=open")
    client.force_login(tengzhou_operator)
    theirs = client.get("/quality/export/?status=open")

    # Then 山亭's sheet holds it with the ID masked, 滕州's does not, and both exports are logged
    def rows(response):
        return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()

    sheet = rows(mine)
    header = next(r for r in sheet if "类别" in r)
    line = sheet[sheet.index(header) + 1]
    assert line[header.index("问题")] == "两岗同时担任两个岗位"
    assert line[header.index("证据")] == "证据一" and line[header.index("状态")] == "待核实"
    assert line[header.index("身份证号")] != person.id_number and "*" in line[header.index("身份证号")]
    assert not any("两岗" in str(c) for r in rows(theirs) for c in r)
    assert AccessLog.objects.filter(object_type="quality.finding").count() == 2
