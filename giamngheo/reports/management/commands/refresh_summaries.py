"""`giamngheo refresh_summaries [--province CODE] [--year Y]`: recompute the summary
tables from the official classifications (all communes and years by default)."""

from django.core.management.base import CommandError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.reports.summaries import refresh_all


class Command(OfficerCommand):
    help = "Recompute the per-commune summary tables from the latest official classifications."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="current (post-2025) province code, e.g. 56")
        parser.add_argument("--year", type=int, help="survey year")

    def handle(self, *args, province: str | None, year: int | None, **options):
        if (
            province
            and not AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=province).exists()
        ):
            raise CommandError(f"Không có tỉnh hiện hành mã {province} (no current province with this code).")
        written = refresh_all(province_code=province, year=year)
        self.stdout.write(self.style.SUCCESS(f"Refreshed {written} commune summaries."))
