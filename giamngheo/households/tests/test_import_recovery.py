"""An import whose worker dies mid-write is shown as interrupted, and a retry gives the
same registry as an import that was never interrupted; a cancel ends it cleanly."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.households.imports import apply, batches
from giamngheo.households.imports.models import ImportBatch, ImportState
from giamngheo.households.imports.testing import officer, snapshot, xlsx  # noqa: F401


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing catches it on the way out."""


def _killed_mid_write(monkeypatch, batch) -> None:
    real = apply._upsert_members

    def dies(*args, **kwargs):
        real(*args, **kwargs)  # members written inside the transaction, then the worker dies
        raise WorkerKilled

    monkeypatch.setattr(apply, "_upsert_members", dies)
    with pytest.raises(WorkerKilled):
        batches.run_batch(batch.pk)
    monkeypatch.setattr(apply, "_upsert_members", real)


def test_killed_import_is_interrupted_and_a_retry_equals_an_uninterrupted_run(
    client,
    geography,
    monkeypatch,
    officer,  # noqa: F811
):
    batch = batches.create_batch(officer, "ho.xlsx", xlsx())
    _killed_mid_write(monkeypatch, batch)
    batch.refresh_from_db()
    assert batch.state == ImportState.RUNNING and snapshot() == ([], [])  # nothing half-written
    assert not batch.is_interrupted  # still within the heartbeat window
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "bị gián đoạn" in page and "Chạy lại" in page
    client.post(reverse("imports:retry", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportState.DONE
    resumed = snapshot()

    ImportBatch.objects.all().delete()
    from giamngheo.households.models import Household, Member

    Member.objects.all().delete()
    Household.objects.all().delete()
    batches.run_batch(batches.create_batch(officer, "ho.xlsx", xlsx()).pk)
    assert snapshot() == resumed


def test_interrupted_import_can_be_cancelled(client, geography, officer, monkeypatch):  # noqa: F811
    batch = batches.create_batch(officer, "ho.xlsx", xlsx())
    _killed_mid_write(monkeypatch, batch)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    client.force_login(officer)
    client.post(reverse("imports:cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportState.FAILED and "huỷ" in batch.failure
    assert client.post(reverse("imports:retry", args=[batch.pk])).status_code == 403
