"""Run the web server and the worker as children and stop them together.

Each child runs in its own process group so a terminal's Ctrl-C reaches the supervisor only,
which then stops every group once (the worker finishes its current job). Linux's parent-death
signal stops the children too if the supervisor itself is killed, so nothing is ever orphaned.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

PR_SET_PDEATHSIG = 1
STOP_GRACE_SECONDS = 30


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    reload_signal: int | None = None  # sent on SIGHUP; None means restart the child instead
    restarting: bool = field(default=False)


def _die_with_parent() -> None:
    os.setsid()
    with contextlib.suppress(OSError):  # not Linux: the groups still stop together on a normal exit
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Starts the children, forwards SIGHUP, stops all on SIGINT/SIGTERM or when one exits."""

    def __init__(self, children: list[Child], env: dict[str, str] | None = None) -> None:
        self.children = children
        self.env = env
        self.stopping = False
        self.reloading = False
        self.exit_code = 0

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv, env=self.env, preexec_fn=_die_with_parent)  # noqa: PLW1509

    def _on_stop(self, signum, frame) -> None:
        if self.stopping:  # a second Ctrl-C: no more waiting
            self._signal_all(signal.SIGKILL)
        self.stopping = True

    def _on_reload(self, signum, frame) -> None:
        self.reloading = True

    def _signal_all(self, signum: int) -> None:
        for child in self.children:
            if child.process and child.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signum)

    def _reload(self) -> None:
        self.reloading = False
        for child in self.children:
            if child.process is None or child.process.poll() is not None:
                continue
            if child.reload_signal is not None:
                child.process.send_signal(child.reload_signal)
            else:
                child.restarting = True
                os.killpg(child.process.pid, signal.SIGTERM)

    def run(self) -> int:
        previous = {sig: signal.signal(sig, self._on_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, self._on_reload)
        try:
            for child in self.children:
                self._start(child)
            self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.exit_code

    def _watch(self) -> None:
        while not self.stopping:
            if self.reloading:
                self._reload()
            for child in self.children:
                code = child.process.poll()
                if code is None:
                    continue
                if child.restarting:
                    child.restarting = False
                    self._start(child)
                    continue
                print(
                    f"giamngheo: {child.name} đã dừng (mã {code}). / {child.name} exited with code {code}.",
                    file=sys.stderr,
                )
                self.exit_code = code or 1
                return
            time.sleep(0.2)

    def _stop_all(self) -> None:
        self._signal_all(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children:
            if child.process is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        self._signal_all(signal.SIGKILL)  # anything left, gunicorn's workers included
        for child in self.children:
            if child.process is not None:
                child.process.wait()
                with contextlib.suppress(ProcessLookupError, PermissionError):  # group outlives leader
                    os.killpg(child.process.pid, signal.SIGKILL)
