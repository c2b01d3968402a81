"""From sheets to tables: pick the households and members sheets, find the header
row, map headers to fields and select one Polars frame of text per sheet (column
operations on the frames the reader gives, no Python per cell), each row carrying
its Excel row number in `_row`."""

from dataclasses import dataclass, field

import polars as pl

from giamngheo.core.sheetframes import SheetFrame
from giamngheo.core.text import fold
from giamngheo.households.imports.columns import (
    CSV_SHEET,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_SHEET,
    HOUSEHOLD_SHEET_ALIASES,
    MEMBER_COLUMNS,
    MEMBER_SHEET_ALIASES,
    Column,
    header_key,
)
from giamngheo.households.imports.problems import Problem

HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based Excel row
    positions: dict[str, int]  # field -> 0-based column index
    headers: dict[str, str]  # field -> the header as written in the file (or the canonical one)
    frame: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def where(self, name: str) -> tuple[str, int | None]:
        """The column's header and position, for locating a problem."""
        return self.headers[name], self.positions.get(name)

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


@dataclass
class Tables:
    households: Table | None
    members: Table | None
    problems: list[Problem]
    # True when household and member columns came in one flat table (CSV): one row per member.
    flat: bool = False


def build_tables(sheets: list[SheetFrame]) -> Tables:
    if len(sheets) == 1 and sheets[0].name == CSV_SHEET:
        return _flat_tables(sheets[0])
    households_sheet = _find_sheet(sheets, HOUSEHOLD_SHEET_ALIASES)
    members_sheet = _find_sheet(sheets, MEMBER_SHEET_ALIASES)
    if households_sheet is None and members_sheet is None and len(sheets) == 1:
        households_sheet = sheets[0]  # a single sheet of any name holding the household list
    problems = []
    if households_sheet is None:
        names = ", ".join(f"'{sheet.name}'" for sheet in sheets)
        problems.append(
            Problem(
                HOUSEHOLD_SHEET, None, None, f"Thiếu sheet '{HOUSEHOLD_SHEET}' (tệp có các sheet: {names})."
            )
        )
    households = _table(households_sheet, HOUSEHOLD_COLUMNS) if households_sheet else None
    members = _table(members_sheet, MEMBER_COLUMNS) if members_sheet else None
    return Tables(households, members, problems)


def _find_sheet(sheets: list[SheetFrame], names: tuple[str, ...]) -> SheetFrame | None:
    wanted = {fold(name) for name in names}
    return next((sheet for sheet in sheets if fold(sheet.name) in wanted), None)


def _flat_tables(sheet: SheetFrame) -> Tables:
    header_index = _header_index(sheet.frame, (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS))
    header = _row_cells(sheet.frame, header_index)
    has_members = bool(_positions(header, MEMBER_COLUMNS[1:]))
    households = _table(sheet, HOUSEHOLD_COLUMNS, header_index)
    members = _table(sheet, MEMBER_COLUMNS, header_index) if has_members else None
    return Tables(households, members, [], flat=has_members)


def _row_cells(frame: pl.DataFrame, index: int) -> list[str | None]:
    return list(frame.row(index)) if index < frame.height else []


def _table(sheet: SheetFrame, columns: tuple[Column, ...], header_index: int | None = None) -> Table:
    if header_index is None:
        header_index = _header_index(sheet.frame, columns)
    header = _row_cells(sheet.frame, header_index)
    positions = _positions(header, columns)
    headers = {
        c.field: (str(header[positions[c.field]]).strip() if c.field in positions else c.header)
        for c in columns
    }
    table = Table(sheet.name, header_index + 1, positions, headers, _frame(sheet, positions, header_index))
    for column in columns:
        if column.required and column.field not in positions:
            table.problems.append(
                Problem(
                    sheet.name, header_index + 1, column.header, _missing_message(column, header, columns)
                )
            )
    return table


def _missing_message(column: Column, header: list[str | None], columns: tuple[Column, ...]) -> str:
    known = set().union(*(c.header_keys() for c in columns))
    unknown = [
        str(cell).strip() for cell in header if cell not in (None, "") and header_key(str(cell)) not in known
    ]
    message = f"Thiếu cột bắt buộc '{column.header}'."
    if unknown:
        message += " Các cột không nhận ra: " + ", ".join(f"'{name}'" for name in unknown) + "."
    return message + " Hãy dùng đúng tên cột như tệp mẫu."


def _header_index(frame: pl.DataFrame, columns: tuple[Column, ...]) -> int:
    """The row (among the first few) naming the most known columns; exports put a title above it."""
    best, best_count = 0, 0
    for index, row in enumerate(frame.head(HEADER_SEARCH_ROWS).iter_rows()):
        count = len(_positions(list(row), columns))
        if count > best_count:
            best, best_count = index, count
    if best_count == 0:
        filled = frame.select(_filled(frame).arg_true().first()).item() if frame.width else None
        return filled or 0
    return best


def _filled(frame: pl.DataFrame) -> pl.Expr:
    """Rows holding at least one cell (a cell of spaces counts, as in the sheet)."""
    return pl.any_horizontal(pl.col(c).is_not_null() for c in frame.columns)


def _positions(header: list[str | None], columns: tuple[Column, ...]) -> dict[str, int]:
    keys = {key: column.field for column in columns for key in column.header_keys()}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = keys.get(header_key(str(cell))) if cell not in (None, "") else None
        if name and name not in positions:
            positions[name] = index
    return positions


def _frame(sheet: SheetFrame, positions: dict[str, int], header_index: int) -> pl.DataFrame:
    frame = sheet.frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_row"))
    if "cccd" in positions:
        frame = frame.with_columns(_cccd(sheet, positions["cccd"]))
    frame = frame.slice(header_index + 1)
    if sheet.frame.width:
        frame = frame.filter(_filled(sheet.frame))
    texts = [
        _text(pl.col(str(index)) if str(index) in frame.columns else pl.lit(None, pl.String)).alias(name)
        for name, index in positions.items()
    ]
    return frame.select(pl.col("_row"), *texts)


def _text(cell: pl.Expr) -> pl.Expr:
    """A cell as the text a user typed: without the spaces around it, None when empty."""
    stripped = cell.str.strip_chars()
    return pl.when(stripped != "").then(stripped)


def _cccd(sheet: SheetFrame, index: int) -> pl.Expr:
    """A CCCD typed into a number cell lost its leading zeros: put them back."""
    name = str(index)
    if name not in sheet.frame.columns:
        return pl.lit(None, pl.String).alias(name)
    column = sheet.frame[name]
    short = column.str.contains(r"^-?[0-9]{1,11}$").fill_null(False)
    if not short.any():
        return pl.col(name)
    whole = sheet.numbers(index) & short
    return pl.when(pl.lit(whole)).then(pl.col(name).str.zfill(12)).otherwise(pl.col(name)).alias(name)
