"""The life of an import batch: upload → validate (preview) → commit.

Validation and commit run as tasks (django-tasks), so the page can be left
and reloaded; progress is written to the batch row as the work goes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from fangfan.accounts.policy import ScopePolicy
from fangfan.audit import services as audit

from . import engine
from .models import CANCELLABLE, BatchStatus, ImportBatch
from .reader import SUFFIXES, ReadError, read_table
from .spec import RowError, spec_class

log = logging.getLogger(__name__)
# The batch row keeps the first errors for its page; every error goes to the batch's error_log file.
MAX_STORED_ERRORS = 200


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


class Cancelled(Exception):
    """The batch was cancelled while its task was working on it."""


def _progress(batch: ImportBatch, running: str) -> engine.Progress:
    """Writes progress on the batch while it is still ``running``; a cancelled batch stops the work."""

    def report(stage: str, done: int, total: int) -> None:
        if connection.in_atomic_block and connection.vendor == "postgresql":
            # Inside a transaction the page sees progress only through a connection of its own; whether
            # the work may go on is read where the work runs (its transaction sees the batch as it is).
            _report_aside(batch.pk, running, stage, done, total)
            written = ImportBatch.objects.filter(pk=batch.pk, status=running).exists()
        else:
            written = bool(
                ImportBatch.objects.filter(pk=batch.pk, status=running).update(
                    stage=stage, done=done, total=total
                )
            )
        if not written:
            raise Cancelled

    return report


def _save_error_log(batch: ImportBatch, errors: list[RowError]) -> str:
    """Every error of the run, one JSON array per line, gzip-compressed, in the batch's storage; the
    error report reads it, so it lists every bad row however many there are. Returns the file name."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as out:
        for e in errors:
            out.write(orjson.dumps([e.row, e.column, e.message]) + b"\n")
    field = batch.error_log.field
    name = field.generate_filename(batch, f"{Path(batch.file.name or 'batch').stem}-errors.jsonl.gz")
    return field.storage.save(name, ContentFile(buffer.getvalue()))


def _report_aside(pk: int, running: str, stage: str, done: int, total: int) -> None:
    """Progress of a commit, written on a connection of its own: inside the commit's transaction the
    batch row would change only when the transaction ends, and the page would stand still."""
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(ImportBatch._meta.db_table)
    try:
        with side.cursor() as cur:
            cur.execute(
                f"UPDATE {table} SET stage = %s, done = %s, total = %s WHERE id = %s AND status = %s",
                [stage, done, total, pk, running],
            )
    finally:
        side.close()


def all_errors(batch: ImportBatch) -> list[dict[str, Any]]:
    """Every error of the batch's last run (the page stores only the first ones)."""
    if not batch.error_log:
        return list(batch.errors)
    with batch.error_log.open("rb") as raw, gzip.GzipFile(fileobj=raw) as lines:
        return [dict(zip(("row", "column", "message"), orjson.loads(line), strict=True)) for line in lines]


def _store(batch: ImportBatch, outcome: engine.Outcome, status: str, running: str) -> None:
    """Record the outcome, unless the batch left ``running`` meanwhile (it was cancelled)."""
    storage = batch.error_log.field.storage
    old_log = batch.error_log.name if batch.error_log else ""
    log_name = _save_error_log(batch, outcome.errors) if outcome.errors else ""
    fields = {
        "status": status,
        "rows": outcome.rows,
        "created": outcome.counts.created,
        "updated": outcome.counts.updated,
        "unchanged": outcome.counts.unchanged,
        "error_rows": outcome.error_rows,
        "error_count": len(outcome.errors),
        "errors": [e.as_dict() for e in outcome.errors[:MAX_STORED_ERRORS]],
        "error_log": log_name,
        "done": outcome.rows,
        "total": outcome.rows,
        "stage": "",
        "finished_at": timezone.now() if status in (BatchStatus.COMMITTED, BatchStatus.REJECTED) else None,
    }
    if not ImportBatch.objects.filter(pk=batch.pk, status=running).update(**fields):
        if log_name:
            storage.delete(log_name)
    elif old_log:
        storage.delete(old_log)
    batch.refresh_from_db()


def _fail(batch: ImportBatch, exc: Exception, running: str) -> None:
    log.exception("import batch %s failed", batch.pk)
    failure = (
        str(exc)
        if isinstance(exc, ReadError)
        else f"处理时发生内部错误（{exc.__class__.__name__}），数据未写入。"
    )
    ImportBatch.objects.filter(pk=batch.pk, status=running).update(
        status=BatchStatus.FAILED, failure=failure, finished_at=timezone.now()
    )
    batch.refresh_from_db()


def validate(batch: ImportBatch) -> ImportBatch:
    """Parse and plan without writing; the batch then shows the preview. A batch cancelled before or
    during the work stays cancelled."""
    running = BatchStatus.VALIDATING
    if not ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.UPLOADED).update(status=running):
        batch.refresh_from_db()
        return batch
    try:
        spec = spec_class(batch.kind)(batch.uploaded_by)
        table = read_table(Path(batch.file.path), batch.original_name)
        outcome = engine.run(spec, table, commit=False, progress=_progress(batch, running))
    except Cancelled:
        batch.refresh_from_db()
        return batch
    except Exception as exc:  # the batch records any failure; the user sees it instead of a stuck page
        _fail(batch, exc, running)
        return batch
    _store(batch, outcome, BatchStatus.VALIDATED, running)
    return batch


def commit(batch: ImportBatch, actor: Any) -> ImportBatch:
    """Validate again against the ledger as it is now, then write (atomic or valid rows only).

    Only a batch in COMMITTING is written: start_commit moved it there from VALIDATED under a row lock,
    and cancel() cannot take it out of that state, so a cancelled batch is never written."""
    running = BatchStatus.COMMITTING
    batch.refresh_from_db()
    if batch.status != running:
        return batch
    try:
        spec = spec_class(batch.kind)(actor)
        table = read_table(Path(batch.file.path), batch.original_name)
        outcome = engine.run(
            spec,
            table,
            commit=True,
            skip_invalid=batch.skip_invalid,
            progress=_progress(batch, running),
            context={"import_batch": batch.pk, "file": batch.original_name},
        )
    except Exception as exc:  # recorded on the batch; the transaction has rolled back
        _fail(batch, exc, running)
        return batch
    _store(batch, outcome, BatchStatus.COMMITTED if outcome.committed else BatchStatus.REJECTED, running)
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


def _authorise(actor: Any, batch: ImportBatch) -> None:
    """The actor may import this kind and the batch lies in their scope (it carries its uploader's region)."""
    policy = ScopePolicy.of(actor)
    policy.require(spec_class(batch.kind).capability)
    policy.require_region(batch.region_id)


def start_commit(actor: Any, batch: ImportBatch, skip_invalid: bool) -> ImportBatch:
    """Queue the batch's commit. Who asked for it is in the trail even when the work then fails."""
    _authorise(actor, batch)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.VALIDATED:
            raise ValidationError("该批次当前不能导入（可能已在导入中或已完成）")
        locked.skip_invalid = skip_invalid
        if locked.error_rows and locked.error_rows == locked.rows:
            raise ValidationError(
                f"全部{locked.rows}行都有错误，没有可导入的行，未写入任何数据。请修改后重新上传"
            )
        if not locked.can_commit:
            raise ValidationError("文件中有错误行。请修改后重新上传，或选择“仅导入正确的行”")
        locked.status = BatchStatus.COMMITTING
        locked.save(update_fields=["status", "skip_invalid"])
        audit.record(
            actor,
            "imports.batch.start_commit",
            locked,
            after={"status": locked.status, "skip_invalid": skip_invalid},
            region_id=locked.region_id,
        )
    from .tasks import commit_batch

    transaction.on_commit(lambda: commit_batch.enqueue(locked.pk, actor.pk))
    return locked


def cancel(actor: Any, batch: ImportBatch) -> ImportBatch:
    """Cancel a batch not yet being written; a task working on it stops at its next step."""
    _authorise(actor, batch)
    if not ImportBatch.objects.filter(pk=batch.pk, status__in=CANCELLABLE).update(
        status=BatchStatus.CANCELLED, finished_at=timezone.now()
    ):
        raise ValidationError("只能取消尚未导入的批次")
    batch.refresh_from_db()
    audit.record(actor, "imports.batch.cancel", batch, region_id=batch.region_id)
    return batch


def previous_import(user: Any, batch: ImportBatch) -> ImportBatch | None:
    """The earliest committed batch of the same kind and the very same file that the user may see."""
    return (
        ImportBatch.objects.visible_to(user)
        .filter(kind=batch.kind, sha256=batch.sha256, status=BatchStatus.COMMITTED)
        .exclude(pk=batch.pk)
        .order_by("finished_at", "pk")
        .first()
    )


def error_report(batch: ImportBatch, unmasked: bool) -> bytes:
    """The bad rows as they are in the file, with why; personal data masked unless ``unmasked``."""
    table = read_table(Path(batch.file.path), batch.original_name)
    return engine.error_report(table, spec_class(batch.kind), all_errors(batch), unmasked=unmasked)
