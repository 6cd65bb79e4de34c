"""The life of a batch through its services: cancellation is respected at every step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SHANTING, first_village, make_id
from fangfan.audit.models import AuditEvent
from fangfan.imports import services
from fangfan.imports.models import BatchStatus, ImportBatch
from fangfan.registry.models import Person
from fangfan.registry.tests.sheets import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(tmp_path, shanting_operator):
    village = first_village(SHANTING[:6])
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            ["村级区划代码", "姓名", "身份证号", "劳动技能"],
            [village.code, "孙六", make_id(village.code), "普通劳动力"],
        ],
    )
    return services.create_batch(
        shanting_operator, "people", SimpleUploadedFile("台账.xlsx", path.read_bytes())
    )


def test_a_batch_cancelled_before_its_validation_ran_is_not_validated_afterwards(uploaded, shanting_operator):
    services.cancel(shanting_operator, uploaded)

    services.validate(ImportBatch.objects.get(pk=uploaded.pk))

    uploaded.refresh_from_db()
    assert uploaded.status == BatchStatus.CANCELLED
    assert (uploaded.rows, uploaded.created) == (0, 0)


def test_a_batch_being_written_cannot_be_cancelled(uploaded, shanting_operator):
    services.validate(uploaded)
    services.start_commit(shanting_operator, uploaded, skip_invalid=False)

    with pytest.raises(ValidationError):
        services.cancel(shanting_operator, uploaded)

    uploaded.refresh_from_db()
    assert uploaded.status == BatchStatus.COMMITTING
    assert not AuditEvent.objects.filter(action="imports.batch.cancel").exists()


def test_a_cancelled_batch_cannot_be_committed_and_a_stray_commit_task_writes_nothing(
    uploaded, shanting_operator
):
    services.validate(uploaded)
    services.cancel(shanting_operator, uploaded)

    with pytest.raises(ValidationError):
        services.start_commit(shanting_operator, uploaded, skip_invalid=False)
    services.commit(ImportBatch.objects.get(pk=uploaded.pk), shanting_operator)

    uploaded.refresh_from_db()
    assert uploaded.status == BatchStatus.CANCELLED
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="imports.batch.commit").exists()


def test_a_clerk_of_another_county_cannot_commit_or_cancel_a_batch_and_nothing_changes(
    uploaded, tengzhou_operator
):
    # given a 山亭 batch, validated
    services.validate(uploaded)
    events = AuditEvent.objects.count()

    # when a 滕州 clerk, who may import, asks to write it or to cancel it
    with pytest.raises(PermissionDenied):
        services.start_commit(tengzhou_operator, uploaded, skip_invalid=False)
    with pytest.raises(PermissionDenied):
        services.cancel(tengzhou_operator, uploaded)

    # then the batch waits as it was, and nothing was written or audited
    uploaded.refresh_from_db()
    assert uploaded.status == BatchStatus.VALIDATED
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == events


def test_starting_a_commit_is_in_the_trail_as_the_clerk(uploaded, shanting_operator):
    services.validate(uploaded)

    services.start_commit(shanting_operator, uploaded, skip_invalid=True)

    event = AuditEvent.objects.get(action="imports.batch.start_commit")
    assert (event.actor, event.object_id, event.region_id) == (shanting_operator, str(uploaded.pk), SHANTING)
    assert event.after == {"status": BatchStatus.COMMITTING, "skip_invalid": True}
