"""A project list or stage summary submitted before versions existed becomes its version 1:
under review if it is still submitted, returned if it was sent back (its first submission time,
which timeliness reads, is kept either way)."""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def _status(item):
    return "submitted" if item.status == "submitted" else "returned"


def forward(apps, schema_editor):
    ProjectList = apps.get_model("reports", "ProjectList")
    ProjectListVersion = apps.get_model("reports", "ProjectListVersion")
    StageSummary = apps.get_model("reports", "StageSummary")
    SummaryVersion = apps.get_model("reports", "SummaryVersion")
    for plist in ProjectList.objects.filter(submitted_at__isnull=False):
        last_month = plist.quarter * 3
        ProjectListVersion.objects.create(
            plist=plist,
            number=1,
            status=_status(plist),
            filled_by=plist.filled_by,
            phone=plist.phone,
            filled_on=plist.filled_on or timezone.localdate(plist.submitted_at),
            submitted_by=plist.submitted_by,
            submitted_at=plist.submitted_at,
            first=dt.date(plist.year, 1, 1),
            last=dt.date(plist.year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1),
            rows=plist.rows,
        )
        if plist.status != "submitted":
            plist.status = "returned"
            plist.save(update_fields=["status"])
    for summary in StageSummary.objects.filter(submitted_at__isnull=False):
        SummaryVersion.objects.create(
            summary=summary,
            number=1,
            status=_status(summary),
            filled_by=summary.filled_by,
            phone=summary.phone,
            filled_on=timezone.localdate(summary.submitted_at),
            submitted_by=summary.submitted_by,
            submitted_at=summary.submitted_at,
            as_of=summary.as_of,
            figures=summary.figures,
            experience=summary.experience,
            problems=summary.problems,
            unit_name=summary.unit_name,
        )
        if summary.status != "submitted":
            summary.status = "returned"
            summary.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_versions_of_project_lists_and_summaries")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
