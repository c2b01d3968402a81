"""A plan's progress report (`targets.progress_report`) as an Excel workbook:
merged title rows, two-row Vietnamese headers, A4 landscape; the change since the
previous value and the count of targets by status are formulas."""

import io

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from giamngheo.core.workbooks import new_workbook
from giamngheo.targets.progress_report import ProgressReport, ReportLine

FIRST_DATA_ROW = 8  # 0-based: title rows 0-3, blank 4, headers 5-6, column numbers 7
LAST_COL = 14
STATUS_COL = 14
COLUMNS = [  # (first header row, second header row or None when merged over both, width)
    ("STT", None, 5),
    ("Chỉ số", None, 38),
    ("Đơn vị", None, 20),
    ("Đơn vị tính", None, 10),
    ("Năm phải đạt", None, 8),
    ("Giá trị gốc", "Giá trị", 10),
    ("Giá trị gốc", "Năm", 7),
    ("Chỉ tiêu", "Yêu cầu", 8),
    ("Chỉ tiêu", "Giá trị", 11),
    ("Thực hiện đến hết kỳ", "Giá trị", 11),
    ("Thực hiện đến hết kỳ", "Kỳ số liệu", 18),
    ("So với kỳ trước", "Giá trị trước", 11),
    ("So với kỳ trước", "Thay đổi", 10),
    ("So với kỳ trước", "Xu hướng", 12),
    ("Đánh giá", None, 18),
]


def _formats(book: xlsxwriter.Workbook) -> dict:
    font = {"font_name": "Times New Roman", "font_size": 11}
    cell = font | {"border": 1, "valign": "top"}
    return {
        "title": book.add_format(font | {"bold": True, "font_size": 14, "align": "center"}),
        "subtitle": book.add_format(font | {"bold": True, "align": "center", "text_wrap": True}),
        "note": book.add_format(font | {"italic": True, "align": "center"}),
        "head": book.add_format(
            cell
            | {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#EEF1F5"}
        ),
        "number_label": book.add_format(cell | {"italic": True, "align": "center", "font_size": 9}),
        "text": book.add_format(cell | {"text_wrap": True}),
        "center": book.add_format(cell | {"align": "center"}),
        "integer": book.add_format(cell | {"num_format": "#,##0"}),
        "decimal": book.add_format(cell | {"num_format": "#,##0.00"}),
        "change": book.add_format(cell | {"num_format": "+#,##0.00;-#,##0.00;0"}),
        "bold": book.add_format(font | {"bold": True}),
        "count": book.add_format(font | {"bold": True, "num_format": "0"}),
    }


def progress_workbook(report: ProgressReport) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    book.set_properties({"title": f"{report.title} — {report.period_label}", "author": "giamngheo"})
    formats = _formats(book)
    sheet = book.add_worksheet("Tiến độ")
    _heading(sheet, formats, report)
    row = FIRST_DATA_ROW
    for number, line in enumerate(report.lines, start=1):
        _line_row(sheet, formats, row, number, line)
        row += 1
    _status_summary(sheet, formats, report, row + 1)
    for col, (_first, _second, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(FIRST_DATA_ROW, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(5, 7)
    sheet.set_footer("&CTrang &P/&N")
    book.close()
    return output.getvalue()


def _heading(sheet: Worksheet, formats: dict, report: ProgressReport) -> None:
    sheet.merge_range(0, 0, 0, LAST_COL, report.title, formats["title"])
    sheet.merge_range(1, 0, 1, LAST_COL, report.plan_title, formats["subtitle"])
    sheet.merge_range(2, 0, 2, LAST_COL, f"Kỳ báo cáo: {report.period_label}", formats["note"])
    where = f"Đơn vị: {report.unit}" + (f". Văn bản: {report.document}" if report.document else "")
    sheet.merge_range(3, 0, 3, LAST_COL, where, formats["note"])
    sheet.set_row(0, 24)
    sheet.set_row(1, 36)
    col = 0
    while col <= LAST_COL:
        first, second, _width = COLUMNS[col]
        if second is None:
            sheet.merge_range(5, col, 6, col, first, formats["head"])
            col += 1
            continue
        span = [c for c in range(col, LAST_COL + 1) if COLUMNS[c][0] == first]
        sheet.merge_range(5, span[0], 5, span[-1], first, formats["head"])
        for c in span:
            sheet.write(6, c, COLUMNS[c][1], formats["head"])
        col = span[-1] + 1
    sheet.set_row(6, 30)
    for col in range(LAST_COL + 1):
        sheet.write(7, col, f"({col + 1})", formats["number_label"])


def _write_value(sheet: Worksheet, formats: dict, row: int, col: int, value: float | None) -> None:
    if value is None:
        sheet.write_blank(row, col, None, formats["text"])
    else:
        sheet.write_number(row, col, value, formats["integer" if value == int(value) else "decimal"])


def _target_text(line: ReportLine) -> str:
    return f"{line.target_low:g}–{line.target_high:g}".replace(".", ",")


def _line_row(sheet: Worksheet, formats: dict, row: int, number: int, line: ReportLine) -> None:
    name = line.indicator + (f" ({line.segment})" if line.segment else "")
    sheet.write_number(row, 0, number, formats["center"])
    sheet.write(row, 1, name, formats["text"])
    sheet.write(row, 2, line.unit, formats["text"])
    sheet.write(row, 3, line.measure, formats["center"])
    sheet.write_number(row, 4, line.target_year, formats["center"])
    _write_value(sheet, formats, row, 5, line.baseline)
    if line.baseline_year:
        sheet.write_number(row, 6, line.baseline_year, formats["center"])
    else:
        sheet.write_blank(row, 6, None, formats["center"])
    sheet.write(row, 7, line.target_symbol, formats["center"])
    if line.target_low == line.target_high:
        _write_value(sheet, formats, row, 8, line.target_low)
    else:
        sheet.write(row, 8, _target_text(line), formats["center"])
    _write_value(sheet, formats, row, 9, line.actual)
    sheet.write(row, 10, line.actual_label, formats["text"])
    _write_value(sheet, formats, row, 11, line.previous)
    if line.change is None:
        sheet.write_blank(row, 12, None, formats["change"])
    else:
        formula = f"={xl_rowcol_to_cell(row, 9)}-{xl_rowcol_to_cell(row, 11)}"
        sheet.write_formula(row, 12, formula, formats["change"], line.change)
    sheet.write(row, 13, line.trend_label, formats["text"])
    sheet.write(row, STATUS_COL, line.status_label, formats["text"])


def _status_summary(sheet: Worksheet, formats: dict, report: ProgressReport, row: int) -> None:
    """Targets by status, counted by COUNTIF over the status column."""
    sheet.write(row, 1, "Tổng hợp đánh giá", formats["bold"])
    first = xl_rowcol_to_cell(FIRST_DATA_ROW, STATUS_COL, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(
        max(FIRST_DATA_ROW, FIRST_DATA_ROW + len(report.lines) - 1), STATUS_COL, True, True
    )
    for offset, (_status, label, count) in enumerate(report.status_counts, start=1):
        sheet.write(row + offset, 1, label)
        sheet.write_formula(row + offset, 2, f'=COUNTIF({first}:{last},"{label}")', formats["count"], count)
    total_row = row + len(report.status_counts) + 1
    sheet.write(total_row, 1, "Tổng số chỉ tiêu", formats["bold"])
    top, bottom = xl_rowcol_to_cell(row + 1, 2), xl_rowcol_to_cell(total_row - 1, 2)
    sheet.write_formula(total_row, 2, f"=SUM({top}:{bottom})", formats["count"], len(report.lines))
