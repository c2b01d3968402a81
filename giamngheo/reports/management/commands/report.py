"""`giamngheo report review --unit CODE --year YEAR [--standard ID] -o FILE.xlsx`: the
fifteen official review reports of a commune or province as one workbook. Exit 2, with
the reason in Vietnamese, for an unknown unit or a unit and year without results."""

from pathlib import Path

from django.core.management.base import CommandError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.reports.official.build import NoReportData, build_report_set, default_standard
from giamngheo.reports.official.workbook import write_workbook
from giamngheo.standards.engine.catalogue import standard_files


class Command(OfficerCommand):
    help = "Write the official review reports of a unit and year as an Excel workbook."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="report", required=True)
        review = commands.add_parser("review", help="the fifteen reports of the periodic review")
        review.add_argument("--unit", required=True, help="current code of a province or commune, e.g. 56")
        review.add_argument("--year", required=True, type=int, help="review (survey) year")
        review.add_argument(
            "--standard", default="", help="standard id (default: the one used most that year)"
        )
        review.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, unit: str, year: int, standard: str, output: str, **options):
        found = AdminUnit.objects.filter(
            code=unit.strip(), era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE]
        ).first()
        if found is None:
            raise CommandError(f"Không có tỉnh hoặc xã/phường hiện hành mã {unit}.", returncode=2)
        if standard and standard not in standard_files():
            raise CommandError(f"Không có chuẩn nghèo mã {standard}.", returncode=2)
        standard = standard or default_standard(found, year)
        if not standard:
            raise CommandError(f"{found.name} chưa có kết quả rà soát chính thức năm {year}.", returncode=2)
        try:
            report = build_report_set(found, year, standard, None)
        except NoReportData as reason:
            raise CommandError(str(reason), returncode=2) from reason
        Path(output).write_bytes(write_workbook(report))
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi 15 biểu báo cáo của {found.name} năm {year} vào {output}.")
        )
