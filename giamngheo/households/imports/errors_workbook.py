"""The user's file handed back with every problem marked: the bad cell filled
red with a comment naming the problem, and a summary sheet listing sheet, row,
column and message. An .xlsx is annotated in place (its formatting kept); an
.xls or .csv is rebuilt from the cells read."""

import datetime as dt
import io
from collections import defaultdict
from pathlib import PurePath

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from giamngheo.core.sheetframes import SheetFrame
from giamngheo.core.workbooks import new_workbook
from giamngheo.households.imports.problems import Problem

SUMMARY_SHEET = "Danh sách lỗi"
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
# openpyxl needs minutes for a workbook of 100,000 rows: above this size the cells read are
# written again with XlsxWriter (same sheets and cells, without the original formatting).
ANNOTATE_IN_PLACE_BYTES = 2 * 1024 * 1024


def error_workbook(name: str, content: bytes, sheets: list[SheetFrame], problems: list[Problem]) -> bytes:
    if len(content) > ANNOTATE_IN_PLACE_BYTES:
        return rebuilt_workbook(sheets, problems)
    book = _open(name, content, sheets)
    _mark_cells(book, problems)
    _add_summary(book, problems)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _open(name: str, content: bytes, sheets: list[SheetFrame]) -> Workbook:
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return load_workbook(io.BytesIO(content))
        except Exception:  # noqa: BLE001 - any file openpyxl cannot open is rebuilt from the cells read
            pass
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        target = book.create_sheet(sheet.name[:31])
        for row in sheet.rows:
            target.append([_clean(cell) for cell in row])
            for cell in target[target.max_row]:
                if cell.data_type == "f":  # text the user typed, handed back as text, never run
                    cell.data_type = "s"
    return book


def _clean(cell):
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def _mark_cells(book: Workbook, problems: list[Problem]) -> None:
    for (sheet, row, column), messages in _messages_by_cell(problems).items():
        if sheet not in book.sheetnames:
            continue
        cell = book[sheet].cell(row=row, column=column)
        cell.fill = BAD_FILL
        comment = Comment("\n".join(messages), "giamngheo")
        comment.width, comment.height = 320, 40 + 40 * len(messages)
        cell.comment = comment


def _add_summary(book: Workbook, problems: list[Problem]) -> None:
    sheet = book.create_sheet(SUMMARY_SHEET, 0)
    sheet.append(["Sheet", "Dòng", "Cột", "Lỗi"])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for problem in problems:
        sheet.append([problem.sheet, problem.row, problem.column or "", problem.message])
    for index, width in enumerate((18, 8, 22, 100), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False


def rebuilt_workbook(sheets: list[SheetFrame], problems: list[Problem]) -> bytes:
    by_cell = _messages_by_cell(problems)
    bad_rows = {(sheet, row) for sheet, row, _ in by_cell}
    output = io.BytesIO()
    book = new_workbook(output, {"constant_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F5"})
    bad = book.add_format({"bg_color": "#FFC7CE"})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    summary = book.add_worksheet(SUMMARY_SHEET[:31])
    summary.write_row(0, 0, ["Sheet", "Dòng", "Cột", "Lỗi"], bold)
    for row, problem in enumerate(problems, start=1):
        summary.write_row(row, 0, [problem.sheet, problem.row or "", problem.column or "", problem.message])
    for index, width in enumerate((18, 8, 22, 100)):
        summary.set_column(index, index, width)
    for sheet in sheets:
        target = book.add_worksheet(sheet.name[:31])
        for r, cells in enumerate(sheet.rows):
            if (sheet.name, r + 1) not in bad_rows and not any(isinstance(cell, dt.date) for cell in cells):
                target.write_row(r, 0, ["" if cell is None else cell for cell in cells])
                continue
            for c, cell in enumerate(cells):
                messages = by_cell.get((sheet.name, r + 1, c + 1))
                if cell is None and not messages:
                    continue
                value = "" if cell is None else cell
                style = bad if messages else (dates if isinstance(value, dt.date) else None)
                target.write(r, c, value, style)
                if messages:
                    target.write_comment(r, c, "\n".join(messages), {"author": "giamngheo", "x_scale": 2})
    book.close()
    return output.getvalue()


def _messages_by_cell(problems: list[Problem]) -> dict[tuple[str, int, int], list[str]]:
    by_cell: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for problem in problems:
        if problem.row is not None:
            by_cell[(problem.sheet, problem.row, (problem.col_index or 0) + 1)].append(problem.message)
    return by_cell
