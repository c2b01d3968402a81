"""Any background job a page follows (files that take seconds, loading the catalogues) beats
while it runs; one whose worker died is shown as interrupted, and the person who started it
may run it again with the same arguments or cancel it (both audited)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from giamngheo.core import jobs, recovery
from giamngheo.core.filejobs import make_file
from giamngheo.core.models import BulkChange


@pytest.fixture
def database_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path


@pytest.fixture
def dead_job(client, geography, make_user, database_tasks):
    """A household export its worker took and then died on (no beat for ten minutes)."""
    user = make_user("xa", "commune_officer", geography["commune"])
    result = make_file.enqueue("households-xlsx", "q=An", user.pk)
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    client.force_login(user)
    session = client.session
    session[f"job-{result.id}"] = {"title": "Xuất danh sách hộ", "done_url": "/ho-gia-dinh/", "file": True}
    session.save()
    return user, str(result.id)


def test_an_interrupted_job_is_shown_and_run_again_with_the_same_arguments(client, dead_job):
    user, job_id = dead_job
    page = client.get(reverse("core:job", args=[job_id])).content.decode()
    assert "Bị gián đoạn" in page and 'data-job-state="interrupted"' in page
    assert "Chạy lại" in page and "Huỷ" in page and "hx-get" not in page  # no polling of a dead job

    response = client.post(reverse("core:job_retry", args=[job_id]))
    again = DBTaskResult.objects.exclude(id=job_id).get()
    assert response.url == reverse("core:job", args=[str(again.id)])
    assert again.status == TaskResultStatus.READY and again.args_kwargs["args"] == [
        "households-xlsx",
        "q=An",
        user.pk,
    ]
    assert (
        DBTaskResult.objects.get(id=job_id).status == TaskResultStatus.FAILED
    )  # no longer counted as running
    assert BulkChange.objects.filter(action="job_retry", user=user).count() == 1
    assert client.post(reverse("core:job_retry", args=[job_id])).status_code == 403  # once only


def test_an_interrupted_job_can_be_cancelled_only_by_who_started_it(client, dead_job, make_user, geography):
    user, job_id = dead_job
    other = Client()
    other.force_login(make_user("xa-2", "commune_officer", geography["commune"]))
    assert other.post(reverse("core:job_cancel", args=[job_id])).status_code == 403
    assert other.post(reverse("core:job_retry", args=[job_id])).status_code == 403
    response = client.post(reverse("core:job_cancel", args=[job_id]))
    assert response.status_code == 302 and response.url == "/ho-gia-dinh/"
    assert DBTaskResult.objects.get(id=job_id).status == TaskResultStatus.FAILED
    assert BulkChange.objects.filter(action="job_cancel", user=user).count() == 1
    assert DBTaskResult.objects.count() == 1  # nothing queued again


def test_a_running_task_beats_so_it_is_not_taken_for_dead(dead_job, settings):
    _, job_id = dead_job
    result = jobs._result(job_id)
    assert jobs.is_interrupted(result)  # started ten minutes ago, never beat
    recovery._task_started(None, task_result=result)
    try:
        assert recovery.last_task_beat(job_id) is not None and not jobs.is_interrupted(result)
    finally:
        recovery._task_finished(None, task_result=result)
    assert recovery.last_task_beat(job_id) is None  # the beat file goes with the task


def test_a_job_run_by_a_backend_beats_and_cleans_up(geography, make_user, monkeypatch, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    user = make_user("xa", "commune_officer", geography["commune"])
    seen = []
    real = recovery.TaskBeat.touch
    monkeypatch.setattr(recovery.TaskBeat, "touch", lambda beat: seen.append(beat.path) or real(beat))
    result = make_file.enqueue("households-xlsx", "", user.pk)  # the immediate backend of the tests
    assert result.status == TaskResultStatus.SUCCESSFUL and seen == [tmp_path / "jobs" / f"{result.id}.beat"]
    assert not list((tmp_path / "jobs").glob("*.beat"))
