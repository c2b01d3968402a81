"""An import whose worker dies mid-write is shown as interrupted, and a retry gives the
same registry as an import that was never interrupted; a cancel ends it cleanly. The last
test kills a real `giamngheo db_worker` (SIGKILL) while it writes (`core.tests.workers`)."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from giamngheo.core import recovery
from giamngheo.core.models import BulkChange
from giamngheo.core.tests.workers import WorkerDatabase, kill_when, start_worker
from giamngheo.households.cccd import make_cccd
from giamngheo.households.imports import apply, batches, pipeline
from giamngheo.households.imports.models import ImportBatch, ImportState
from giamngheo.households.imports.tasks import run_import
from giamngheo.households.imports.testing import (  # noqa: F401
    HOUSEHOLD_HEADERS,
    MEMBER_HEADERS,
    officer,
    snapshot,
    xlsx,
)
from giamngheo.households.models import Household, Member, Survey


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


# --- A real worker killed (SIGKILL) in the middle of writing a file ----------------------

HOUSEHOLDS = 150
SURVEY_HOUSEHOLD_HEADERS = [*HOUSEHOLD_HEADERS, "Nguyên nhân nghèo", "Mong muốn thoát nghèo"]
SURVEY_MEMBER_HEADERS = [*MEMBER_HEADERS, "Trợ cấp xã hội hằng tháng"]


def _large_file() -> bytes:
    """HOUSEHOLDS households of three members with survey answers: a write that takes a while."""
    households, members = [], []
    for i in range(HOUSEHOLDS):
        code = f"NT-{i:05d}"
        households.append(
            [
                code,
                "Xã Phước Hà",
                "Thôn Một",
                f"Nguyễn Văn {i}",
                "",
                "",
                "",
                "",
                "",
                "Thiếu vốn sản xuất, kinh doanh",
                "Có",
            ]
        )
        members += [
            [code, f"Nguyễn Văn {i}", "15/03/1980", "Nam", "Chủ hộ", "Kinh", make_cccd("056", 1980, "male", i), "", ""],
            [code, f"Lê Thị {i}", "02/11/1984", "Nữ", "Vợ/chồng", "Kinh", "", "", "Có"],
            [code, f"Nguyễn Văn Con {i}", "20/07/2010", "Nam", "Con", "Kinh", "", "", ""],
        ]  # fmt: skip
    return xlsx(
        households, members, household_headers=SURVEY_HOUSEHOLD_HEADERS, member_headers=SURVEY_MEMBER_HEADERS
    )


def _registry() -> tuple[list, list, list]:
    """The households, members and open surveys (with their answers) an import leaves."""
    surveys = sorted(
        Survey.objects.values_list(
            "household__code", "state", "cause_no_capital", "wishes_to_escape", "member_answers__member__full_name",
            "member_answers__social_allowance",
        ),
        key=str,
    )  # fmt: skip
    return *snapshot(), surveys


def _writing(database: WorkerDatabase, batch_id: int) -> bool:
    """The worker reached the write (60 %) and holds its transaction open with rows in it."""
    row = database.query("SELECT progress FROM households_importbatch WHERE id = %s", (batch_id,))
    return row[0] >= 60 and database.writing()


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_mid_write_retries_to_the_registry_of_an_uninterrupted_one(
    client,
    settings,
    officer,  # noqa: F811
    tmp_path,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    content = _large_file()
    batch = batches.create_batch(officer, "ho-lon.xlsx", content)
    run_import.enqueue(batch.pk)
    database = WorkerDatabase(tmp_path)
    database.push()
    kill_when(start_worker(database, tmp_path), lambda: _writing(database, batch.pk))
    database.pull()

    batch.refresh_from_db()
    assert batch.state == ImportState.RUNNING and batch.progress == 60  # killed while writing
    assert _registry() == ([], [], []) and not BulkChange.objects.exists()  # nothing half-written
    killed = DBTaskResult.objects.get()
    assert killed.status == TaskResultStatus.RUNNING and not batch.is_interrupted  # its beat is fresh
    settings.GIAMNGHEO_JOB_SILENCE_SECONDS = 1
    deadline = time.monotonic() + 60
    while not ImportBatch.objects.get(pk=batch.pk).is_interrupted and time.monotonic() < deadline:
        time.sleep(0.1)  # the worker is dead: its beat goes silent
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "bị gián đoạn" in page and "Chạy lại" in page and "Huỷ" in page

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("imports:retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportState.DONE and batch.households_created == HOUSEHOLDS
    assert DBTaskResult.objects.get(id=killed.id).status == TaskResultStatus.FAILED  # no longer "running"
    retried = _registry()
    assert len(retried[0]) == HOUSEHOLDS and len(retried[1]) == 3 * HOUSEHOLDS  # none twice, none missing
    assert len({row[0] for row in retried[2]}) == HOUSEHOLDS
    assert len(retried[2]) == 3 * HOUSEHOLDS  # one answer per member, in one open survey per household
    assert BulkChange.objects.filter(action="import").count() == 1  # the killed write left no entry
    assert BulkChange.objects.filter(action="import_retry", user=officer).count() == 1

    Survey.objects.all().delete()
    Member.objects.all().delete()
    Household.objects.all().delete()
    again = batches.run_batch(batches.create_batch(officer, "ho-lon.xlsx", content).pk)
    assert again.state == ImportState.DONE and _registry() == retried


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("beating", [True, False])
def test_a_step_slower_than_the_silence_allowed_does_not_look_dead(
    settings,
    monkeypatch,
    officer,  # noqa: F811
    beating,
):
    """The import's beat thread writes while a long step works; without it the import looks dead."""
    settings.GIAMNGHEO_JOB_SILENCE_SECONDS = 1
    batch = batches.create_batch(officer, "ho.xlsx", xlsx())
    if not beating:
        monkeypatch.setattr(recovery.JobBeat, "touch", lambda beat: None)
    seen = []
    real = pipeline.validate

    def slow(*args, **kwargs):
        time.sleep(3)  # a check three times longer than the silence allowed
        seen.append(ImportBatch.objects.get(pk=batch.pk).is_interrupted)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "validate", slow)
    assert batches.run_batch(batch.pk).state == ImportState.DONE
    assert seen == [not beating]
