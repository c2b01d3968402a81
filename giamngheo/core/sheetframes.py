"""Sheets as Polars frames: the columnar reader of the household import.

`read_frames` measures a file exactly as `read_sheets` does (size, type, the zip's
uncompressed size, each sheet's rows and columns; see `zipguard`) and then gives every
sheet as one frame of text, one column per spreadsheet column from A (named "0", "1",
...) and one row per spreadsheet row from row 1. Each cell holds the text `cell_text`
makes of the value `read_sheets` reads, so both readers give the same cells:

- an .xlsx/.xlsm is read by fastexcel (calamine into Arrow) with every cell as text, in
  one pass and without a Python object per cell. Text fastexcel makes of a value that
  `cell_text` writes otherwise (a date, a time, TRUE/FALSE, a number Python prints in
  exponent form) is recognised by its form; only a column holding such text is read a
  second time, typed, to tell the value from text a user typed alike;
- a workbook with an elapsed-time format ([h]:mm), an .xls, .ods or CSV goes through
  `read_sheets` and its cells are turned into text one by one.

`SheetFrame.numbers(column)` tells which cells of a column held a number (a CCCD typed
into a number cell lost its leading zeros).
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from giamngheo.core.sheets import (
    CORRUPT_MESSAGE,
    MAX_CELL_CHARS,
    PASSWORD_MESSAGE,
    Cell,
    Limits,
    Sheet,
    SheetError,
    _number,
    check_dimensions,
    column_letter,
    limits,
    prepare,
    read_prepared,
)

_DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$"
_BOOLEAN = ("true", "false")
# Numbers whose text fastexcel writes unlike Python: with decimals (fastexcel keeps nine
# significant digits), whole numbers of 17 digits or more (Python prints the double's exact
# integer value) and -0. Whole numbers below that it writes as Python does.
_NUMBER_UNLIKE_PYTHON = r"^-?(\d+\.\d+|\d{17,}|0)$"
_ELAPSED = re.compile(rb'formatCode="[^"]*\[(?:h+|m+|s+)\]', re.IGNORECASE)
_ELAPSED_BUILTIN = re.compile(rb'numFmtId="46"')


@dataclass
class SheetFrame:
    name: str
    frame: pl.DataFrame
    kind: str = "xlsx"
    _numbers: Callable[[int], pl.Series] | None = None
    _known: dict[int, pl.Series] = field(default_factory=dict)
    _rows: list[list[Cell]] | None = None  # the cells as read, when read row by row

    def numbers(self, column: int) -> pl.Series:
        """Boolean, one per row: the cell of `column` (0-based) held a number."""
        if column not in self._known:
            self._known[column] = self._numbers(column) if self._numbers else _no_numbers(self.frame)
        return self._known[column]

    @property
    def rows(self) -> list[list[Cell]]:
        """The cells as rows (for the error workbook): as read, or as text."""
        if self._rows is not None:
            return self._rows
        return [list(row) for row in self.frame.iter_rows()]


def cell_text(cell: Cell) -> str | None:
    """A cell as text, kept as typed for text (an empty one is None): dates as dd/mm/yyyy,
    whole numbers without '.0', TRUE/FALSE as Có/Không."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "Có" if cell else "Không"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return f"{cell:%d/%m/%Y}"
    return str(cell)


def read_frames(name: str, content: bytes) -> list[SheetFrame]:
    """Every sheet of the file as a frame of text, measured before it is read."""
    within = limits()
    extension = prepare(name, content, within)
    if extension in (".xlsx", ".xlsm") and not _has_elapsed_format(content):
        try:
            return _fast_frames(content, within)
        except _Unreadable:
            pass  # a value fastexcel cannot type: read row by row
    return [_from_rows(sheet) for sheet in read_prepared(extension, content, within)]


def _has_elapsed_format(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/styles.xml" not in archive.namelist():
                return False
            styles = archive.read("xl/styles.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as error:
        raise SheetError(CORRUPT_MESSAGE) from error
    return bool(_ELAPSED.search(styles) or _ELAPSED_BUILTIN.search(styles))


def _from_rows(sheet: Sheet) -> SheetFrame:
    width = max((len(row) for row in sheet.rows), default=0)
    columns = [
        pl.Series(str(c), [cell_text(row[c]) if c < len(row) else None for row in sheet.rows], pl.String)
        for c in range(width)
    ]

    def numbers(column: int) -> pl.Series:
        return pl.Series(
            [
                column < len(row)
                and isinstance(row[column], int | float)
                and not isinstance(row[column], bool)
                for row in sheet.rows
            ],
            dtype=pl.Boolean,
        )

    return SheetFrame(sheet.name, pl.DataFrame(columns), sheet.kind, numbers, _rows=sheet.rows)


class _Unreadable(Exception):
    pass


def _no_numbers(frame: pl.DataFrame) -> pl.Series:
    return pl.Series([False] * frame.height, dtype=pl.Boolean)


def _fast_frames(content: bytes, within: Limits) -> list[SheetFrame]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(content)
        return [_fast_sheet(reader, name, within) for name in reader.sheet_names]
    except SheetError:
        raise
    except BaseException as error:
        if type(error).__name__ == "PanicException":  # pyo3's, e.g. a date out of range
            raise _Unreadable from error
        if not isinstance(error, Exception):
            raise  # noqa: BLE001 - fastexcel raises its own error types
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise SheetError(PASSWORD_MESSAGE) from error
        raise SheetError(CORRUPT_MESSAGE) from error


def _load(reader, name: str, dtype: str, columns: list[int] | None = None, offset: int = 0) -> pl.DataFrame:
    """The sheet (or the `columns`, counted from A, none before `offset`, the first column
    holding a cell) with every cell as `dtype`, its columns named by their place from A."""
    sheet = reader.load_sheet(
        name,
        header_row=None,
        skip_rows=0,
        dtypes=dtype,
        use_columns=columns,
        skip_whitespace_tail_rows=False,
        whitespace_as_null=False,
    )
    frame = sheet.to_polars()
    if columns is not None:
        return frame.rename(dict(zip(frame.columns, map(str, columns), strict=True)))
    return frame.rename({info.name: str(info.absolute_index) for info in sheet.selected_columns})


def _fast_sheet(reader, name: str, within: Limits) -> SheetFrame:
    raw = _load(reader, name, "string")
    offset = min((int(c) for c in raw.columns), default=0)
    if raw.width:
        last = max(int(c) for c in raw.columns)
        check_dimensions(raw.height, last + 1, name, within)
        raw = raw.select(
            pl.when(pl.col(str(c)) != "").then(pl.col(str(c))).alias(str(c))
            if str(c) in raw.columns
            else pl.lit(None, pl.String).alias(str(c))
            for c in range(last + 1)
        )
    _check_lengths(raw, name)
    frame, known = _typed(reader, name, raw, offset)

    def numbers(column: int) -> pl.Series:
        if not offset <= column < raw.width:
            return _no_numbers(raw)
        kinds = _load(reader, name, "boolean", [column], offset).to_series()
        return kinds.is_not_null() & ~raw[str(column)].is_in(_BOOLEAN).fill_null(False)

    return SheetFrame(name, frame, "xlsx", numbers, known)


def _check_lengths(frame: pl.DataFrame, sheet: str) -> None:
    """The first cell (row by row) longer than Excel allows, as `read_sheets` reports it."""
    if frame.is_empty():
        return
    long = frame.select(pl.col(c).str.len_chars().fill_null(0).max() for c in frame.columns).row(0)
    if max(long) <= MAX_CELL_CHARS:
        return
    found = frame.with_row_index("_i").select(
        pl.col("_i").filter(pl.col(c).str.len_chars() > MAX_CELL_CHARS).min().alias(c) for c in frame.columns
    )
    row, column = min((r, int(c)) for c, r in found.row(0, named=True).items() if r is not None)
    length = len(frame[str(column)][row])
    raise SheetError(
        f"Sheet '{sheet}', ô {column_letter(column + 1)}{row + 1}: dài {_number(length)} ký tự, "
        f"vượt giới hạn {_number(MAX_CELL_CHARS)} ký tự của một ô.",
        sheet,
    )


def _typed(reader, name: str, raw: pl.DataFrame, offset: int) -> tuple[pl.DataFrame, dict[int, pl.Series]]:
    """Columns holding text that may stand for a date, a time, TRUE/FALSE or a number Python
    writes otherwise are read again typed, and those cells rewritten as `cell_text` writes them.
    Returns the frame and the number cells of the columns read again."""
    if raw.is_empty():
        return raw, {}
    flags = raw.select(
        *(pl.col(c).str.contains(_DATETIME).any().alias(f"d{c}") for c in raw.columns),
        *(
            (pl.col(c).is_in(_BOOLEAN) | pl.col(c).str.contains(_NUMBER_UNLIKE_PYTHON)).any().alias(f"n{c}")
            for c in raw.columns
        ),
    ).row(0, named=True)
    dates = [int(c) for c in raw.columns if flags[f"d{c}"]]
    values = sorted({*dates, *(int(c) for c in raw.columns if flags[f"n{c}"])})
    if not values:
        return raw, {}
    kinds = _load(reader, name, "boolean", values, offset)  # non-null: a number or TRUE/FALSE
    numbers = _load(reader, name, "float", values, offset)
    stamps = _load(reader, name, "datetime", dates, offset) if dates else pl.DataFrame()
    known, replaced = {}, []
    for column in values:
        key = str(column)
        text = raw[key]
        valued = kinds[key].is_not_null()
        known[column] = valued & ~text.is_in(_BOOLEAN).fill_null(False)
        stamp = stamps[key] if key in stamps.columns else None
        try:
            replaced.append(_rewritten(text, valued, numbers[key], stamp).alias(key))
        except (ValueError, OverflowError) as error:  # a date Python cannot hold
            raise _Unreadable from error
    return raw.with_columns(replaced), known


def _rewritten(text: pl.Series, valued: pl.Series, number: pl.Series, stamp: pl.Series | None) -> pl.Series:
    cells = text.to_list()
    flags = valued.to_list()
    values = number.to_list()
    stamps = stamp.set(valued, None).to_list() if stamp is not None else [None] * len(cells)
    out = []
    for cell, is_value, value, moment in zip(cells, flags, values, stamps, strict=True):
        if is_value and cell in _BOOLEAN:
            out.append("Có" if cell == "true" else "Không")
        elif is_value:
            out.append(cell_text(value))
        elif moment is not None:
            out.append(_moment_text(moment))
        else:
            out.append(cell)
    return pl.Series(out, dtype=pl.String)


def _moment_text(moment: dt.datetime) -> str:
    """A date or time cell as `read_sheets` gives it: a value under one day is a time."""
    if moment < dt.datetime(1900, 1, 1):
        return str(moment.time())
    return f"{moment:%d/%m/%Y}"
