"""Jobs that recover from a worker that died (killed, out of memory, machine restarted).

A long job beats while it works. One still running whose beat has been silent for longer
than `GIAMNGHEO_JOB_SILENCE_SECONDS` lost its worker: its page shows it as interrupted and
offers to resume or retry it and to cancel it.

- Jobs with a model of their own (imports, classification runs) keep the beat in a column
  (`RecoverableJob`), written with every step of progress and, in between, by a thread
  (`beats`), so one slow step (a batch taking longer than the silence allowed) never looks dead.
- Every background task (django-tasks) also beats into a small file under the data folder
  while it runs (`connect`), which is how `core.jobs` tells an interrupted file or catalogue
  job from one still at work: those tasks have no model of their own to write to.

When a job is found interrupted and someone resumes, retries or cancels it, the dead worker's
task row (django-tasks' database backend) is ended too (`abandon_tasks`): nothing lists it as
running any more.
"""

import contextlib
import datetime as dt
import functools
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

SAFE_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def silence() -> dt.timedelta:
    """How long a running job may stay silent before it counts as interrupted."""
    return dt.timedelta(seconds=getattr(settings, "GIAMNGHEO_JOB_SILENCE_SECONDS", 300))


def beat_every() -> float:
    """Seconds between two beats of a running task: well inside the silence allowed."""
    return max(0.05, min(10.0, silence().total_seconds() / 5))


def is_silent(last: dt.datetime | None) -> bool:
    return last is not None and timezone.now() - last > silence()


class RecoverableJob(models.Model):
    """A job with its own model: `heartbeat_at` is written with every step of its progress."""

    heartbeat_at = models.DateTimeField("tín hiệu cuối", null=True, blank=True)
    task_path = ""  # the background task that does the job, called with the job's id

    class Meta:
        abstract = True

    def abandon_task(self) -> int:
        """End the task row a dead worker left running for this job (on resume, retry, cancel)."""
        return abandon_tasks(self.task_path, (self.pk,)) if self.task_path else 0

    @property
    def is_finished(self) -> bool:  # pragma: no cover - every job model defines its own
        raise NotImplementedError

    @property
    def is_interrupted(self) -> bool:
        """Still queued or running but silent too long: its worker died."""
        if self.is_finished:
            return False
        return is_silent(self.heartbeat_at or getattr(self, "created_at", None))


# --- The beat of any background task, in a file named by the task's id -------------------


def _beat_file(task_id: str) -> Path | None:
    if not SAFE_ID.match(task_id or ""):
        return None
    return Path(settings.DATA_DIR) / "jobs" / f"{task_id}.beat"


def last_task_beat(task_id: str) -> dt.datetime | None:
    """When the task last beat, or None if it never did (or ended and cleaned up)."""
    path = _beat_file(task_id)
    try:
        mtime = path.stat().st_mtime if path else None
    except OSError:
        return None
    return None if mtime is None else dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


class Beat(threading.Thread):
    """Beats every `beat_every()` seconds until stopped (the first beat after one interval)."""

    def __init__(self, name: str) -> None:
        super().__init__(name=f"giamngheo-job-beat-{name}", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(beat_every()):
            self.touch()

    def touch(self) -> None:  # pragma: no cover - each beat defines its own
        raise NotImplementedError

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)


class TaskBeat(Beat):
    """Touches the task's beat file until stopped; no database, so it never waits on a lock."""

    def __init__(self, task_id: str) -> None:
        super().__init__(task_id)
        self.path = _beat_file(task_id)

    def touch(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):  # a full or read-only disk: the job goes on silently
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()

    def stop(self) -> None:
        super().stop()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class JobBeat(Beat):
    """Writes a `RecoverableJob`'s `heartbeat_at` until stopped, in the thread's own connection
    and outside the job's transaction, so a long step of the job still beats."""

    def __init__(self, model: type[RecoverableJob], pk: int) -> None:
        super().__init__(f"{model._meta.label_lower}-{pk}")
        self.rows = model.objects.filter(pk=pk)

    def run(self) -> None:
        try:
            super().run()
        finally:
            connection.close()  # this thread's own connection

    def touch(self) -> None:
        # A database that is locked or restarting (SQLite while the job writes): the next beat.
        with contextlib.suppress(Exception):
            self.rows.update(heartbeat_at=timezone.now())


def beats(model: type[RecoverableJob]) -> Callable:
    """Decorate the function doing a job whose first argument is the job (or its id):
    a `JobBeat` writes the job's heartbeat for as long as the function runs."""

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def beating(job: Any, *args: Any, **kwargs: Any) -> Any:
            beat = JobBeat(model, getattr(job, "pk", job))
            beat.start()
            try:
                return function(job, *args, **kwargs)
            finally:
                beat.stop()

        return beating

    return decorate


def abandon_tasks(task_path: str = "", args: tuple = (), *, task_id: str = "") -> int:
    """Mark as failed the task rows left running by a worker that died: the task with id
    `task_id`, or every running `task_path` task called with `args` (a run's or an import's
    task, found by the job's id). Returns how many were ended."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend keeps its own states
        return 0
    from django_tasks.base import TaskResultStatus

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if task_id:
        ids = list(running.filter(id=task_id).values_list("id", flat=True))
    else:
        rows = running.filter(task_path=task_path).values_list("id", "args_kwargs")
        ids = [pk for pk, called in rows if called.get("args") == list(args) and not called.get("kwargs")]
    if not ids:
        return 0
    return DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="giamngheo.core.recovery.WorkerDied",
        traceback="The worker died while running this task (its heartbeat went silent); ended on resume, retry or cancel.",
    )


class WorkerDied(Exception):
    """What an abandoned task's row names as its failure: its worker stopped beating."""


_beats: dict[str, TaskBeat] = {}
_lock = threading.Lock()


def _task_started(sender, task_result, **kwargs) -> None:
    beat = TaskBeat(str(task_result.id))
    beat.touch()
    with _lock:
        _beats[str(task_result.id)] = beat
    beat.start()


def _task_finished(sender, task_result, **kwargs) -> None:
    with _lock:
        beat = _beats.pop(str(task_result.id), None)
    if beat is not None:
        beat.stop()


def connect() -> None:
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="core.recovery.task_started")
    task_finished.connect(_task_finished, dispatch_uid="core.recovery.task_finished")
