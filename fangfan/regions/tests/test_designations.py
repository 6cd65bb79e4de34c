"""区域属性 (重点帮扶县, 安置区): set by the province within its scope, every change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import SHANTING, ZAOZHUANG, first_village, region
from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent
from fangfan.regions import services
from fangfan.regions.models import Designation, RegionDesignation

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE, "370000000000")


def test_a_province_designates_a_county_and_it_is_audited(province):
    item = services.designate(province, region(SHANTING), Designation.KEY_COUNTY)

    event = AuditEvent.objects.get(action="regions.designation.create")
    assert (event.actor, event.object_id, event.region_id) == (province, str(item.pk), SHANTING)
    assert event.after["kind"] == Designation.KEY_COUNTY


@pytest.mark.parametrize(
    ("code", "kind", "error"),
    [
        (ZAOZHUANG, Designation.KEY_COUNTY, ValidationError),
        (ZAOZHUANG, Designation.RELOCATION_AREA, ValidationError),
        ("141000000000", Designation.KEY_COUNTY, PermissionDenied),
    ],
    ids=["key-county-not-a-county", "site-not-below-a-county", "another-province"],
)
def test_a_wrong_level_or_a_region_outside_the_scope_is_refused(province, code, kind, error):
    with pytest.raises(error):
        services.designate(province, region(code), kind)

    assert not RegionDesignation.objects.exists() and not AuditEvent.objects.exists()


def test_a_designation_is_not_made_twice(province):
    services.designate(province, region(SHANTING), Designation.KEY_COUNTY)

    with pytest.raises(ValidationError, match="已认定为"):
        services.designate(province, region(SHANTING), Designation.KEY_COUNTY)

    assert RegionDesignation.objects.count() == 1


def test_the_page_adds_and_removes_a_designation(client, province):
    client.force_login(province)
    village = first_village(SHANTING[:6])

    added = client.post(
        "/regions/designations/",
        {"designated": village.code, "kind": Designation.RELOCATION_AREA, "since": "2020-06-01"},
    )
    item = RegionDesignation.objects.get()
    listed = client.get("/regions/designations/", {"region": SHANTING}).context["items"]
    removed = client.post(f"/regions/designations/{item.pk}/remove/")

    assert added.status_code == 302 and list(listed) == [item]
    assert removed.status_code == 302 and not RegionDesignation.objects.exists()
    assert AuditEvent.objects.get(action="regions.designation.delete").before["region_id"] == village.code


def test_a_city_may_neither_read_nor_change_designations(client, make_user, province):
    item = services.designate(province, region(SHANTING), Designation.KEY_COUNTY)
    client.force_login(make_user(Role.CITY, ZAOZHUANG))

    assert client.get("/regions/designations/").status_code == 403
    assert client.post(f"/regions/designations/{item.pk}/remove/").status_code == 403
    assert RegionDesignation.objects.filter(pk=item.pk).exists()
