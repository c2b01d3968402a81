"""`giamngheo import_households FILE --user USERNAME`: the same import as the page,
from the command line. Exit status 2 when the file has problems; the annotated
workbook is written next to the file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from giamngheo.core.commands import OfficerCommand
from giamngheo.core.sheets import SheetError, check_size
from giamngheo.households.imports.pipeline import import_file


class ImportHouseholdsCommand(OfficerCommand):
    help = "Import households and members from an .xlsx, .xls or .csv file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="username the import is made as (area scope applies)"
        )
        parser.add_argument(
            "--errors", type=Path, help="where to write the error workbook (default: FILE-loi.xlsx)"
        )

    def handle(self, *args, file: Path, user: str, errors: Path | None, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Không có tài khoản tên {user!r} (no user named {user!r}).")
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file} (no such file).")
        try:
            check_size(file.stat().st_size)  # refuse before reading the file into memory
        except SheetError as error:
            self._refuse([error.message])
        outcome = import_file(
            file.name, file.read_bytes(), account, lambda _p, stage: self.stderr.write(f"{stage}…")
        )
        if not outcome.ok:
            lines = [str(problem) for problem in outcome.problems]
            if outcome.error_workbook:
                target = errors or file.with_name(f"{file.stem}-loi.xlsx")
                target.write_bytes(outcome.error_workbook)
                lines.append(f"Đã ghi tệp báo lỗi vào {target} (error workbook written).")
            self._refuse(lines)
        counts = outcome.counts
        stages = {"read": "đọc", "validate": "kiểm tra", "write": "ghi"}
        timing = ", ".join(
            f"{stages.get(stage, stage)} {seconds:.1f} giây" for stage, seconds in outcome.seconds.items()
        )
        self.stdout.write(
            f"Đã nhập {file.name}: {counts.households_created} hộ mới, {counts.households_updated} hộ thay đổi; "
            f"{counts.members_created} thành viên mới, {counts.members_updated} thành viên thay đổi ({timing})."
        )

    def _refuse(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(2)
