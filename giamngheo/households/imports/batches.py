"""Run an import batch: the pipeline with its progress and outcome stored on the
batch, so the page can poll it while a background job does the work."""

from django.utils import timezone

from giamngheo.core.models import BulkChange
from giamngheo.core.recovery import beats
from giamngheo.households.imports.models import ImportBatch, ImportState
from giamngheo.households.imports.pipeline import import_file

# Files up to this size are imported during the request; larger ones go to the background job.
INLINE_BYTES = 2 * 1024 * 1024


def create_batch(user, name: str, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(
        user=user, file_name=name[:255], file_size=len(content), content=content
    )


@beats(ImportBatch)
def run_batch(batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)

    def progress(percent: int, stage: str) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(
            state=ImportState.RUNNING, progress=percent, stage=stage, heartbeat_at=timezone.now()
        )

    try:
        outcome = import_file(batch.file_name, bytes(batch.content), batch.user, progress)
    except Exception as error:
        ImportBatch.objects.filter(pk=batch_id).update(
            state=ImportState.FAILED, failure=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    counts = outcome.counts
    ImportBatch.objects.filter(pk=batch_id).update(
        state=ImportState.DONE if outcome.ok else ImportState.INVALID,
        progress=100,
        stage="",
        household_rows=outcome.households,
        member_rows=outcome.members,
        households_created=counts.households_created if counts else 0,
        households_updated=counts.households_updated if counts else 0,
        members_created=counts.members_created if counts else 0,
        members_updated=counts.members_updated if counts else 0,
        errors=[problem.as_dict() for problem in outcome.problems],
        error_count=len(outcome.problems),
        error_workbook=outcome.error_workbook,
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    return batch


def retry_batch(batch: ImportBatch, user) -> ImportBatch:
    """Start an interrupted batch again from its stored file. The write is one transaction,
    so a worker that died left nothing behind: the retry equals an uninterrupted import."""
    batch.abandon_task()
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportState.QUEUED, progress=0, stage="", failure="", heartbeat_at=timezone.now()
    )
    BulkChange.objects.create(
        user=user, action="import_retry", description=f"Chạy lại lượt nhập {batch.file_name}"
    )
    return batch


def cancel_batch(batch: ImportBatch, user) -> None:
    batch.abandon_task()
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportState.FAILED, stage="", failure="Đã huỷ sau khi bị gián đoạn.", finished_at=timezone.now()
    )
    BulkChange.objects.create(
        user=user, action="import_cancel", description=f"Huỷ lượt nhập {batch.file_name}"
    )
