"""The one spreadsheet reader of every import: .xlsx/.xlsm, .xls, .ods and CSV.

A file is measured before it is read: its size, the uncompressed size of the zip
it is made of, the dimension each sheet declares and the row and column of every
cell it holds. The limits (settings `GIAMNGHEO_SHEET_MAX_ROWS`, `..._MAX_COLUMNS`,
`..._MAX_UNCOMPRESSED_MB`, `GIAMNGHEO_IMPORT_MAX_MB`) fit a province's real files;
a file over one of them is refused with a Vietnamese message naming the limit,
before any cell is turned into a Python value, so memory stays flat.

The reader knows nothing of households or support lists: it returns sheets as
rows of cells from A1 (list index + 1 is the Excel row number).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from giamngheo.core import zipguard

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
EXTENSIONS = (*EXCEL_EXTENSIONS, ".csv")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CSV_SHEET = "CSV"
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

PASSWORD_MESSAGE = "Tệp đang được đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu rồi tải lên lại."
CORRUPT_MESSAGE = (
    "Không đọc được tệp: tệp bị hỏng hoặc không phải tệp Excel hợp lệ. Hãy mở bằng Excel và lưu lại."
)
ENCODING_MESSAGE = (
    "Tệp CSV không dùng bảng mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc UTF-16). "
    "Hãy mở bằng Excel và chọn Lưu thành 'CSV UTF-8 (phân tách bằng dấu phẩy)'."
)
EXTENSION_MESSAGE = "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv)."
EMPTY_MESSAGE = "Tệp rỗng."


class SheetError(Exception):
    """The file cannot be read at all; the message is for the user, in Vietnamese."""

    def __init__(self, message: str, sheet: str | None = None):
        super().__init__(message)
        self.message = message
        self.sheet = sheet


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_uncompressed: int


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    kind: str = "xlsx"  # the extension without its dot


def limits() -> Limits:
    return Limits(
        max_bytes=getattr(settings, "GIAMNGHEO_IMPORT_MAX_MB", 50) * 1024 * 1024,
        max_rows=getattr(settings, "GIAMNGHEO_SHEET_MAX_ROWS", 1_000_000),
        max_columns=getattr(settings, "GIAMNGHEO_SHEET_MAX_COLUMNS", 60),
        max_uncompressed=getattr(settings, "GIAMNGHEO_SHEET_MAX_UNCOMPRESSED_MB", 500) * 1024 * 1024,
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_size(size: int, within: Limits | None = None) -> None:
    """Refuse a file by its size alone, before a byte of it is read."""
    cap = (within or limits()).max_bytes
    if size > cap:
        raise SheetError(
            f"Tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn {cap // 1024 // 1024} MB. "
            "Hãy chia thành nhiều tệp nhỏ hơn."
        )


def check_extension(name: str) -> str:
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise SheetError(EXTENSION_MESSAGE)
    return extension


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_dimensions(rows: int, columns: int, sheet: str, within: Limits) -> None:
    """Refuse a sheet whose last cell lies beyond the row or column limit."""
    if rows > within.max_rows:
        raise SheetError(
            f"Sheet '{sheet}' có ô dữ liệu ở dòng {_number(rows)}, vượt giới hạn "
            f"{_number(within.max_rows)} dòng. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp.",
            sheet,
        )
    if columns > within.max_columns:
        raise SheetError(
            f"Sheet '{sheet}' có ô dữ liệu ở cột {column_letter(columns)} (cột thứ {_number(columns)}), "
            f"vượt giới hạn {within.max_columns} cột. Hãy xoá các cột thừa.",
            sheet,
        )


def read_sheets(name: str, content: bytes, *, first_visible_only: bool = False) -> list[Sheet]:
    """Every sheet of the file (or only the first visible one), measured before it is read."""
    within = limits()
    extension = prepare(name, content, within)
    return read_prepared(extension, content, within, first_visible_only)


def prepare(name: str, content: bytes, within: Limits) -> str:
    """Every check made before a cell is read (size, type, format, the zip's sizes and each
    sheet's rows and columns); the file's extension."""
    check_size(len(content), within)
    extension = check_extension(name)
    if not content:
        raise SheetError(EMPTY_MESSAGE)
    if extension == ".csv":
        return extension
    if content.startswith(OLE_MAGIC) and ENCRYPTED_STREAM in content:
        raise SheetError(PASSWORD_MESSAGE)
    expected = OLE_MAGIC if extension == ".xls" else ZIP_MAGIC
    if not content.startswith(expected):
        raise SheetError(CORRUPT_MESSAGE)
    if expected == ZIP_MAGIC:
        measure_zip(content, extension, within)
    return extension


def read_prepared(extension: str, content: bytes, within: Limits, first_only: bool = False) -> list[Sheet]:
    """The sheets of a file `prepare` has measured."""
    if extension == ".csv":
        return [read_csv(content, within)]
    return _read_book(content, extension, within, first_only)


def _read_book(content: bytes, extension: str, within: Limits, first_only: bool) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = book.sheet_names
        if first_only:
            visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
            names = (visible or names)[:1]
        return [_sheet(book, sheet_name, extension, within) for sheet_name in names]
    except PasswordError as error:
        raise SheetError(PASSWORD_MESSAGE) from error
    except (CalamineError, ValueError) as error:
        raise SheetError(CORRUPT_MESSAGE) from error


def _sheet(book: CalamineWorkbook, name: str, extension: str, within: Limits) -> Sheet:
    sheet = book.get_sheet_by_name(name)
    end = sheet.end
    if end is not None:  # the range calamine holds; an .xls is bounded by its format (65,536 x 256)
        check_dimensions(end[0] + 1, end[1] + 1, name, within)
    rows = sheet.to_python(skip_empty_area=False)
    _check_cells(rows, name)
    return Sheet(name, rows, extension.lstrip("."))


def _check_cells(rows: list[list[Cell]], sheet: str) -> None:
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row, start=1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise SheetError(
                    f"Sheet '{sheet}', ô {column_letter(index)}{number}: dài {_number(len(cell))} ký tự, "
                    f"vượt giới hạn {_number(MAX_CELL_CHARS)} ký tự của một ô.",
                    sheet,
                )


def measure_zip(content: bytes, extension: str, within: Limits) -> None:
    """Refuse a zip (xlsx, ods) whose parts would uncompress beyond the limit, or whose
    sheets hold a cell beyond the row or column limit (see `zipguard`)."""

    def check(rows: int, columns: int, sheet: str) -> None:
        check_dimensions(rows, columns, sheet, within)

    try:
        zipguard.measure_zip(
            content, extension, within.max_uncompressed, within.max_rows, within.max_columns, check
        )
    except zipguard.TooLarge as error:
        raise _uncompressed_error(error.size, within) from error
    except zipguard.Corrupt as error:
        raise SheetError(CORRUPT_MESSAGE) from error


def _uncompressed_error(size: int, within: Limits) -> SheetError:
    return SheetError(
        f"Tệp khi giải nén nặng hơn {size // 1024 // 1024} MB, vượt giới hạn "
        f"{within.max_uncompressed // 1024 // 1024} MB. Hãy xoá dữ liệu thừa hoặc chia thành nhiều tệp."
    )


def read_csv(content: bytes, within: Limits | None = None) -> Sheet:
    """A CSV in UTF-8 (with or without BOM), comma, semicolon or tab separated."""
    within = within or limits()
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError(ENCODING_MESSAGE, CSV_SHEET)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(ENCODING_MESSAGE, CSV_SHEET) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    csv.field_size_limit(MAX_CELL_CHARS)
    rows: list[list[Cell]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([cell if cell != "" else None for cell in row])
            check_dimensions(len(rows), len(row), CSV_SHEET, within)
    except csv.Error as error:
        raise SheetError(
            f"Tệp CSV có một ô dài hơn {_number(MAX_CELL_CHARS)} ký tự hoặc sai định dạng "
            f"(dòng {len(rows) + 1}).",
            CSV_SHEET,
        ) from error
    return Sheet(CSV_SHEET, rows, "csv")


def check_upload(name: str, size: int) -> None:
    """What a form checks of an upload before reading a byte of it: its size and its type."""
    check_size(size)
    check_extension(name)
