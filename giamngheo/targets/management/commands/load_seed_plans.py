"""`giamngheo load_seed_plans`: load the indicator catalogue and the five seed plans
(giamngheo/targets/seed_plans/*.yaml). Idempotent: run it as often as you like."""

from giamngheo.core.commands import OfficerCommand
from giamngheo.targets.seeding import load_seed_plans


class Command(OfficerCommand):
    help = "Load the indicator catalogue and the seed plans (idempotent)."

    def handle(self, *args, **options):
        report = load_seed_plans()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed plans: {report.plans} plans, {report.targets} targets, "
                f"{report.allocations} allocations, {report.budget_lines} budget lines."
            )
        )
