"""Background job of the import (django-tasks): large files are imported here."""

from django_tasks import task

from giamngheo.households.imports.batches import run_batch


@task()
def run_import(batch_id: int) -> str:
    """Import one uploaded file; returns the batch's final state."""
    return run_batch(batch_id).state
