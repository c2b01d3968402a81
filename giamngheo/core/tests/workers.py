"""A real background worker (`giamngheo db_worker`) in a subprocess, for the tests that kill
one mid-job. On PostgreSQL the worker works in the test database itself; on SQLite (whose test
database lives in memory) it works in a file copied from it, copied back after the kill."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection


class WorkerDatabase:
    """The database a worker subprocess works in: the test database on PostgreSQL, a file
    copy of the in-memory one on SQLite (`push` before the worker starts, `pull` after)."""

    def __init__(self, folder: Path) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.file = folder / "worker.sqlite3"
        database = connection.settings_dict
        if self.sqlite:
            self.url = f"sqlite:///{self.file}"
        else:
            host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
            self.url = f"postgresql://{database['USER']}@{host}:{port}/{database['NAME']}"

    def push(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def pull(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)

    def query(self, sql: str, params: tuple = ()) -> tuple:
        """The first row of `sql` (`%s` placeholders) as the worker's database holds it now."""
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=30) as reader:
                return reader.execute(sql.replace("%s", "?"), params).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def writing(self) -> bool:
        """Whether a worker holds a write transaction open (rows written, not committed)."""
        if self.sqlite:  # the write lock is free unless a transaction wrote
            probe = sqlite3.connect(self.file, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                probe.close()
        return bool(
            self.query(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                " AND query NOT ILIKE %s",
                ("%workerheartbeat%",),  # the worker's own liveness beat commits at once
            )[0]
        )


def start_worker(database: WorkerDatabase, data_dir: Path, **env: str) -> subprocess.Popen:
    """`giamngheo db_worker` on the database's queue, with `env` added to its environment."""
    environment = os.environ | {
        "DATABASE_URL": database.url,
        "GIAMNGHEO_DATA_DIR": str(data_dir),
        "GIAMNGHEO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **env,
    }
    command = [
        sys.executable,
        "-m",
        "giamngheo",
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0.1",
    ]
    return subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(worker: subprocess.Popen, ready: Callable[[], bool], *, within: float = 240) -> None:
    """SIGKILL the worker as soon as `ready()` holds; the worker is frozen (SIGSTOP) first, so
    what it left is read before anything else moves. Fails if it ended on its own first."""
    deadline = time.monotonic() + within
    try:
        while time.monotonic() < deadline and worker.poll() is None:
            if ready():
                worker.send_signal(signal.SIGSTOP)
                break
            time.sleep(0.01)
    finally:
        worker.kill()
        _, errors = worker.communicate(timeout=60)
    assert worker.returncode == -signal.SIGKILL, errors.decode(errors="replace")[-2000:]
