"""``manage.py create_admin``: the first administrator goes through the account service, audited."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import PASSWORD, SHANTING
from fangfan.accounts.models import User
from fangfan.accounts.roles import Role
from fangfan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def create_admin(*args: str) -> str:
    out = io.StringIO()
    call_command("create_admin", *args, stdout=out)
    return out.getvalue()


def test_an_admin_is_created_with_the_password_from_the_environment_and_audited(monkeypatch):
    # given a fresh install and the password in the environment
    monkeypatch.setenv("FANGFAN_ADMIN_PASSWORD", PASSWORD)

    # when the installer creates the administrator
    output = create_admin("--username", "admin", "--full-name", "系统管理员甲")

    # then the account is an administrator with that password, and its creation is in the trail
    user = User.objects.get(username="admin")
    assert (user.role, user.region, user.is_staff, user.is_superuser) == (Role.ADMIN, None, True, True)
    assert user.check_password(PASSWORD)
    assert "已创建系统管理员“admin”" in output
    event = AuditEvent.objects.get(action="accounts.user.create")
    assert (event.actor, event.actor_name, event.object_id) == (None, "系统", str(user.pk))
    assert event.after["role"] == Role.ADMIN and "password" not in event.after


def test_an_admin_may_be_given_a_region(monkeypatch):
    monkeypatch.setenv("FANGFAN_ADMIN_PASSWORD", PASSWORD)

    output = create_admin("--username", "shanting-admin", "--region", SHANTING[:6])

    user = User.objects.get(username="shanting-admin")
    assert user.region_id == SHANTING
    assert "山亭区" in output
    assert AuditEvent.objects.get(action="accounts.user.create").region_id == SHANTING


def test_the_password_may_be_typed_at_the_prompt(monkeypatch):
    # given no password in the environment and a terminal
    monkeypatch.delenv("FANGFAN_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))

    create_admin("--username", "admin")

    assert User.objects.get(username="admin").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc12", "密码长度太短，至少须有8个字符"),
        ("abcdefgh", "密码须包含大写字母、小写字母、数字、符号中的至少3类"),
        ("Password1", "密码"),
    ],
)
def test_a_weak_password_is_refused_in_chinese_and_nothing_is_created(monkeypatch, password, message):
    # given a weak password in the environment
    monkeypatch.setenv("FANGFAN_ADMIN_PASSWORD", password)

    # when the installer tries to create the administrator
    with pytest.raises(CommandError) as refused:
        create_admin("--username", "admin")

    # then the refusal says why, in Chinese, and nothing was created or audited
    assert str(refused.value).startswith("未创建账户。密码不符合要求：")
    assert message in str(refused.value)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_taken_username_or_an_unknown_region_is_refused_and_nothing_changes(monkeypatch):
    monkeypatch.setenv("FANGFAN_ADMIN_PASSWORD", PASSWORD)
    create_admin("--username", "admin")
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError, match="用户名：已存在一位使用该名字的用户"):
        create_admin("--username", "admin")
    with pytest.raises(CommandError, match="区划代码“999999”不存在"):
        create_admin("--username", "admin2", "--region", "999999")

    assert list(User.objects.values_list("username", flat=True)) == ["admin"]
    assert AuditEvent.objects.count() == events


def test_without_a_password_and_without_a_terminal_nothing_is_created(monkeypatch):
    monkeypatch.delenv("FANGFAN_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="FANGFAN_ADMIN_PASSWORD"):
        create_admin("--username", "admin")

    assert not User.objects.exists()
