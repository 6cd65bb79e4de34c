"""The life of an import batch: upload → validate (preview) → commit.

Validation and commit run as tasks (django-tasks), so the page can be left
and reloaded; progress is written to the batch row as the work goes.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit

from . import engine
from .models import BatchStatus, ImportBatch
from .reader import SUFFIXES, ReadError, read_table
from .spec import spec_class

log = logging.getLogger(__name__)
MAX_STORED_ERRORS = 5000


def create_batch(actor: Any, kind: str, upload: UploadedFile, skip_invalid: bool = False) -> ImportBatch:
    spec = spec_class(kind)
    ScopePolicy.of(actor).require(spec.capability)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"不支持“{suffix or '无扩展名'}”文件，请上传 .xlsx、.xls 或 .csv 文件")
    if upload.size and upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件超过{settings.IMPORT_MAX_UPLOAD_BYTES // 1024 // 1024}MB，请分批导入")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    batch = ImportBatch.objects.create(
        kind=kind,
        file=upload,
        original_name=(upload.name or "upload")[:255],
        sha256=digest.hexdigest(),
        uploaded_by=actor,
        region=actor.region,
        skip_invalid=skip_invalid,
    )
    audit.record(
        actor,
        "imports.batch.upload",
        batch,
        after={"kind": kind, "file": batch.original_name},
        region_id=batch.region_id,
    )
    return batch


def _progress(batch: ImportBatch) -> engine.Progress:
    def report(stage: str, done: int, total: int) -> None:
        if connection.in_atomic_block and connection.vendor == "postgresql":
            _report_aside(batch.pk, stage, done, total)
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(stage=stage, done=done, total=total)

    return report


def _report_aside(pk: int, stage: str, done: int, total: int) -> None:
    """Progress of a commit, written on a connection of its own: inside the commit's transaction the
    batch row would change only when the transaction ends, and the page would stand still."""
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(ImportBatch._meta.db_table)
    try:
        with side.cursor() as cur:
            cur.execute(
                f"UPDATE {table} SET stage = %s, done = %s, total = %s WHERE id = %s",
                [stage, done, total, pk],
            )
    finally:
        side.close()


def _store(batch: ImportBatch, outcome: engine.Outcome, status: str) -> None:
    batch.status = status
    batch.rows = outcome.rows
    batch.created, batch.updated, batch.unchanged = (
        outcome.counts.created,
        outcome.counts.updated,
        outcome.counts.unchanged,
    )
    batch.error_rows = outcome.error_rows
    batch.errors = [e.as_dict() for e in outcome.errors[:MAX_STORED_ERRORS]]
    batch.done = batch.total = outcome.rows
    batch.stage = ""
    batch.finished_at = timezone.now() if status in (BatchStatus.COMMITTED, BatchStatus.REJECTED) else None
    batch.save(
        update_fields=[
            "status",
            "rows",
            "created",
            "updated",
            "unchanged",
            "error_rows",
            "errors",
            "done",
            "total",
            "stage",
            "finished_at",
        ]
    )


def _fail(batch: ImportBatch, exc: Exception) -> None:
    log.exception("import batch %s failed", batch.pk)
    batch.status = BatchStatus.FAILED
    batch.failure = (
        str(exc)
        if isinstance(exc, ReadError)
        else f"处理时发生内部错误（{exc.__class__.__name__}），数据未写入。"
    )
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "failure", "finished_at"])


def validate(batch: ImportBatch) -> ImportBatch:
    """Parse and plan without writing; the batch then shows the preview."""
    batch.status = BatchStatus.VALIDATING
    batch.save(update_fields=["status"])
    try:
        spec = spec_class(batch.kind)(batch.uploaded_by)
        table = read_table(Path(batch.file.path), batch.original_name)
        outcome = engine.run(spec, table, commit=False, progress=_progress(batch))
    except Exception as exc:  # the batch records any failure; the user sees it instead of a stuck page
        _fail(batch, exc)
        return batch
    _store(batch, outcome, BatchStatus.VALIDATED)
    return batch


def commit(batch: ImportBatch, actor: Any) -> ImportBatch:
    """Validate again against the ledger as it is now, then write (atomic or valid rows only)."""
    if batch.status != BatchStatus.COMMITTING:
        raise ValidationError("该批次当前不能导入")
    try:
        spec = spec_class(batch.kind)(actor)
        table = read_table(Path(batch.file.path), batch.original_name)
        outcome = engine.run(
            spec,
            table,
            commit=True,
            skip_invalid=batch.skip_invalid,
            progress=_progress(batch),
            context={"import_batch": batch.pk, "file": batch.original_name},
        )
    except Exception as exc:  # recorded on the batch; the transaction has rolled back
        _fail(batch, exc)
        return batch
    _store(batch, outcome, BatchStatus.COMMITTED if outcome.committed else BatchStatus.REJECTED)
    audit.record(
        actor,
        "imports.batch.commit",
        batch,
        after=outcome.counts.as_dict() | {"error_rows": outcome.error_rows, "committed": outcome.committed},
        region_id=batch.region_id,
    )
    return batch


def start_validation(batch: ImportBatch) -> None:
    from .tasks import validate_batch

    transaction.on_commit(lambda: validate_batch.enqueue(batch.pk))


def start_commit(actor: Any, batch: ImportBatch, skip_invalid: bool) -> ImportBatch:
    ScopePolicy.of(actor).require(spec_class(batch.kind).capability)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.VALIDATED:
            raise ValidationError("该批次当前不能导入（可能已在导入中或已完成）")
        locked.skip_invalid = skip_invalid
        if not locked.can_commit:
            raise ValidationError("文件中有错误行。请修改后重新上传，或选择“仅导入正确的行”")
        locked.status = BatchStatus.COMMITTING
        locked.save(update_fields=["status", "skip_invalid"])
    from .tasks import commit_batch

    transaction.on_commit(lambda: commit_batch.enqueue(locked.pk, actor.pk))
    return locked


def cancel(actor: Any, batch: ImportBatch) -> ImportBatch:
    if batch.status not in (BatchStatus.UPLOADED, BatchStatus.VALIDATED):
        raise ValidationError("只能取消尚未导入的批次")
    batch.status = BatchStatus.CANCELLED
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    audit.record(actor, "imports.batch.cancel", batch, region_id=batch.region_id)
    return batch


def error_report(batch: ImportBatch) -> bytes:
    table = read_table(Path(batch.file.path), batch.original_name)
    return engine.error_report(table, spec_class(batch.kind), batch.errors)
