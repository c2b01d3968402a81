"""Read, validate and (when valid) write one file, timing each stage and
reporting progress. The page, the background job and the command call this."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from giamngheo.core.sheetframes import read_frames
from giamngheo.core.sheets import SheetError
from giamngheo.households.imports.apply import ImportCounts, apply_import
from giamngheo.households.imports.errors_workbook import error_workbook
from giamngheo.households.imports.problems import MAX_PROBLEMS, FileProblem, Problem, sorted_problems
from giamngheo.households.imports.tables import build_tables
from giamngheo.households.imports.validation import validate

Progress = Callable[[int, str], None]


@dataclass
class ImportOutcome:
    counts: ImportCounts | None = None
    problems: list[Problem] = field(default_factory=list)
    error_workbook: bytes | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    households: int = 0  # rows read
    members: int = 0

    @property
    def ok(self) -> bool:
        return self.counts is not None


def import_file(name: str, content: bytes, user, progress: Progress | None = None) -> ImportOutcome:
    say = progress or (lambda _percent, _stage: None)
    outcome = ImportOutcome()
    if not getattr(user, "can_write", False):
        outcome.problems = [FileProblem("Tài khoản của bạn không có quyền nhập dữ liệu.").problem]
        return outcome
    started = time.perf_counter()
    say(5, "Đang đọc tệp")
    try:
        sheets = read_frames(name, content)
    except SheetError as error:
        outcome.problems = [FileProblem(error.message, error.sheet or "Tệp").problem]
        return outcome
    tables = build_tables(sheets)
    outcome.seconds["read"] = time.perf_counter() - started
    outcome.households = tables.households.frame.height if tables.households else 0
    outcome.members = tables.members.frame.height if tables.members else 0
    say(30, "Đang kiểm tra dữ liệu")
    started = time.perf_counter()
    checked = validate(tables, user)
    outcome.seconds["validate"] = time.perf_counter() - started
    if not checked.ok:
        outcome.problems = sorted_problems(checked.problems)[:MAX_PROBLEMS]
        say(80, "Đang tạo tệp báo lỗi")
        outcome.error_workbook = error_workbook(name, content, sheets, outcome.problems)
        return outcome
    say(60, "Đang ghi vào cơ sở dữ liệu")
    started = time.perf_counter()
    outcome.counts = apply_import(checked, user, source=name)
    outcome.seconds["write"] = time.perf_counter() - started
    return outcome
