"""Upload → preview → commit through the pages, with the task backend running tasks at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import SHANTING, TENGZHOU, first_village, make_id
from fangfan.accounts.roles import Role
from fangfan.audit.models import AccessLog
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


def test_batches_of_another_county_are_not_visible(
    client, tmp_path, shanting_operator, tengzhou_operator, django_capture_on_commit_callbacks
):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)
    batch = upload(
        client,
        sheet(tmp_path, [[village.code, "钱五", "123", "普通劳动力"]]),
        django_capture_on_commit_callbacks,
    )
    assert client.get(f"/imports/{batch.pk}/errors.xlsx").status_code == 200  # the batch has an error report
    client.force_login(tengzhou_operator)
    logs = AccessLog.objects.count()

    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    assert client.post(f"/imports/{batch.pk}/commit/").status_code == 404
    assert client.post(f"/imports/{batch.pk}/cancel/").status_code == 404
    assert client.get(f"/imports/{batch.pk}/errors.xlsx").status_code == 404
    assert client.get(f"/imports/{batch.pk}/errors.xlsx", {"full": "1"}).status_code == 404
    assert AccessLog.objects.count() == logs
    batch.refresh_from_db()
    assert batch.status == BatchStatus.VALIDATED


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


def _report(response):
    import io

    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()


@pytest.fixture
def batch_with_personal_data(client, tmp_path, shanting_operator, django_capture_on_commit_callbacks):
    """A batch whose bad row carries a full ID number and a phone."""
    village = first_village(SHANTING[:6])
    number = make_id(village.code)
    path = xlsx(
        tmp_path / "upload.xlsx",
        [
            ["村级区划代码", "姓名", "身份证号", "联系电话", "劳动技能", "备注"],
            [village.code, "钱五", number, "13812345678", "全劳力", "家属电话13900001111"],
        ],
    )
    client.force_login(shanting_operator)
    batch = upload(
        client, SimpleUploadedFile("台账.xlsx", path.read_bytes()), django_capture_on_commit_callbacks
    )
    return batch, number


def test_the_error_report_is_masked_unless_asked_for_in_full_by_an_unmasking_user(
    client, batch_with_personal_data
):
    batch, number = batch_with_personal_data

    masked = _report(client.get(f"/imports/{batch.pk}/errors.xlsx"))
    full = _report(client.get(f"/imports/{batch.pk}/errors.xlsx", {"full": "1"}))

    assert number not in masked[1] and "13812345678" not in masked[1]
    assert f"{number[:6]}********{number[-4:]}" in masked[1] and "138****5678" in masked[1]
    assert "家属电话139****1111" in masked[1]
    assert number in full[1] and "13812345678" in full[1]
    logs = list(AccessLog.objects.order_by("id").values_list("action", "detail"))
    assert [(a, d["unmasked"]) for a, d in logs] == [("download", False), ("download", True)]


def test_a_user_without_unmask_gets_a_masked_report_even_when_asking_for_it_in_full(
    client, make_user, batch_with_personal_data
):
    batch, number = batch_with_personal_data
    client.force_login(make_user(Role.CITY, "370400000000"))

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    report = _report(client.get(f"/imports/{batch.pk}/errors.xlsx", {"full": "1"}))

    assert "?full=1" not in page
    assert number not in report[1] and "13812345678" not in report[1]
    assert AccessLog.objects.get().detail["unmasked"] is False


def test_the_batch_page_masks_personal_data_quoted_in_messages(client, shanting_operator, tmp_path):
    number = make_id(SHANTING)
    batch = ImportBatch.objects.create(
        kind="people",
        file=sheet(tmp_path, []),
        original_name="a.xlsx",
        sha256="x",
        uploaded_by=shanting_operator,
        region=shanting_operator.region,
        status=BatchStatus.VALIDATED,
        rows=1,
        error_rows=1,
        error_count=1,
        errors=[{"row": 2, "column": "备注", "message": f"身份证号{number}与电话13812345678不符"}],
    )
    client.force_login(shanting_operator)

    page = client.get(f"/imports/{batch.pk}/").content.decode()

    assert number not in page and "13812345678" not in page
    assert f"{number[:6]}********{number[-4:]}" in page and "138****5678" in page


def test_every_bad_row_is_in_the_error_report_though_the_page_shows_the_first(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks, monkeypatch
):
    from fangfan.imports import services

    monkeypatch.setattr(services, "MAX_STORED_ERRORS", 3)
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)
    batch = upload(
        client,
        sheet(tmp_path, [[village.code, f"错{n}", "123", "普通劳动力"] for n in "甲乙丙丁戊己庚"]),
        django_capture_on_commit_callbacks,
    )

    page = client.get(f"/imports/{batch.pk}/").content.decode()
    report = _report(client.get(f"/imports/{batch.pk}/errors.xlsx"))

    assert (len(batch.errors), batch.error_count) == (3, 7)
    assert "仅显示前3条（共7条）" in page
    assert [row[0] for row in report[1:]] == [2, 3, 4, 5, 6, 7, 8]


def test_the_same_file_uploaded_again_says_when_it_was_imported(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks
):
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)
    content = sheet(tmp_path, [[village.code, "孙六", make_id(village.code), "普通劳动力"]]).read()
    first = upload(client, SimpleUploadedFile("台账.xlsx", content), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{first.pk}/commit/")
    first.refresh_from_db()

    again = upload(client, SimpleUploadedFile("台账-副本.xlsx", content), django_capture_on_commit_callbacks)
    page = client.get(f"/imports/{again.pk}/").content.decode()

    day = timezone.localtime(first.finished_at).date()
    assert f"此文件已于{day.year}年{day.month}月{day.day}日导入" in page and f"批次 {first.pk}" in page
    assert (again.created, again.unchanged) == (0, 1)


def test_a_batch_cancelled_while_it_validates_stays_cancelled(
    client, tmp_path, shanting_operator, django_capture_on_commit_callbacks, monkeypatch
):
    from fangfan.imports import services
    from fangfan.registry.importing import PeopleSpec

    plan = PeopleSpec.plan

    def clerk_cancels_meanwhile(spec, rows, present):
        services.cancel(shanting_operator, ImportBatch.objects.get())
        return plan(spec, rows, present)

    monkeypatch.setattr(PeopleSpec, "plan", clerk_cancels_meanwhile)
    village = first_village(SHANTING[:6])
    client.force_login(shanting_operator)

    batch = upload(
        client,
        sheet(tmp_path, [[village.code, "孙六", make_id(village.code), "普通劳动力"]]),
        django_capture_on_commit_callbacks,
    )

    assert batch.status == BatchStatus.CANCELLED
    assert batch.created == 0 and not batch.can_commit
    assert client.post(f"/imports/{batch.pk}/commit/", follow=True).status_code == 200
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED and not Person.objects.exists()
