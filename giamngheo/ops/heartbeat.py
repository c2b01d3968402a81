"""The background worker's heartbeat, read by `/healthz`."""

import contextlib
import datetime as dt
import os
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from giamngheo.ops.models import WorkerHeartbeat

BEAT_SECONDS = 10
STALE_AFTER = dt.timedelta(seconds=60)


def beat(worker_id: str, started_at: dt.datetime) -> None:
    """Record that the worker `worker_id` is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def latest_beat() -> dt.datetime | None:
    """When a worker last reported, or None if none ever did (or all stopped cleanly)."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


class HeartbeatThread(threading.Thread):
    """Beats every BEAT_SECONDS in its own database connection until stopped."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="giamngheo-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                close_old_connections()
                with contextlib.suppress(Exception):  # a locked or restarting database: next beat
                    beat(self.worker_id, self.started_at)
                self.stopping.wait(BEAT_SECONDS)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
