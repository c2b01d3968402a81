"""`giamngheo load_programs`: load the policy catalogue, the NTP 2021-2025 projects, the
seed plans' tasks and budget lines and the rules for poverty-reduction models
(giamngheo/programs/data/*.yaml). Idempotent: run it as often as you like.

Tasks and budget lines attach to the seed plans of `giamngheo load_seed_plans`, which
this command runs first. `--demo PROVINCE_CODE` adds illustrative support records,
budget figures and models to a generated province (marked as such)."""

from django.core.management import call_command
from django.core.management.base import CommandError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.programs.loading import load_programs


class Command(OfficerCommand):
    help = "Load the policy catalogue, NTP projects, seed tasks and budgets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", metavar="PROVINCE_CODE", help="also add demo data to this current province"
        )
        parser.add_argument("--skip-seed-plans", action="store_true", help="do not run load_seed_plans first")

    def handle(self, *args, demo: str | None, skip_seed_plans: bool, **options):
        if not skip_seed_plans:
            call_command("load_seed_plans", stdout=self.stdout, stderr=self.stderr)
        report = load_programs()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Programs: {report.projects} NTP projects, {report.policies} policies, {report.tasks} tasks, "
                f"{report.budget_lines} budget lines, {report.rules} model rules."
            )
        )
        if demo:
            from giamngheo.programs.demo import add_demo_data

            province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=demo).first()
            if province is None:
                raise CommandError(f"Không có tỉnh hiện hành mã {demo} (no current province with this code).")
            added = add_demo_data(province)
            self.stdout.write(self.style.SUCCESS(f"Demo data for {province.name}: {added}"))
