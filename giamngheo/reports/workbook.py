"""The periodic review report as an Excel workbook, written from a `ReviewReport`
(`reports.review_data`), so it shows exactly the figures of the PDF.

Sheets: by unit (communes of the area, with a total row), ethnic-minority
households, meritorious households, deprivation indicators, movements between
the previous year and this one. Totals and rates are Excel formulas (with their
computed values cached, so readers that do not calculate still see numbers).
A4 landscape, one page wide, header rows repeated on every page.
"""

import io
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from giamngheo.core.workbooks import new_workbook
from giamngheo.reports.queries import Area
from giamngheo.reports.review_data import (
    MOVEMENT_LABELS,
    ReviewReport,
    StatusTable,
    UnitLine,
    build_review_report,
)

FIRST_DATA_ROW = 7  # 0-based: title rows 0-2, blank 3, headers 4-5, column numbers 6


@dataclass
class Formats:
    title: object
    subtitle: object
    head: object
    number_label: object
    text: object
    integer: object
    percent: object
    total_text: object
    total_integer: object
    total_percent: object


def _formats(book: xlsxwriter.Workbook) -> Formats:
    border = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman", "font_size": 11}
    return Formats(
        title=book.add_format(
            {
                "bold": True,
                "font_size": 14,
                "align": "center",
                "valign": "vcenter",
                "font_name": "Times New Roman",
            }
        ),
        subtitle=book.add_format(
            {"italic": True, "align": "center", "valign": "vcenter", "font_name": "Times New Roman"}
        ),
        head=book.add_format(
            border | {"bold": True, "align": "center", "text_wrap": True, "bg_color": "#EEF1F5"}
        ),
        number_label=book.add_format(border | {"italic": True, "align": "center", "font_size": 9}),
        text=book.add_format(border),
        integer=book.add_format(border | {"num_format": "#,##0"}),
        percent=book.add_format(border | {"num_format": "0.00%"}),
        total_text=book.add_format(border | {"bold": True}),
        total_integer=book.add_format(border | {"bold": True, "num_format": "#,##0"}),
        total_percent=book.add_format(border | {"bold": True, "num_format": "0.00%"}),
    )


def review_workbook(area: Area, year: int, standard_id: str, user) -> bytes:
    """The report of the area's communes, within the user's scope."""
    return write_review_workbook(build_review_report(area, year, standard_id, user))


def write_review_workbook(report: ReviewReport) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    book.set_properties({"title": report.title, "author": "giamngheo"})
    formats = _formats(book)
    for table in report.tables:
        _status_sheet(book.add_worksheet(table.sheet), formats, report, table)
    _deprivation_sheet(book.add_worksheet("Thiếu hụt"), formats, report)
    _movement_sheet(book.add_worksheet("Biến động"), formats, report)
    book.close()
    return output.getvalue()


def _heading(sheet: Worksheet, formats: Formats, last_col: int, report: ReviewReport, caption: str) -> None:
    sheet.merge_range(0, 0, 0, last_col, report.title, formats.title)
    sheet.merge_range(1, 0, 1, last_col, report.subtitle, formats.subtitle)
    sheet.merge_range(2, 0, 2, last_col, caption, formats.subtitle)
    sheet.set_row(0, 24)


def _print_setup(sheet: Worksheet, last_row: int, last_col: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(4, 6)
    sheet.print_area(0, 0, max(last_row, FIRST_DATA_ROW), last_col)
    sheet.set_footer("&CTrang &P/&N")


def _column_numbers(sheet: Worksheet, formats: Formats, last_col: int) -> None:
    for col in range(last_col + 1):
        sheet.write(6, col, f"({col + 1})", formats.number_label)


def _rate_formula(part_cell: str, total_cell: str) -> str:
    return f"=IF({total_cell}=0,0,{part_cell}/{total_cell})"


def _sum_cell(sheet: Worksheet, row: int, col: int, first_row: int, value: int, fmt) -> None:
    if row == first_row:
        sheet.write_number(row, col, 0, fmt)
        return
    first, last = xl_rowcol_to_cell(first_row, col), xl_rowcol_to_cell(row - 1, col)
    sheet.write_formula(row, col, f"=SUM({first}:{last})", fmt, value)


def _status_sheet(sheet: Worksheet, formats: Formats, report: ReviewReport, table: StatusTable) -> None:
    last_col = 12 if table.with_no_labour else 11
    _heading(sheet, formats, last_col, report, table.caption)
    head = formats.head
    sheet.merge_range(4, 0, 5, 0, "STT", head)
    sheet.merge_range(4, 1, 5, 1, "Đơn vị", head)
    sheet.merge_range(4, 2, 5, 2, "Tổng số hộ", head)
    sheet.merge_range(4, 3, 5, 3, "Tổng số nhân khẩu", head)
    for first, label in ((4, "Hộ nghèo"), (7, "Hộ cận nghèo")):
        sheet.merge_range(4, first, 4, first + 2, label, head)
        sheet.write_row(5, first, ["Số hộ", "Tỷ lệ (%)", "Số nhân khẩu"], head)
    sheet.merge_range(4, 10, 4, 11, "Hộ nghèo và cận nghèo", head)
    sheet.write_row(5, 10, ["Số hộ", "Tỷ lệ (%)"], head)
    if table.with_no_labour:
        sheet.merge_range(4, 12, 5, 12, "Hộ nghèo không có khả năng lao động", head)
    _column_numbers(sheet, formats, last_col)
    sheet.set_row(5, 30)

    row = FIRST_DATA_ROW
    for number, line in enumerate(table.lines, start=1):
        _figure_row(sheet, formats, row, number, line, table.with_no_labour)
        row += 1
    _figure_row(sheet, formats, row, None, table.total, table.with_no_labour, sum_from=FIRST_DATA_ROW)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, last_col, 12)
    sheet.freeze_panes(FIRST_DATA_ROW, 2)
    _print_setup(sheet, row, last_col)


def _figure_row(
    sheet: Worksheet,
    formats: Formats,
    row: int,
    number: int | None,
    line: UnitLine,
    with_no_labour: bool,
    sum_from: int | None = None,
) -> None:
    """A unit's row (plain numbers) or, with `sum_from`, the total row (SUM formulas)."""
    is_total = sum_from is not None
    text = formats.total_text if is_total else formats.text
    integer = formats.total_integer if is_total else formats.integer
    percent = formats.total_percent if is_total else formats.percent
    values = {
        2: line.households,
        3: line.people,
        4: line.poor,
        6: line.poor_people,
        7: line.near_poor,
        9: line.near_poor_people,
    }
    if with_no_labour:
        values[12] = line.no_labour_poor
    if number is None:
        sheet.write_blank(row, 0, None, text)
    else:
        sheet.write_number(row, 0, number, text)
    sheet.write(row, 1, line.name, text)
    for col, value in values.items():
        if sum_from is not None:
            _sum_cell(sheet, row, col, sum_from, value, integer)
        else:
            sheet.write_number(row, col, value, integer)
    total_cell = xl_rowcol_to_cell(row, 2)
    cell = lambda col: xl_rowcol_to_cell(row, col)  # noqa: E731
    sheet.write_formula(row, 10, f"={cell(4)}+{cell(7)}", integer, line.poor_and_near_poor)
    shares = ((5, 4, line.poor_share), (8, 7, line.near_poor_share), (11, 10, line.poor_and_near_poor_share))
    for col, part_col, cached in shares:
        sheet.write_formula(row, col, _rate_formula(cell(part_col), total_cell), percent, cached)


def _deprivation_sheet(sheet: Worksheet, formats: Formats, report: ReviewReport) -> None:
    last_col = 6
    _heading(sheet, formats, last_col, report, report.deprivation_caption)
    head = formats.head
    sheet.merge_range(4, 0, 5, 0, "STT", head)
    sheet.merge_range(4, 1, 5, 1, "Chỉ số thiếu hụt", head)
    sheet.merge_range(4, 2, 4, 3, "Hộ nghèo thiếu hụt", head)
    sheet.write_row(5, 2, ["Số hộ", "Tỷ lệ so với hộ nghèo (%)"], head)
    sheet.merge_range(4, 4, 4, 5, "Hộ cận nghèo thiếu hụt", head)
    sheet.write_row(5, 4, ["Số hộ", "Tỷ lệ so với hộ cận nghèo (%)"], head)
    sheet.merge_range(4, 6, 5, 6, "Tổng số hộ nghèo và cận nghèo thiếu hụt", head)
    _column_numbers(sheet, formats, last_col)
    sheet.set_row(5, 42)
    # Denominators first, so that rates are formulas on them.
    base = FIRST_DATA_ROW
    poor, near = report.poor_total, report.near_poor_total
    sheet.write(base, 0, "", formats.total_text)
    sheet.write(base, 1, "Tổng số hộ nghèo / cận nghèo", formats.total_text)
    sheet.write_number(base, 2, poor, formats.total_integer)
    sheet.write(base, 3, "", formats.total_text)
    sheet.write_number(base, 4, near, formats.total_integer)
    sheet.write(base, 5, "", formats.total_text)
    sheet.write_formula(
        base,
        6,
        f"={xl_rowcol_to_cell(base, 2)}+{xl_rowcol_to_cell(base, 4)}",
        formats.total_integer,
        poor + near,
    )
    poor_total = xl_rowcol_to_cell(base, 2, row_abs=True, col_abs=True)
    near_total = xl_rowcol_to_cell(base, 4, row_abs=True, col_abs=True)
    row = base + 1
    for number, (item, poor_share, near_share) in enumerate(report.deprivation_shares, start=1):
        cell = lambda col, r=row: xl_rowcol_to_cell(r, col)  # noqa: E731
        sheet.write_number(row, 0, number, formats.text)
        sheet.write(row, 1, item.label, formats.text)
        sheet.write_number(row, 2, item.poor, formats.integer)
        sheet.write_formula(row, 3, _rate_formula(cell(2), poor_total), formats.percent, poor_share)
        sheet.write_number(row, 4, item.near_poor, formats.integer)
        sheet.write_formula(row, 5, _rate_formula(cell(4), near_total), formats.percent, near_share)
        sheet.write_formula(row, 6, f"={cell(2)}+{cell(4)}", formats.integer, item.total)
        row += 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, last_col, 15)
    _print_setup(sheet, row - 1, last_col)


MOVEMENT_HEADERS = ["STT", "Đơn vị", *MOVEMENT_LABELS]


def _movement_sheet(sheet: Worksheet, formats: Formats, report: ReviewReport) -> None:
    last_col = 6
    _heading(sheet, formats, last_col, report, report.movement_caption)
    for col, label in enumerate(MOVEMENT_HEADERS):
        sheet.merge_range(4, col, 5, col, label, formats.head)
    _column_numbers(sheet, formats, last_col)
    row = FIRST_DATA_ROW
    for number, line in enumerate(report.movements, start=1):
        sheet.write_number(row, 0, number, formats.text)
        sheet.write(row, 1, line.name, formats.text)
        sheet.write_row(row, 2, line.values, formats.integer)
        row += 1
    sheet.write(row, 0, "", formats.total_text)
    sheet.write(row, 1, "Tổng cộng", formats.total_text)
    for offset, value in enumerate(report.movement_total.values):
        _sum_cell(sheet, row, 2 + offset, FIRST_DATA_ROW, value, formats.total_integer)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, last_col, 16)
    sheet.set_row(4, 30)
    _print_setup(sheet, row, last_col)
