"""Load the official B1 tables (base scores, items and points, thresholds) of a standard from a workbook.

    giamngheo load_scorecard_tables --standard 2026-2030 --user quantri bang-diem-b1.xlsx

The same function as the administrator's page (`standards.scorecard_versions`): the workbook
is validated cell by cell and any problem refuses it whole, nothing written. A valid workbook
becomes a new active version with its legal basis, the one it replaces is kept, and the load
is in the audit log (under the named administrator, when `--user` is given).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from giamngheo.core.commands import OfficerCommand
from giamngheo.standards.scorecard_tables import ScorecardWorkbookError
from giamngheo.standards.scorecard_versions import load_scorecard_tables


class Command(OfficerCommand):
    help = "Validate and load the official B1 tables of a standard from a workbook."

    def add_arguments(self, parser):
        parser.add_argument("--standard", required=True)
        parser.add_argument("--user", default="", help="login of the administrator loading the tables")
        parser.add_argument("workbook")

    def handle(self, *args, standard: str, user: str, workbook: str, **options):
        loader = None
        if user:
            loader = get_user_model().objects.filter(username=user).first()
            if loader is None or not loader.sees_everything:
                raise CommandError(f"Không có quản trị viên “{user}”.")
        path = Path(workbook)
        if not path.is_file():
            raise CommandError(f"Không có tệp {workbook}.")
        try:
            version = load_scorecard_tables(standard, path.name, path.read_bytes(), loader)
        except ScorecardWorkbookError as error:
            raise CommandError(
                "Bảng điểm bị từ chối, không thay đổi gì:\n" + "\n".join(error.problems)
            ) from None
        self.stdout.write(
            f"Đã nạp bảng điểm phiếu B1 chuẩn {version.standard_id}, phiên bản {version.version}."
        )
