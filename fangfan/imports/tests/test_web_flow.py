"""Upload → preview → commit through the pages, with the task backend running tasks at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SHANTING, TENGZHOU, first_village, make_id
from fangfan.accounts.roles import Role
from fangfan.imports.models import BatchStatus, ImportBatch
from fangfan.registry.models import Person
from fangfan.registry.tests.sheets import xlsx

pytestmark = pytest.mark.django_db


def sheet(tmp_path, rows):
    path = xlsx(tmp_path / "upload.xlsx", [["村级区划代码", "姓名", "身份证号", "劳动技能"], *rows])
    return SimpleUploadedFile("台账.xlsx", path.read_bytes())


def upload(client, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/new/people/", {"file": file})
    return ImportBatch.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_upload_previews_then_commit_writes(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks
):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)

    batch = upload(
        client,
        sheet(tmp_path, [[village.code, "孙六", make_id(village.code), "普通劳动力"]]),
        django_capture_on_commit_callbacks,
    )
    preview = client.get(f"/imports/{batch.pk}/")

    assert batch.status == BatchStatus.VALIDATED and batch.created == 1
    assert "将新增" in preview.content.decode() and "确认导入" in preview.content.decode()
    assert not Person.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/commit/")
    batch.refresh_from_db()

    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.get().name == "孙六"
    assert "已导入" in client.get(f"/imports/{batch.pk}/").content.decode()


def test_a_file_with_errors_cannot_be_committed_whole_but_its_valid_rows_can(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks
):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)
    batch = upload(
        client,
        sheet(
            tmp_path,
            [
                [village.code, "孙六", make_id(village.code), "普通劳动力"],
                [village.code, "钱五", "123", "普通劳动力"],
            ],
        ),
        django_capture_on_commit_callbacks,
    )

    whole = client.post(f"/imports/{batch.pk}/commit/", follow=True)
    assert "仅导入正确的行" in whole.content.decode()
    assert not Person.objects.exists()

    report = client.get(f"/imports/{batch.pk}/errors.xlsx")
    assert report.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/commit/", {"skip_invalid": "1"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert list(Person.objects.values_list("name", flat=True)) == ["孙六"]


def test_a_running_batch_page_polls_and_shows_progress(client, shanting_operator, tmp_path):
    client.force_login(shanting_operator)
    batch = ImportBatch.objects.create(
        kind="people",
        file=sheet(tmp_path, []),
        original_name="a.xlsx",
        sha256="x",
        uploaded_by=shanting_operator,
        region=shanting_operator.region,
        status=BatchStatus.VALIDATING,
        stage="校验",
        done=40,
        total=100,
    )

    page = client.get(f"/imports/{batch.pk}/").content.decode()

    assert 'hx-trigger="every 1s"' in page
    assert 'data-progress="40"' in page and "40 / 100" in page


def test_an_unreadable_file_fails_with_a_message_instead_of_hanging(
    client, shanting_operator, django_capture_on_commit_callbacks
):
    client.force_login(shanting_operator)
    batch = upload(
        client, SimpleUploadedFile("坏文件.xlsx", b"not a spreadsheet"), django_capture_on_commit_callbacks
    )

    assert batch.status == BatchStatus.FAILED
    assert "无法读取" in batch.failure


def test_a_file_of_another_kind_is_refused_at_upload(client, shanting_operator):
    client.force_login(shanting_operator)

    response = client.post("/imports/new/people/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})

    assert "不支持" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_batches_of_another_county_are_not_visible(client, tmp_path, shanting_operator, tengzhou_operator):
    batch = ImportBatch.objects.create(
        kind="people",
        file=sheet(tmp_path, []),
        original_name="a.xlsx",
        sha256="x",
        uploaded_by=shanting_operator,
        region=shanting_operator.region,
    )
    client.force_login(tengzhou_operator)

    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    assert client.post(f"/imports/{batch.pk}/commit/").status_code == 404
    assert client.get(f"/imports/{batch.pk}/errors.xlsx").status_code == 404


def test_a_village_worker_may_not_import(client, make_user):
    client.force_login(make_user(Role.VILLAGE_WORKER, first_village(TENGZHOU[:6]).code))

    assert client.get("/imports/new/people/").status_code == 403


def test_a_file_whose_every_row_is_bad_offers_no_commit_and_says_why(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks
):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)
    batch = upload(
        client,
        sheet(
            tmp_path, [[village.code, "钱五", "123", "普通劳动力"], [village.code, "孙六", "", "普通劳动力"]]
        ),
        django_capture_on_commit_callbacks,
    )

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(f"/imports/{batch.pk}/commit/", {"skip_invalid": "1"}, follow=True)
    batch.refresh_from_db()

    assert "全部2行都有错误，没有可导入的行" in page
    assert "没有可导入的行" in refused.content.decode()
    assert batch.status == BatchStatus.VALIDATED
    assert not Person.objects.exists()
