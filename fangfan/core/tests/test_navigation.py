import pytest

from conftest import SHANTING
from fangfan.accounts.roles import Role
from fangfan.core.navigation import ADMINISTRATION, INSTRUMENTS, NavItem, nav_entries

pytestmark = pytest.mark.django_db


def test_items_of_a_group_share_one_menu_in_order():
    items = [
        NavItem("registry:person_list", "台账", order=10),
        NavItem("workshops:list", "帮扶车间", order=20, group=INSTRUMENTS),
        NavItem("audit:events", "审计", order=90, group=ADMINISTRATION),
        NavItem("relief:list", "以工代赈", order=22, group=INSTRUMENTS),
    ]

    entries = nav_entries(items)

    assert [e.label for e in entries] == ["台账", INSTRUMENTS, ADMINISTRATION]
    assert [i.label for i in entries[1].items] == ["帮扶车间", "以工代赈"]
    assert not entries[0].is_group and entries[1].is_group and entries[2].is_group


def test_a_village_worker_sees_only_the_modules_their_role_may_open(client, make_user):
    from conftest import first_village

    client.force_login(make_user(Role.VILLAGE_WORKER, first_village(SHANTING[:6]).code))

    html = client.get("/").content.decode()

    assert "台账" in html and INSTRUMENTS in html
    assert ">审计<" not in html
