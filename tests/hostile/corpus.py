"""The hostile corpus: files and values an attacker (or an unlucky officer) sends.

Big files are generated when asked for, never stored: a 5 KB workbook with one cell
at XFD100000, a compression bomb, and a workbook whose one cell holds 10 MB.
Values are rows for the import's sample workbook (see households.imports.testing).
"""

import io
import zipfile

import xlsxwriter

from giamngheo.households.imports.testing import sample_households, sample_members, xlsx

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


def bomb_workbook(uncompressed_mb: int = 300) -> bytes:
    """A valid-looking .xlsx whose sheet inflates to `uncompressed_mb` megabytes of blanks."""
    output = io.BytesIO()
    with zipfile.ZipFile(xlsx(), "r") as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb:
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


def huge_name_workbook(megabytes: int = 10) -> bytes:
    households = sample_households()
    households[0][3] = "A" * (megabytes * 1024 * 1024)
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Hộ gia đình")
    for r, row in enumerate([["Mã hộ", "Xã/phường", "Thôn/tổ", "Chủ hộ"], *[row[:4] for row in households]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
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


# (id, file bytes factory, words the refusal must contain)
HOSTILE_VALUES = {
    "nul": (lambda: with_member_name(NUL_NAME), "ký tự điều khiển"),
    "rtl": (lambda: with_member_name(RTL_NAME), "ký tự điều khiển"),
    "unicode-digits-cccd": (lambda: with_member_cell(6, UNICODE_DIGITS_CCCD), "CCCD"),
    "future-birth": (lambda: with_member_cell(2, "01/01/2090"), "tương lai"),
    "ancient-birth": (lambda: with_member_cell(2, "01/01/0001"), "1900"),
}
