"""`giamngheo serve`: the production web server (gunicorn), optionally with the background worker."""

import os
import sys

from django.core.management.base import BaseCommand

from giamngheo.ops.preflight import serve_problems
from giamngheo.ops.server import DEFAULT_BIND, BindError, check_port_free, gunicorn_argv, worker_argv
from giamngheo.ops.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = "Serve the site in production (gunicorn, static files by WhiteNoise); --with-worker runs jobs too."
    requires_system_checks = []  # serve's own checks print one line each, never a traceback

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=os.environ.get("GIAMNGHEO_BIND", DEFAULT_BIND), help="HOST:PORT"
        )
        parser.add_argument("--workers", type=int, default=_env_int("GIAMNGHEO_WEB_WORKERS"))
        parser.add_argument("--threads", type=int, default=_env_int("GIAMNGHEO_WEB_THREADS"))
        parser.add_argument(
            "--timeout", type=int, default=120, help="seconds before a stuck request is killed"
        )
        parser.add_argument("--with-worker", action="store_true", help="also run giamngheo db_worker")

    def handle(self, *args, bind: str, workers, threads, timeout: int, with_worker: bool, **options):
        problems = serve_problems()
        try:
            check_port_free(bind)
        except BindError as error:
            problems.append(str(error))
        if problems:
            self.stderr.write(f"giamngheo serve: {problems[0]}")
            sys.exit(2)
        children = [Child("web", gunicorn_argv(bind, workers, threads, timeout), reload_signal=1)]  # SIGHUP
        if with_worker:
            children.append(Child("worker", worker_argv()))
        self.stdout.write(
            f"giamngheo serve: http://{bind}/ ({'web + worker' if with_worker else 'web'}); Ctrl-C stops."
        )
        self.stdout.flush()
        sys.exit(Supervisor(children).run())


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None
