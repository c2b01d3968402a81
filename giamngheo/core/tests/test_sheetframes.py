"""The columnar reader gives the cells the row reader gives, cell type by cell type, and the
zip guard finds every reference beyond the limits without reading cells."""

import datetime as dt
import io
import zipfile

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from giamngheo.core import sheetframes
from giamngheo.core.sheetframes import SheetFrame, read_frames
from giamngheo.core.sheets import SheetError, column_letter, limits, read_sheets
from giamngheo.core.zipguard import _found, beyond

DATE = {"num_format": "dd/mm/yyyy"}
TIME = {"num_format": "hh:mm:ss"}


def workbook(columns: list[list], *, start: tuple[int, int] = (0, 0), elapsed: bool = False) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Trang")
    formats = {name: book.add_format(spec) for name, spec in (("date", DATE), ("time", TIME))}
    formats["elapsed"] = book.add_format({"num_format": "[h]:mm:ss"})
    for c, cells in enumerate(columns):
        for r, cell in enumerate(cells):
            where = (start[0] + r, start[1] + c)
            if cell is None:
                continue
            if isinstance(cell, str):
                sheet.write_string(*where, cell)
            elif isinstance(cell, bool):
                sheet.write_boolean(*where, cell)
            elif isinstance(cell, dt.time):
                sheet.write_datetime(*where, cell, formats["time"])
            elif isinstance(cell, dt.date):
                sheet.write_datetime(*where, cell, formats["date"])
            else:
                sheet.write_number(*where, cell, formats["elapsed"] if elapsed else None)
    book.close()
    return output.getvalue()


def row_reader(content: bytes) -> list[SheetFrame]:
    return [sheetframes._from_rows(sheet) for sheet in read_sheets("t.xlsx", content)]


def assert_same(content: bytes) -> None:
    fast, rows = read_frames("t.xlsx", content), row_reader(content)
    assert [s.name for s in fast] == [s.name for s in rows]
    for one, other in zip(fast, rows, strict=True):
        # the row reader keeps calamine's trailing empty area; the cells are what counts
        height = max(one.frame.height, other.frame.height)
        width = max(one.frame.width, other.frame.width)
        for c in range(width):
            left, right = _column(one, c, height), _column(other, c, height)
            assert left.to_list() == right.to_list(), c
            numbers = one.numbers(c) if c < one.frame.width else pl.Series([False] * height)
            expected = other.numbers(c) if c < other.frame.width else pl.Series([False] * height)
            assert _padded(numbers, height) == _padded(expected, height), c


def _column(sheet: SheetFrame, c: int, height: int) -> pl.Series:
    if str(c) not in sheet.frame.columns:
        return pl.Series([None] * height, dtype=pl.String)
    column = sheet.frame[str(c)]
    return column.extend(pl.Series([None] * (height - len(column)), dtype=pl.String))


def _padded(series: pl.Series, height: int) -> list[bool]:
    return series.to_list() + [False] * (height - len(series))


AMBIGUOUS_TEXT = [
    "true", "false", "2020-01-05 00:00:00", "1899-12-31 06:00:00", "0.00000015", "12", "-0",
    "100000000000000000000000", "  Nguyễn Văn An  ", "05/01/2020", "056080000123", "56080000123",
]  # fmt: skip
VALUES = [
    12.0, 12.5, -3.0, -0.0, 0.0, 1.5e-07, 1e23, 2**53 + 2.0, 56080000123.0, 56080000123, True, False,
    dt.date(2020, 1, 5), dt.datetime(2020, 1, 5, 10, 30), dt.time(6, 0), dt.time(0, 0, 0, 500_000),
]  # fmt: skip


def test_every_cell_type_reads_as_the_row_reader_reads_it():
    mixed = AMBIGUOUS_TEXT + VALUES
    assert_same(workbook([mixed, list(reversed(mixed)), AMBIGUOUS_TEXT, VALUES, ["chỉ chữ", None, "x"]]))


def test_a_sheet_not_starting_at_a1_keeps_its_rows_and_columns():
    assert_same(workbook([["Mã hộ", "NT-1"], [None, 5.0], ["x", dt.date(1999, 1, 2)]], start=(3, 2)))
    frame = read_frames("t.xlsx", workbook([["Mã hộ"]], start=(3, 2)))[0].frame
    assert frame.height == 4 and frame["2"].to_list() == [None, None, None, "Mã hộ"]


def test_a_workbook_with_an_elapsed_time_format_is_read_row_by_row():
    content = workbook([[1.5, "x"]], elapsed=True)
    assert read_frames("t.xlsx", content)[0].frame["0"].to_list() == ["1 day, 12:00:00", "x"]
    assert_same(content)


def test_a_cell_longer_than_excel_allows_is_refused_by_both_readers_alike():
    book = Workbook()  # openpyxl writes inline strings, cut to Excel's limit: lengthen one
    book.active.append(["a", "c"])
    book.active.append(["b", "x" * 32_767])
    output = io.BytesIO()
    book.save(output)
    content = rewritten(output.getvalue(), lambda xml: xml.replace(b"x" * 32_767, b"x" * 40_000))
    with pytest.raises(SheetError) as fast:
        read_frames("t.xlsx", content)
    with pytest.raises(SheetError) as rows:
        read_sheets("t.xlsx", content)
    assert fast.value.message == rows.value.message and "ô B2" in fast.value.message


cells = st.one_of(
    st.sampled_from(AMBIGUOUS_TEXT),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6),
    st.booleans(),
    st.integers(-(10**13), 10**13),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=4))
def test_random_cells_read_the_same_by_both_readers(columns):
    assert_same(workbook(columns))


@given(st.integers(1, 2_000_000), st.integers(1, 16_384), st.integers(1, 1_100_000), st.integers(1, 400))
def test_the_guard_pattern_matches_exactly_the_references_beyond_the_limits(row, column, max_rows, max_cols):
    pattern = beyond(max_rows, max_cols)
    cell = f'<c r="{column_letter(column)}{row}"'.encode()
    assert bool(_found(pattern, cell)) == (row > max_rows or column > max_cols)
    assert bool(_found(pattern, f'<row\nr="{row}"'.encode())) == (row > max_rows)
    assert not _found(pattern, f'<x attr="{row}" xr="{row}"'.encode())


def rewritten(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return output.getvalue()


def test_a_sheet_lying_about_its_dimension_is_still_measured():
    row = limits().max_rows + 5
    far = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    content = rewritten(workbook([["a"]]), lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"))
    with pytest.raises(SheetError, match="vượt giới hạn"):
        read_frames("t.xlsx", content)
