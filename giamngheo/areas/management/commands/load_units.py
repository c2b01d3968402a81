import time

from giamngheo.areas.loading import load_units
from giamngheo.core.commands import OfficerCommand


class Command(OfficerCommand):
    help = "Load (or refresh) Vietnam's administrative units, before and after 1 July 2025, with the old→new mapping."

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary = load_units()
        self.stdout.write(
            f"Loaded {summary.current_provinces} provinces and {summary.current_communes} communes (since 2025-07-01); "
            f"{summary.legacy_provinces} provinces, {summary.legacy_districts} districts and "
            f"{summary.legacy_communes} communes before; {summary.successions} old→new links "
            f"and {summary.earlier_units} earlier units with their successors "
            f"in {time.perf_counter() - started:.1f} s."
        )
        for warning in summary.warnings:
            self.stderr.write(warning)
