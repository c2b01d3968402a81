"""Management commands an officer runs: bad input (a missing or unreadable file, an unknown
unit code, a year that is not a number, a missing option) is answered with a Vietnamese
first line, English detail after it, and exit status 2, never a traceback."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.core.argerrors import BAD_INPUT, VietnameseErrors

FILE_ERRORS = {
    FileNotFoundError: "Không tìm thấy tệp",
    IsADirectoryError: "Đây là một thư mục, không phải tệp",
    PermissionError: "Không có quyền đọc hoặc ghi tệp",
    UnicodeDecodeError: "Tệp không đọc được (không phải văn bản UTF-8 hoặc bảng tính hợp lệ)",
}


class VietnameseParser(VietnameseErrors, CommandParser):
    def error(self, message: str):
        if not self.called_from_command_line:  # call_command: Django's CommandError
            return CommandParser.error(self, message)
        return VietnameseErrors.error(self, message)


class OfficerCommand(BaseCommand):
    """Base of the commands `giamngheo help` lists for officers and administrators."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = VietnameseParser  # Django builds a CommandParser and offers no hook for the class
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        self._from_command_line = True
        super().run_from_argv(argv)

    def execute(self, *args, **options):
        if not getattr(self, "_from_command_line", False) or options.get("traceback"):
            return super().execute(*args, **options)
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            refuse(str(error), error.returncode if error.returncode != 1 else BAD_INPUT)
        except tuple(FILE_ERRORS) as error:
            text = next(text for kind, text in FILE_ERRORS.items() if isinstance(error, kind))
            name = getattr(error, "filename", "") or ""
            refuse(f"{text}{f' {name}' if name else ''}.", BAD_INPUT, detail=str(error))


def refuse(message: str, status: int = BAD_INPUT, detail: str = "") -> None:
    sys.stderr.write(f"{message}\n")
    if detail:
        sys.stderr.write(f"{detail}\n")
    raise SystemExit(status)
