"""The fifteen official reports as one workbook, a sheet each, written from a `ReportSet`:
A4 landscape, heading with unit, year and standard, a row per commune, the total row
(SUM formulas with their values cached), the signature block and a footer saying the
layout is our reconstruction. Text is never read as a formula."""

import io

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from giamngheo.core.workbooks import new_workbook
from giamngheo.reports.official.build import standard_name
from giamngheo.reports.official.layout import (
    LIST_HEADERS,
    LIST_NUMBERS,
    SHEETS,
    SIGNATURES,
    TOTAL_LABEL,
    UNCONFIRMED_NOTE,
    UNIT_HEADER,
)
from giamngheo.reports.official.tables import ReportSet, Table

HEAD_ROW = 4  # 0-based: title 0, unit/year/standard 1, caption 2, blank 3


def _formats(book: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    cell = base | {"border": 1}
    styles = {
        "title": base | {"bold": True, "font_size": 13, "align": "center"},
        "subtitle": base | {"italic": True, "align": "center"},
        "head": cell | {"bold": True, "align": "center", "text_wrap": True, "bg_color": "#EEF1F5"},
        "number": cell | {"italic": True, "align": "center", "font_size": 9},
        "text": cell,
        "integer": cell | {"num_format": "#,##0"},
        "percent": cell | {"num_format": "0.00%"},
        "total_text": cell | {"bold": True},
        "total_integer": cell | {"bold": True, "num_format": "#,##0"},
        "total_percent": cell | {"bold": True, "num_format": "0.00%"},
        "note": base | {"italic": True, "font_size": 9, "text_wrap": True, "valign": "top"},
        "sign": base | {"bold": True, "align": "center"},
        "sign_hint": base | {"italic": True, "align": "center"},
    }
    return {name: book.add_format(style) for name, style in styles.items()}


def write_workbook(report: ReportSet) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    book.set_properties(
        {"title": f"Báo cáo rà soát năm {report.year} — {report.unit_name}", "author": "giamngheo"}
    )
    formats = _formats(book)
    for table in report.tables:
        _table_sheet(book.add_worksheet(table.sheet.sheet), formats, report, table)
    for number, status in sorted(LIST_NUMBERS.items()):
        if status in report.lists:
            _list_sheet(
                book.add_worksheet(SHEETS[number].sheet), formats, report, number, report.lists[status]
            )
    book.close()
    return output.getvalue()


def _heading(sheet: Worksheet, formats: dict, report: ReportSet, number: int, last_col: int) -> None:
    spec = SHEETS[number]
    sheet.merge_range(0, 0, 0, last_col, spec.caption.upper(), formats["title"])
    subtitle = (
        f"Đơn vị: {report.unit_name} — Năm rà soát: {report.year} — "
        f"Chuẩn áp dụng: {standard_name(report.standard_id)}"
    )
    sheet.merge_range(1, 0, 1, last_col, subtitle, formats["subtitle"])
    if report.consolidated_from:
        sheet.merge_range(
            2, 0, 2, last_col, "Tổng hợp từ báo cáo đã ký của các xã/phường", formats["subtitle"]
        )
    sheet.set_row(0, 22)


def _closing(sheet: Worksheet, formats: dict, row: int, number: int, last_col: int) -> int:
    """Notes, then the signature block; returns the last row used."""
    notes = [text for text in (SHEETS[number].note, UNCONFIRMED_NOTE) if text]
    for text in notes:
        row += 1
        sheet.merge_range(row, 0, row, last_col, f"Ghi chú: {text}", formats["note"])
        sheet.set_row(row, 28)
    row += 2
    half = max(last_col // 2, 1)
    for col, (title, hint) in zip((0, half + 1), SIGNATURES, strict=True):
        end = half if col == 0 else max(last_col, half + 1)
        sheet.merge_range(row, col, row, end, title, formats["sign"])
        sheet.merge_range(row + 1, col, row + 1, end, hint, formats["sign_hint"])
    return row + 5


def _print_setup(sheet: Worksheet, last_row: int, last_col: int, header_rows: tuple[int, int]) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*header_rows)
    sheet.print_area(0, 0, last_row, last_col)
    sheet.set_footer("&L&8Mẫu biểu chưa đối chiếu bố cục chính thức&RTrang &P/&N")


def _table_sheet(sheet: Worksheet, formats: dict, report: ReportSet, table: Table) -> None:
    columns = table.shown
    last_col = len(columns) + 1
    _heading(sheet, formats, report, table.number, last_col)
    head = formats["head"]
    sheet.merge_range(HEAD_ROW, 0, HEAD_ROW + 1, 0, "STT", head)
    sheet.merge_range(HEAD_ROW, 1, HEAD_ROW + 1, 1, UNIT_HEADER, head)
    col = 2
    for group, width, _first in table.groups:
        if group:
            if width > 1:
                sheet.merge_range(HEAD_ROW, col, HEAD_ROW, col + width - 1, group, head)
            else:
                sheet.write(HEAD_ROW, col, group, head)
            for offset in range(width):
                sheet.write(HEAD_ROW + 1, col + offset, columns[col - 2 + offset].label, head)
        else:
            sheet.merge_range(HEAD_ROW, col, HEAD_ROW + 1, col, columns[col - 2].label, head)
        col += width
    for col in range(last_col + 1):
        sheet.write(HEAD_ROW + 2, col, f"({col + 1})", formats["number"])
    sheet.set_row(HEAD_ROW + 1, 60)
    first = row = HEAD_ROW + 3
    for position, line in enumerate(table.rows, start=1):
        sheet.write_number(row, 0, position, formats["text"])
        sheet.write_string(row, 1, line.name, formats["text"])
        for offset, column in enumerate(columns):
            value = line.values.get(column.key, 0)
            fmt = formats["percent"] if column.is_rate else formats["integer"]
            sheet.write_number(row, 2 + offset, value, fmt)
        row += 1
    sheet.write_blank(row, 0, None, formats["total_text"])
    sheet.write_string(row, 1, TOTAL_LABEL, formats["total_text"])
    for offset, column in enumerate(columns):
        col, value = 2 + offset, table.total.values.get(column.key, 0)
        if column.is_rate or row == first:
            fmt = formats["total_percent"] if column.is_rate else formats["total_integer"]
            sheet.write_number(row, col, value, fmt)
        else:
            cells = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(row - 1, col)}"
            sheet.write_formula(row, col, f"=SUM({cells})", formats["total_integer"], value)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, last_col, 11)
    sheet.freeze_panes(first, 2)
    last_row = _closing(sheet, formats, row + 1, table.number, last_col)
    _print_setup(sheet, last_row, last_col, (HEAD_ROW, HEAD_ROW + 2))


def _list_sheet(
    sheet: Worksheet, formats: dict, report: ReportSet, number: int, households: list[dict]
) -> None:
    last_col = len(LIST_HEADERS) - 1
    _heading(sheet, formats, report, number, last_col)
    for col, (label, width) in enumerate(LIST_HEADERS):
        sheet.write(HEAD_ROW, col, label, formats["head"])
        sheet.set_column(col, col, width)
    row = HEAD_ROW + 1
    text, bold = formats["text"], formats["total_text"]
    for position, household in enumerate(households, start=1):
        sheet.write_row(
            row, 0, [position, household["commune"], household["village"], household["code"]], bold
        )
        sheet.write_string(row, 4, household["head_name"], bold)
        sheet.write_row(row, 5, ["", "", "", ""], bold)
        sheet.write_number(row, 9, household["people"], formats["total_integer"])
        sheet.write_string(row, 10, household["deprived"], bold)
        row += 1
        for member in household["members"]:
            sheet.write_row(row, 0, ["", "", "", ""], text)
            values = [
                member["name"],
                member["relation"],
                member["birth_date"],
                member["sex"],
                member["ethnicity"],
            ]
            for offset, value in enumerate(values):
                sheet.write_string(row, 4 + offset, value or "", text)
            sheet.write_row(row, 9, ["", ""], text)
            row += 1
    sheet.merge_range(row, 0, row, 3, f"Tổng số: {len(households)} hộ", bold)
    people = sum(h["people"] for h in households)
    sheet.merge_range(row, 4, row, last_col, f"Tổng số nhân khẩu: {people}", bold)
    sheet.freeze_panes(HEAD_ROW + 1, 0)
    last_row = _closing(sheet, formats, row + 1, number, last_col)
    _print_setup(sheet, last_row, last_col, (HEAD_ROW, HEAD_ROW))
