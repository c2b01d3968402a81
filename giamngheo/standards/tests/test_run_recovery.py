"""A classification run whose worker dies is shown as interrupted; resuming it gives the same
rows, statuses and summaries as an uninterrupted run; cancelling ends it; only a user who may
run it for its unit sees and uses either button, and both are audited.

The main test kills a real `giamngheo db_worker` (SIGKILL) in the middle of a province run
(`core.tests.workers`)."""

import datetime as dt
import time

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import make_unit
from giamngheo.accounts.models import Role
from giamngheo.areas.models import AreaType, Level
from giamngheo.core import recovery
from giamngheo.core.models import BulkChange
from giamngheo.core.tests.workers import WorkerDatabase, kill_when, start_worker
from giamngheo.households.models import Household
from giamngheo.standards import runs
from giamngheo.standards.models import Classification, ClassificationRun, RunState
from giamngheo.standards.tasks import run_classification

COMMUNES = 24
INCOMES = (900_000, 1_600_000, 2_400_000, 4_000_000)  # poor, near poor or not, by the 2022-2025 lines


@pytest.fixture
def province_households(geography, surveyed):
    province = geography["province"]
    for i in range(COMMUNES):
        commune = make_unit(f"229{i:02d}", f"Xã Thử {i}", Level.COMMUNE, province, area_type=AreaType.RURAL)
        for k in range(2):
            surveyed(commune, INCOMES[(i + k) % len(INCOMES)], uses_internet=bool(i % 3))
    return province


@pytest.fixture
def province_officer(geography, make_user):
    return make_user("can-bo-tinh", Role.PROVINCE_OFFICER, geography["province"])


def outcome(run: ClassificationRun) -> tuple[list, list, list]:
    """What a run decides: its rows, the households' statuses and the summaries."""
    rows = sorted(
        Classification.objects.filter(run=run).values_list(
            "survey_id", "household_id", "commune_id", "standard_id", "status", "income_line", "deprived"
        )
    )
    statuses = sorted(Household.objects.values_list("pk", "current__status"))
    summaries = sorted(  # the summaries listen to the run (reports); the test reads them by name
        apps.get_model("reports", "CommuneSummary")
        .objects.filter(year=run.year)
        .values_list("commune_id", "standard_id", "households", "people")
    )
    return rows, statuses, summaries


def progress(database: WorkerDatabase, run_id: int) -> tuple[str, int, int]:
    """(state, done communes, communes with stored rows) as the worker left them."""
    return database.query(
        "SELECT state, done_communes, (SELECT COUNT(DISTINCT commune_id) FROM standards_classification"
        " WHERE run_id = %s) FROM standards_classificationrun WHERE id = %s",
        (run_id, run_id),
    )


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_is_killed_resumes_to_the_result_of_an_uninterrupted_run(
    client, settings, province_households, province_officer, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = runs.create_run(province_households, 2024, province_officer, standard_id="2022-2025")
    run_classification.enqueue(run.pk)
    database = WorkerDatabase(tmp_path)
    database.push()
    worker = start_worker(database, tmp_path, GIAMNGHEO_RUN_BATCH_HOUSEHOLDS="1")  # many points to die at
    kill_when(worker, lambda: progress(database, run.pk)[2] >= 1)  # a first commune stored
    state, _, stored = progress(database, run.pk)
    assert state == RunState.RUNNING and 1 <= stored < COMMUNES, (state, stored)  # killed mid-run
    database.pull()
    killed = DBTaskResult.objects.get()  # the task the dead worker held stays "running"...
    assert killed.status == TaskResultStatus.RUNNING

    run.refresh_from_db()
    assert run.state == RunState.RUNNING and not run.is_interrupted  # its beat is still fresh
    ClassificationRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    client.force_login(province_officer)
    page = client.get(reverse("standards:run_detail", args=[run.pk])).content.decode()
    assert "bị gián đoạn" in page and "Chạy tiếp" in page and "Huỷ" in page

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("standards:run_resume", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.done_communes == run.total_communes
    assert DBTaskResult.objects.get(id=killed.id).status == TaskResultStatus.FAILED  # ...until resumed
    resumed = outcome(run)
    assert len(resumed[0]) == Household.objects.count() == 2 * COMMUNES  # no row twice, none missing
    assert run.households == 2 * COMMUNES
    assert BulkChange.objects.filter(action="classification_resume", user=province_officer).count() == 1

    again = runs.execute_run(runs.create_run(province_households, 2024, standard_id="2022-2025"))
    uninterrupted = outcome(again)
    assert [row[:2] + row[3:] for row in resumed[0]] == [row[:2] + row[3:] for row in uninterrupted[0]]
    assert resumed[1:] == uninterrupted[1:]
    assert len({status for _, status in resumed[1]}) >= 3  # the incomes give several statuses


def _interrupted_run(geography, user) -> ClassificationRun:
    run = runs.create_run(geography["province"], 2024, user, standard_id="2022-2025")
    ClassificationRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING, total_communes=2, heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    run.refresh_from_db()
    return run


def test_a_resumed_run_keeps_what_its_first_attempt_stored(geography, surveyed, province_officer):
    for commune, income in ((geography["commune"], 900_000), (geography["urban"], 5_000_000)):
        surveyed(commune, income)
    run = runs.create_run(geography["province"], 2024, province_officer, standard_id="2022-2025")
    runs.execute_run(runs.create_run(geography["commune"], 2024, standard_id="2022-2025"))
    first = Classification.objects.filter(commune=geography["commune"]).first()
    Classification.objects.filter(pk=first.pk).update(run=run)  # as if its batch had committed
    assert runs.stored_communes(run) == {geography["commune"].pk}
    done = runs.execute_run(run)
    rows = Classification.objects.filter(run=run)
    assert done.households == 2 and rows.count() == 2 and rows.filter(pk=first.pk).exists()


def test_an_interrupted_run_can_be_cancelled_and_not_resumed_after(client, geography, province_officer):
    run = _interrupted_run(geography, province_officer)
    client.force_login(province_officer)
    assert "Bị gián đoạn" in client.get(reverse("standards:runs")).content.decode()
    client.post(reverse("standards:run_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == RunState.FAILED and "huỷ" in run.error and not run.is_interrupted
    assert BulkChange.objects.filter(action="classification_cancel", user=province_officer).exists()
    assert client.post(reverse("standards:run_resume", args=[run.pk])).status_code == 403


def test_only_a_user_who_may_run_it_resumes_or_cancels(client, geography, make_user, province_officer):
    run = _interrupted_run(geography, province_officer)
    commune_officer = make_user(
        "xa", Role.COMMUNE_OFFICER, geography["commune"]
    )  # a province run is not theirs
    leader = make_user("lanh-dao", Role.LEADER, geography["province"])  # reads only
    stranger = make_user("khac", Role.PROVINCE_OFFICER, geography["other_province"])
    for user, seen in ((commune_officer, 404), (leader, 200), (stranger, 404)):
        client.force_login(user)
        page = client.get(reverse("standards:run_detail", args=[run.pk]))
        assert page.status_code == seen
        if seen == 200:
            assert "bị gián đoạn" in page.content.decode() and "Chạy tiếp" not in page.content.decode()
        for action in ("standards:run_resume", "standards:run_cancel"):
            assert client.post(reverse(action, args=[run.pk])).status_code in (403, 404)
    run.refresh_from_db()
    assert run.state == RunState.RUNNING and not BulkChange.objects.exists()


def test_a_running_run_with_a_live_worker_is_not_taken_twice(geography, province_officer):
    run = runs.create_run(geography["province"], 2024, province_officer, standard_id="2022-2025")
    assert runs.claim_run(run.pk) is not None  # the first task takes it
    assert runs.claim_run(run.pk) is None  # a second task for the same run leaves it alone
    ClassificationRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    assert runs.claim_run(run.pk) is not None  # its worker died: a resumed task takes it
    ClassificationRun.objects.filter(pk=run.pk).update(state=RunState.DONE)
    assert runs.claim_run(run.pk) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("beating", [True, False])
def test_a_batch_slower_than_the_silence_allowed_does_not_look_dead(
    settings, monkeypatch, geography, surveyed, province_officer, beating
):
    """The run's beat thread writes while one batch works; without it the same batch looks dead."""
    settings.GIAMNGHEO_JOB_SILENCE_SECONDS = 1
    surveyed(geography["commune"], 900_000)
    run = runs.create_run(geography["province"], 2024, province_officer, standard_id="2022-2025")
    if not beating:
        monkeypatch.setattr(recovery.JobBeat, "touch", lambda beat: None)
    seen = []
    real = runs.surveys_by_batch

    def slow(*args, **kwargs):
        for frames in real(*args, **kwargs):
            time.sleep(3)  # one batch three times longer than the silence allowed
            seen.append(ClassificationRun.objects.get(pk=run.pk).is_interrupted)
            yield frames

    monkeypatch.setattr(runs, "surveys_by_batch", slow)
    assert runs.execute_run(run).state == RunState.DONE
    assert seen == [not beating]
