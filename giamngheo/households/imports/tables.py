"""From raw sheets to typed tables: pick the households and members sheets, find
the header row, map headers to fields and build one Polars frame of text per
sheet, each row carrying its Excel row number in `_row`."""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from giamngheo.core.sheets import Cell, Sheet
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


def build_tables(sheets: list[Sheet]) -> Tables:
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


def _find_sheet(sheets: list[Sheet], names: tuple[str, ...]) -> Sheet | None:
    wanted = {fold(name) for name in names}
    return next((sheet for sheet in sheets if fold(sheet.name) in wanted), None)


def _flat_tables(sheet: Sheet) -> Tables:
    header_index = _header_index(sheet.rows, (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS))
    header = sheet.rows[header_index] if sheet.rows else []
    has_members = bool(_positions(header, MEMBER_COLUMNS[1:]))
    households = _table(sheet, HOUSEHOLD_COLUMNS, header_index)
    members = _table(sheet, MEMBER_COLUMNS, header_index) if has_members else None
    return Tables(households, members, [], flat=has_members)


def _table(sheet: Sheet, columns: tuple[Column, ...], header_index: int | None = None) -> Table:
    if header_index is None:
        header_index = _header_index(sheet.rows, columns)
    header = sheet.rows[header_index] if sheet.rows else []
    positions = _positions(header, columns)
    headers = {
        c.field: (str(header[positions[c.field]]).strip() if c.field in positions else c.header)
        for c in columns
    }
    table = Table(
        sheet.name,
        header_index + 1,
        positions,
        headers,
        _frame(sheet.rows[header_index + 1 :], positions, header_index),
    )
    for column in columns:
        if column.required and column.field not in positions:
            table.problems.append(
                Problem(
                    sheet.name, header_index + 1, column.header, _missing_message(column, header, columns)
                )
            )
    return table


def _missing_message(column: Column, header: list[Cell], columns: tuple[Column, ...]) -> str:
    known = set().union(*(c.header_keys() for c in columns))
    unknown = [
        str(cell).strip() for cell in header if cell not in (None, "") and header_key(str(cell)) not in known
    ]
    message = f"Thiếu cột bắt buộc '{column.header}'."
    if unknown:
        message += " Các cột không nhận ra: " + ", ".join(f"'{name}'" for name in unknown) + "."
    return message + " Hãy dùng đúng tên cột như tệp mẫu."


def _header_index(rows: list[list[Cell]], columns: tuple[Column, ...]) -> int:
    """The row (among the first few) naming the most known columns; exports put a title above it."""
    best, best_count = 0, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        count = len(_positions(row, columns))
        if count > best_count:
            best, best_count = index, count
    if best_count == 0:
        return next((i for i, row in enumerate(rows) if any(cell not in (None, "") for cell in row)), 0)
    return best


def _positions(header: list[Cell], columns: tuple[Column, ...]) -> dict[str, int]:
    keys = {key: column.field for column in columns for key in column.header_keys()}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = keys.get(header_key(str(cell))) if cell not in (None, "") else None
        if name and name not in positions:
            positions[name] = index
    return positions


def _frame(rows: list[list[Cell]], positions: dict[str, int], header_index: int) -> pl.DataFrame:
    numbered = [
        (header_index + 2 + i, row)
        for i, row in enumerate(rows)
        if any(cell not in (None, "") for cell in row)
    ]
    columns = [pl.Series("_row", [number for number, _ in numbered], pl.Int64)]
    for name, index in positions.items():
        cells = [row[index] if index < len(row) else None for _, row in numbered]
        columns.append(_text_column(name, cells))
    return pl.DataFrame(columns)


def _text_column(name: str, cells: list[Cell]) -> pl.Series:
    try:  # the common case, a column of text cells, converts without a Python loop
        series = pl.Series(name, cells, pl.String, strict=True)
    except (TypeError, pl.exceptions.PolarsError):
        convert = cccd_text if name == "cccd" else text
        return pl.Series(name, [convert(cell) for cell in cells], pl.String)
    series = series.str.strip_chars()
    return series.set(series == "", None) if (series == "").any() else series


def text(cell: Cell) -> str | None:
    """A cell as the text a user typed: dates as dd/mm/yyyy, whole numbers without '.0'."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return "Có" if cell else "Không"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, dt.date):
        return f"{cell:%d/%m/%Y}"
    return str(cell)


def cccd_text(cell: Cell) -> str | None:
    """A CCCD typed into a number cell lost its leading zeros: put them back."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return f"{int(cell):012d}"
    return text(cell)
