"""Ctrl-C or SIGTERM stops the web server and the worker together and leaves no process behind."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from giamngheo.ops.supervisor import Child, Supervisor


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# A child that starts a grandchild and, like gunicorn's master, stops it on SIGTERM.
FAMILY = textwrap.dedent("""
    import signal, subprocess, sys, time
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    def stop(*args):
        grandchild.terminate()
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(600)
""")


def supervise_in_subprocess(tmp_path) -> subprocess.Popen:
    script = tmp_path / "supervise.py"
    script.write_text(
        "import sys\nfrom giamngheo.ops.supervisor import Child, Supervisor\n"
        f"family = [sys.executable, '-c', {FAMILY!r}]\n"
        "sys.exit(Supervisor([Child('web', family), Child('worker', family)]).run())\n"
    )
    return subprocess.Popen([sys.executable, str(script)])


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stop_signal_ends_every_child_and_grandchild(tmp_path, stop):
    supervisor = supervise_in_subprocess(tmp_path)
    assert wait_until(lambda: len(descendants(supervisor.pid)) >= 4)
    family = descendants(supervisor.pid)
    supervisor.send_signal(stop)
    assert supervisor.wait(timeout=60) == 0
    assert wait_until(lambda: not alive(family), 10), alive(family)


def test_killed_supervisor_leaves_no_orphan(tmp_path):
    supervisor = supervise_in_subprocess(tmp_path)
    assert wait_until(lambda: len(descendants(supervisor.pid)) >= 4)
    family = descendants(supervisor.pid)
    supervisor.kill()  # no chance to stop anything itself: the parent-death signal does it
    supervisor.wait()
    assert wait_until(lambda: not alive(family), 10), alive(family)


def test_a_child_that_exits_stops_the_other():
    supervisor = Supervisor(
        [Child("web", [sys.executable, "-c", "import sys; sys.exit(3)"]),
         Child("worker", [sys.executable, "-c", "import time; time.sleep(600)"])]
    )  # fmt: skip
    started = time.monotonic()
    assert supervisor.run() == 3
    assert time.monotonic() - started < 30
    assert all(child.process.poll() is not None for child in supervisor.children)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the server needs a migrated database it can reach"
)
@pytest.mark.django_db(transaction=True)
def test_serve_with_worker_stops_cleanly(tmp_path):
    """The real thing: gunicorn and the worker answer /healthz, then SIGINT leaves nothing."""
    port = 8118
    database = settings.DATABASES["default"]
    url = f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIAMNGHEO_")}
    env |= {
        "DATABASE_URL": url,
        "GIAMNGHEO_DATA_DIR": str(tmp_path),
        "GIAMNGHEO_STATIC_ROOT": str(static),
        "GIAMNGHEO_SECRET_KEY": "serve-test-" + "0123456789abcdef" * 4,
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "giamngheo",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--with-worker",
            "--workers",
            "1",
        ],
        env=env,
    )
    try:

        def healthy() -> bool:
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200
            except (urllib.error.URLError, OSError):
                return False

        assert wait_until(healthy, 120)
        family = descendants(server.pid)
        assert len(family) >= 3  # gunicorn, its worker, db_worker
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
        assert wait_until(lambda: not alive(family), 10), alive(family)
    finally:
        if server.poll() is None:
            server.kill()
