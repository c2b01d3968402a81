"""Load the official B1 scorecard thresholds of a standard from a workbook.

    giamngheo load_scorecard_tables --standard 2026-2030 bang-diem-b1.xlsx

The workbook is validated cell by cell (`standards.scorecard_tables`); any problem refuses it
whole and nothing is written. A valid workbook is kept as a new version under
DATA_DIR/scorecards/<standard>/<version>.yaml with its legal basis (a version is never
overwritten), and the load is written to the audit log.
"""

from django.conf import settings
from django.core.management.base import CommandError

from giamngheo.core.commands import OfficerCommand
from giamngheo.core.models import BulkChange
from giamngheo.standards import engine
from giamngheo.standards.scorecard_tables import ScorecardWorkbookError, read_scorecard_workbook


class Command(OfficerCommand):
    help = "Validate and store the official B1 scorecard thresholds of a standard, from a workbook."

    def add_arguments(self, parser):
        parser.add_argument("--standard", required=True)
        parser.add_argument("workbook")

    def handle(self, *args, standard: str, workbook: str, **options):
        try:
            loaded = engine.load_standard(standard)
        except engine.EngineError as error:
            raise CommandError(str(error)) from None
        try:
            tables = read_scorecard_workbook(workbook, average_defined=loaded.line("average") is not None)
        except ScorecardWorkbookError as error:
            raise CommandError(
                "Bảng điểm bị từ chối, không thay đổi gì:\n" + "\n".join(error.problems)
            ) from None
        folder = settings.DATA_DIR / "scorecards" / loaded.id
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{tables.version.replace('/', '-')}.yaml"
        if target.exists():
            raise CommandError(
                f"Phiên bản “{tables.version}” của bảng điểm chuẩn {loaded.id} đã có; hãy đặt phiên bản mới."
            )
        partial = target.with_suffix(".part")
        partial.write_text(tables.as_yaml(loaded.id), encoding="utf-8")
        partial.replace(target)
        BulkChange.objects.create(
            action="load_scorecard_tables",
            description=f"Nạp bảng điểm phiếu B1 chuẩn {loaded.id}, phiên bản {tables.version} ({tables.reference})",
            rows=sum(len(areas) for areas in tables.thresholds.values()),
        )
        self.stdout.write(f"Đã lưu bảng điểm chuẩn {loaded.id}, phiên bản {tables.version}: {target.name}")
