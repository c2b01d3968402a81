"""A problem found in an import file: where it is and what is wrong, in Vietnamese."""

from dataclasses import asdict, dataclass

import polars as pl

MAX_PROBLEMS = 10_000


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str
    col_index: int | None = None  # 0-based position of the column in the sheet, for the error workbook

    def __str__(self) -> str:
        where = [f"Sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột '{self.column}'")
        return f"{', '.join(where)}: {self.message}"

    def english(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class FileProblem(Exception):
    """The file cannot be read at all (size, format, password, encoding)."""

    def __init__(self, message: str, sheet: str = "Tệp"):
        super().__init__(message)
        self.problem = Problem(sheet, None, None, message)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(
        problems, key=lambda p: (p.sheet, p.row or 0, p.col_index if p.col_index is not None else -1)
    )


def frame_problems(
    frame: pl.DataFrame, sheet: str, column: str | None, col_index: int | None
) -> list[Problem]:
    """Turn a frame of (`_row`, `message`) into problems located in one column."""
    return [
        Problem(sheet, row, column, message, col_index)
        for row, message in frame.select("_row", "message").iter_rows()
    ]
