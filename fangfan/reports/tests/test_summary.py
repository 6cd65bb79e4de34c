"""The stage summary: the year's figures pre-filled, the district's text, submission, exports."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fangfan.reports import services
from fangfan.reports.models import ReportStatus, StageSummary, SummaryVersion, VersionStatus
from fangfan.reports.summaries import figures_of

from . import instruments as make
from .conftest import expected

pytestmark = pytest.mark.django_db
EXPERIENCE = "依托就业帮扶车间就近吸纳脱贫劳动力，建立村级就业援助台账。"
PROBLEMS = "部分乡村公益性岗位人员年龄偏大，培训参与率不高。"


@pytest.fixture
def summary(shanting_operator, shanting, shanting_records):
    item = services.start_summary(shanting_operator, shanting, 2026)
    return services.update_summary(
        shanting_operator, item, experience=EXPERIENCE, problems=PROBLEMS, unit_name="山亭区人社局"
    )


def test_the_summary_is_prefilled_with_the_years_figures_to_the_month_before_its_deadline(summary, shanting):
    figures = figures_of(summary)

    assert summary.as_of == dt.date(2026, 11, 30)
    assert [f.header for f in figures][:2] == ["劳务协作联盟个数", "特色劳务品牌个数"]
    assert figures[5].label == "就业帮扶车间个数·吸纳脱贫人口数"
    assert [f.value for f in figures] == expected(0)
    assert "first=2026-01-01" in figures[0].url and "last=2026-11-30" in figures[0].url


def submit(reviewer, summary):
    return services.submit_summary(reviewer, summary, filled_by="张三", phone="0632-1234567")


def test_submitting_freezes_the_figures_and_the_text_as_version_one_and_ends_editing(
    summary, shanting_reviewer, shanting_operator, shanting
):
    version = submit(shanting_reviewer, summary)
    make.brand(shanting, certified=dt.date(2026, 2, 1))

    summary.refresh_from_db()
    assert summary.status == ReportStatus.SUBMITTED
    assert (version.number, version.status, version.experience) == (1, VersionStatus.SUBMITTED, EXPERIENCE)
    assert [f.value for f in figures_of(summary)] == expected(0)
    with pytest.raises(ValidationError):
        services.update_summary(shanting_operator, summary, experience="x", problems="y")


def test_a_summary_without_experience_cannot_be_submitted(shanting_operator, shanting_reviewer, shanting):
    item = services.start_summary(shanting_operator, shanting, 2026)

    with pytest.raises(ValidationError) as exc:
        submit(shanting_reviewer, item)

    assert "experience" in exc.value.message_dict
    assert StageSummary.objects.get().status == ReportStatus.DRAFT
    assert not SummaryVersion.objects.exists()


def test_a_returned_summary_keeps_its_version_and_a_resubmission_is_a_new_one(
    summary, shanting_reviewer, shanting_operator, city_user
):
    first = submit(shanting_reviewer, summary)

    services.return_summary(city_user, summary, "请补充典型案例")
    services.update_summary(
        shanting_operator, summary, experience=EXPERIENCE + "补充案例。", problems=PROBLEMS
    )
    second = submit(shanting_reviewer, summary)

    first.refresh_from_db()
    assert (first.status, first.comment, first.experience) == (
        VersionStatus.RETURNED,
        "请补充典型案例",
        EXPERIENCE,
    )
    assert second.number == 2 and second.experience.endswith("补充案例。")
    assert list(summary.versions.values_list("number", flat=True)) == [1, 2]


def test_the_city_approves_the_summary_and_only_it_reopens_it(
    summary, shanting_reviewer, shanting_operator, city_user
):
    submit(shanting_reviewer, summary)

    with pytest.raises(PermissionDenied):
        services.approve_summary(shanting_reviewer, summary)
    version = services.approve_summary(city_user, summary, "同意")
    with pytest.raises(ValidationError):
        services.update_summary(shanting_operator, summary, experience="x", problems="y")
    with pytest.raises(PermissionDenied):
        services.reopen_summary(shanting_reviewer, summary, "需要补充内容")
    services.reopen_summary(city_user, summary, "需要补充内容")

    summary.refresh_from_db()
    assert summary.status == ReportStatus.DRAFT and summary.approved_version == version
    assert version.status == VersionStatus.APPROVED


def test_the_summary_exports_as_word_and_pdf(client, summary, shanting_operator, shanting):
    client.force_login(shanting_operator)

    word = client.get(reverse("reports:summary_export", args=[shanting.code, 2026, "docx"]))
    pdf = client.get(reverse("reports:summary_export", args=[shanting.code, 2026, "pdf"]))

    with zipfile.ZipFile(io.BytesIO(word.content)) as z:
        xml = z.read("word/document.xml").decode()
    assert "山亭区2026年防止返贫就业攻坚行动阶段性总结" in xml
    assert "典型经验做法" in xml and EXPERIENCE in xml and PROBLEMS in xml
    assert "截至2026年11月30日" in xml
    assert pdf.content.startswith(b"%PDF") and b"NotoSerifSC" in pdf.content
    assert client.get(reverse("reports:summary_export", args=[shanting.code, 2026, "exe"])).status_code == 404


def test_the_summary_pages_save_submit_return_and_approve(
    client, shanting_reviewer, city_user, shanting, shanting_records
):
    client.force_login(shanting_reviewer)
    page = reverse("reports:summary", args=[shanting.code, 2026])
    step = lambda action: reverse("reports:summary_action", args=[shanting.code, 2026, action])  # noqa: E731

    client.post(reverse("reports:summary_start", args=[shanting.code, 2026]))
    client.post(page, {"experience": EXPERIENCE, "problems": PROBLEMS, "unit_name": "山亭区人社局"})
    client.post(step("submit"), {"filled_by": "张三", "phone": "0632-1234567"})
    client.force_login(city_user)
    returned = client.post(step("return"), {"comment": "请补充典型案例"}, follow=True)
    client.force_login(shanting_reviewer)
    client.post(step("submit"), {"filled_by": "张三", "phone": "0632-1234567"})
    client.force_login(city_user)
    client.post(step("approve"))
    shown = client.get(page)

    item = StageSummary.objects.get()
    assert "已退回" in returned.content.decode()
    assert item.status == ReportStatus.APPROVED and item.approved_version.number == 2
    assert item.approved_version.filled_by == "张三" and len(item.approved_version.figures) == 12
    assert shown.context["version"] == item.approved_version
    assert "第1版被退回" not in shown.content.decode() and "请补充典型案例" in shown.content.decode()
