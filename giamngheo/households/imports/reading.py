"""Turn an uploaded file into raw sheets (lists of rows of cells).

Excel (.xlsx, .xlsm, .xls) is read with python-calamine, CSV with the csv
module. Anything that stops the file being read at all (too big, a password,
corrupt, wrong encoding) raises `FileProblem` with a message for the user.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import PurePath

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from giamngheo.households.imports.columns import CSV_SHEET
from giamngheo.households.imports.problems import FileProblem

MAX_BYTES = 50 * 1024 * 1024
EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
EXTENSIONS = (*EXCEL_EXTENSIONS, ".csv")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

PASSWORD_MESSAGE = "Tệp đang được đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu rồi tải lên lại."
CORRUPT_MESSAGE = (
    "Không đọc được tệp: tệp bị hỏng hoặc không phải tệp Excel hợp lệ. Hãy mở bằng Excel và lưu lại."
)
ENCODING_MESSAGE = (
    "Tệp CSV không dùng bảng mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc UTF-16). "
    "Hãy mở bằng Excel và chọn Lưu thành 'CSV UTF-8 (phân tách bằng dấu phẩy)'."
)


@dataclass
class RawSheet:
    name: str
    rows: list[list[Cell]]


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise FileProblem(
            f"Tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn {MAX_BYTES // 1024 // 1024} MB. "
            "Hãy chia thành nhiều tệp nhỏ hơn."
        )


def check_extension(name: str) -> str:
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise FileProblem("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (.csv).")
    return extension


def read_file(name: str, content: bytes) -> list[RawSheet]:
    """Every sheet of the file, rows from A1 (so list index + 1 is the Excel row number)."""
    check_size(len(content))
    extension = check_extension(name)
    if extension == ".csv":
        return [read_csv(content)]
    return read_excel(content, extension)


def read_excel(content: bytes, extension: str) -> list[RawSheet]:
    if content.startswith(OLE_MAGIC) and ENCRYPTED_STREAM in content:
        raise FileProblem(PASSWORD_MESSAGE)
    expected = OLE_MAGIC if extension == ".xls" else ZIP_MAGIC
    if not content.startswith(expected):
        raise FileProblem(CORRUPT_MESSAGE)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [
            RawSheet(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        ]
    except PasswordError as error:
        raise FileProblem(PASSWORD_MESSAGE) from error
    except (CalamineError, ValueError) as error:
        raise FileProblem(CORRUPT_MESSAGE) from error


def read_csv(content: bytes) -> RawSheet:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(ENCODING_MESSAGE, CSV_SHEET)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(ENCODING_MESSAGE, CSV_SHEET) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return RawSheet(CSV_SHEET, [[cell if cell != "" else None for cell in row] for row in rows])
