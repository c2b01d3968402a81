"""`giamngheo db_worker`: django-tasks-db's worker plus a heartbeat that `/healthz` reads."""

import contextlib

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from giamngheo.ops.heartbeat import HeartbeatThread, forget


class Command(DbWorkerCommand):
    help = "Run the background worker for jobs (classification runs, imports, reports)."

    def handle(self, *args, worker_id: str, **options) -> None:
        heartbeat = HeartbeatThread(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=5)
            with contextlib.suppress(Exception):  # the database went first: the beat goes stale
                forget(worker_id)
            connection.close()
