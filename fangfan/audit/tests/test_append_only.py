"""The audit trail can only grow: the ORM refuses changes, and on PostgreSQL so does the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from conftest import SHANTING, region
from fangfan.audit import services
from fangfan.audit.models import AccessLog, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return services.record(None, "test.change", region(SHANTING), after={"x": 1}, region_id=SHANTING)


@pytest.fixture
def access(shanting_operator):
    return services.log_access(shanting_operator, "export", object_type="registry.person", region_id=SHANTING)


@pytest.mark.parametrize("record", ["event", "access"])
def test_the_orm_refuses_to_change_or_delete_a_record(request, record):
    item = request.getfixturevalue(record)
    model = type(item)
    before = list(model.objects.values())

    item.object_repr = "改过"
    with pytest.raises(TypeError, match="只能追加"):
        item.save()
    with pytest.raises(TypeError, match="只能追加"):
        item.delete()
    with pytest.raises(TypeError, match="只能追加"):
        model.objects.filter(pk=item.pk).update(object_id="x")
    with pytest.raises(TypeError, match="只能追加"):
        model.objects.filter(pk=item.pk).delete()

    assert list(model.objects.values()) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_accesslog"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET object_id = 'x'", "DELETE FROM {table}"])
def test_the_database_refuses_raw_updates_and_deletes(event, access, table, statement):
    counts = (AuditEvent.objects.count(), AccessLog.objects.count())

    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement.format(table=table))

    assert (AuditEvent.objects.count(), AccessLog.objects.count()) == counts
    assert not AuditEvent.objects.filter(object_id="x").exists()
