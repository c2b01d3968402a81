"""The hostile corpus: files and values an attacker (or an unlucky officer) sends.

Big files are generated when asked for, never stored: a 5 KB workbook with one cell
at XFD100000, a compression bomb, and a workbook whose one cell holds 10 MB.
Values are rows for the import's sample workbook (see households.imports.testing).
"""

import io
import zipfile

import xlsxwriter

from giamngheo.households.imports.testing import flat_csv, sample_households, sample_members, xlsx

FORMULA_NAMES = ['=HYPERLINK("http://x.invalid","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
RTL_NAME = "Nguyễn\u202eVăn An"  # a right-to-left override hides the order of letters
NUL_NAME = "Nguyễn\x00Văn An"
UNICODE_DIGITS_CCCD = "05608000012³"
FAR_CELL = (99_999, 16_383)  # XFD100000, 0-based


def far_cell_workbook() -> bytes:
    """About 5 KB: one value at XFD100000 (the reader must refuse it without a 52 GB range)."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Hộ gia đình")
    sheet.write_string(0, 0, "Mã hộ")
    sheet.write_string(*FAR_CELL, "x")
    book.close()
    return output.getvalue()


def bomb_workbook(uncompressed_mb: int = 600) -> bytes:
    """A valid-looking .xlsx whose sheet inflates to `uncompressed_mb` megabytes of blanks."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx()), "r") as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                    head, _, tail = source.read(info).partition(b"<sheetData>")
                    part.write(head + b"<sheetData>")
                    blanks = b" " * (1 << 20)
                    for _ in range(uncompressed_mb):
                        part.write(blanks)
                    part.write(b"<sheetData>" + tail)
            else:
                bomb.writestr(info, source.read(info))
    return output.getvalue()


def with_member_name(name: str) -> bytes:
    members = sample_members()
    members[0][1] = name
    households = sample_households()
    households[0][3] = name
    return xlsx(households, members)


def with_member_cell(column: int, value) -> bytes:
    members = sample_members()
    members[1][column] = value
    return xlsx(members=members)


def csv_with_name(name: str) -> bytes:
    """XML (so .xlsx) cannot hold a NUL byte: it comes in CSV files."""
    return flat_csv().decode().replace("Nguyễn Văn An", name).encode()


# id -> (file name, file bytes factory, words the refusal must contain)
FILES = {
    "far-cell": ("xa.xlsx", far_cell_workbook, "vượt giới hạn 60 cột"),
    "bomb": ("bom.xlsx", bomb_workbook, "vượt giới hạn 500 MB"),
    "10-mb-name": ("ten-dai.csv", lambda: csv_with_name("A" * 10 * 1024 * 1024), "32.767 ký tự"),
}
HOSTILE_VALUES = {
    "nul": ("nul.csv", lambda: csv_with_name(NUL_NAME), "ký tự điều khiển"),
    "rtl": ("rtl.xlsx", lambda: with_member_name(RTL_NAME), "ký tự điều khiển"),
    "unicode-digits-cccd": ("cccd.xlsx", lambda: with_member_cell(6, UNICODE_DIGITS_CCCD), "12 chữ số"),
    "future-birth": ("sinh.xlsx", lambda: with_member_cell(2, "01/01/2090"), "sau ngày hôm nay"),
    "ancient-birth": ("sinh-som.xlsx", lambda: with_member_cell(2, "01/01/0001"), "1900"),
    "negative-date-number": ("so-am.xlsx", lambda: with_member_cell(2, -5), "dd/mm/yyyy"),
}
