"""`giamngheo demo`: everything a newcomer needs to see the system working.

Migrates the embedded database, loads the administrative units, generates a demo
province with surveys, classifies it, creates one login per role, prints them,
and serves the site with a background worker for jobs. Safe to rerun: existing
demo data is kept.
"""

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.demo.import_file import write_demo_import
from giamngheo.demo.logins import ensure_demo_users
from giamngheo.demo.rounds import build_demo_rounds
from giamngheo.households.models import Household
from giamngheo.ops.demo import require_free_port, serve_demo
from giamngheo.standards.models import ClassificationRun, RunKind, RunState
from giamngheo.standards.runs import create_run, execute_run

DEMO_PROVINCE_CODE = "56"  # Khánh Hòa, which absorbed Ninh Thuận (seed plan 2022) on 1 July 2025
DEMO_HOUSEHOLDS = 24_000
DEMO_SEED = 2025
PERIODIC_REVIEW_OPENS = (9, 1)  # 1 September (QĐ 24/2021/QĐ-TTg)


def review_year(today: dt.date) -> int:
    """The year of the latest periodic review that has opened: the demo's survey year."""
    return today.year if (today.month, today.day) >= PERIODIC_REVIEW_OPENS else today.year - 1


class Command(OfficerCommand):
    help = "Set up the demo (units, a generated province, demo logins) and serve it on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=DEMO_HOUSEHOLDS)
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="HOST:PORT to serve on")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def handle(self, *args, households: int, addrport: str, no_serve: bool, **options):
        if not no_serve:
            require_free_port(addrport)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        call_command("load_units", stdout=self.stdout)
        province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)
        today = timezone.localdate()
        year = review_year(today)
        if not Household.objects.filter(province=province).exists():
            call_command(
                "generate",
                province=province.code,
                households=households,
                seed=DEMO_SEED,
                survey_date=min(dt.date(year, 10, 1), today),
                stdout=self.stdout,
            )
        self._prepare_extras(province, year)
        build_demo_rounds(province, year)
        sample = write_demo_import(settings.DATA_DIR / "demo" / "nhap-thu.xlsx", province)
        self.stdout.write(f"Import file to try (with four deliberate errors): {sample}")
        logins = ensure_demo_users(province)
        self.stdout.write(self.style.SUCCESS(f"\nDemo province: {province.name}. Logins (password for all):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<10} / {login.password}   {login.role} — {login.unit}")
        if not no_serve:
            self.stdout.write(
                f"\nOpen http://{addrport}/ in a browser. Ctrl-C stops the server and the worker.\n"
            )
            serve_demo(addrport)

    def _prepare_extras(self, province: AdminUnit, year: int) -> None:
        """Classify the demo surveys once, so the dashboards have official results; load the
        policy catalogue, programme projects, tasks and budgets with illustrative support."""
        call_command("load_seed_plans", stdout=self.stdout)
        if not ClassificationRun.objects.filter(
            province=province, kind=RunKind.OFFICIAL, state=RunState.DONE
        ).exists():
            run = execute_run(create_run(province, year))
            self.stdout.write(f"Classified {run.households} households under the standard in force.")
        call_command("load_programs", demo=province.code, skip_seed_plans=True, stdout=self.stdout)
