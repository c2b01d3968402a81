"""Jobs that recover from a worker that died (killed, out of memory, machine restarted).

A long job beats while it works. One still running whose beat has been silent for longer
than `GIAMNGHEO_JOB_SILENCE_SECONDS` lost its worker: its page shows it as interrupted and
offers to resume or retry it and to cancel it.

- Jobs with a model of their own (imports, classification runs) keep the beat in a column
  (`RecoverableJob`) written with every step of progress.
- Every background task (django-tasks) also beats into a small file under the data folder
  while it runs (`connect`), which is how `core.jobs` tells an interrupted file or catalogue
  job from one still at work: those tasks have no model of their own to write to.
"""

import contextlib
import datetime as dt
import re
import threading
from pathlib import Path

from django.conf import settings
from django.db import models
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

    class Meta:
        abstract = True

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


class TaskBeat(threading.Thread):
    """Touches the task's beat file until stopped; no database, so it never waits on a lock."""

    def __init__(self, task_id: str) -> None:
        super().__init__(name=f"giamngheo-job-beat-{task_id}", daemon=True)
        self.path = _beat_file(task_id)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(beat_every()):
            self.touch()

    def touch(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):  # a full or read-only disk: the job goes on silently
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        if self.path is not None:
            self.path.unlink(missing_ok=True)


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
