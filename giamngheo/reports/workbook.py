"""The periodic review report as an Excel workbook, from the summary tables.

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

from giamngheo.households.models import Status
from giamngheo.reports import queries
from giamngheo.reports.labels import indicator_label
from giamngheo.reports.models import Group
from giamngheo.reports.queries import Area, CommuneRow, StatusFigures

TITLE = "BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}"
GROUP_SHEETS = [
    (Group.ALL, "Theo đơn vị", "Biểu 1. Số hộ, nhân khẩu nghèo và cận nghèo theo đơn vị"),
    (Group.ETHNIC_MINORITY, "Dân tộc thiểu số", "Biểu 2. Hộ nghèo, cận nghèo là hộ dân tộc thiểu số"),
    (Group.MERITORIOUS, "Người có công", "Biểu 3. Hộ nghèo, cận nghèo có thành viên là người có công"),
]
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
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    book.set_properties({"title": TITLE.format(year=year), "author": "giamngheo"})
    formats = _formats(book)
    for group, sheet_name, caption in GROUP_SHEETS:
        rows = queries.commune_rows(area, year, standard_id, user, group=group)
        no_labour = None
        if group == Group.ALL:
            no_labour = {
                r.commune_id: r.figures.households[Status.POOR]
                for r in queries.commune_rows(area, year, standard_id, user, group=Group.NO_LABOUR)
            }
        sheet = book.add_worksheet(sheet_name)
        _status_sheet(sheet, formats, area, year, standard_id, caption, rows, no_labour)
    _deprivation_sheet(book.add_worksheet("Thiếu hụt"), formats, area, year, standard_id, user)
    _movement_sheet(book.add_worksheet("Biến động"), formats, area, year, standard_id, user)
    book.close()
    return output.getvalue()


def _heading(
    sheet: Worksheet, formats: Formats, last_col: int, area: Area, year: int, standard_id: str, caption: str
):
    sheet.merge_range(0, 0, 0, last_col, TITLE.format(year=year), formats.title)
    sheet.merge_range(
        1, 0, 1, last_col, f"Địa bàn: {area.name}. Chuẩn áp dụng: {standard_id}", formats.subtitle
    )
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


def _status_sheet(
    sheet: Worksheet,
    formats: Formats,
    area: Area,
    year: int,
    standard_id: str,
    caption: str,
    rows: list[CommuneRow],
    no_labour: dict[int, int] | None,
) -> None:
    last_col = 12 if no_labour is not None else 11
    _heading(sheet, formats, last_col, area, year, standard_id, caption)
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
    if no_labour is not None:
        sheet.merge_range(4, 12, 5, 12, "Hộ nghèo không có khả năng lao động", head)
    _column_numbers(sheet, formats, last_col)
    sheet.set_row(5, 30)

    row = FIRST_DATA_ROW
    for number, commune in enumerate(rows, start=1):
        _figure_row(sheet, formats, row, number, commune.name, commune.figures, False)
        if no_labour is not None:
            sheet.write_number(row, 12, no_labour.get(commune.commune_id, 0), formats.integer)
        row += 1
    total = StatusFigures()
    for commune in rows:
        for status in queries.STATUSES:
            total.add(status, commune.figures.households[status], commune.figures.people[status])
    _figure_row(sheet, formats, row, None, "Tổng cộng", total, True, sum_from=FIRST_DATA_ROW)
    if no_labour is not None:
        _sum_cell(sheet, row, 12, FIRST_DATA_ROW, sum(no_labour.values()), formats.total_integer)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, last_col, 12)
    sheet.freeze_panes(FIRST_DATA_ROW, 2)
    _print_setup(sheet, row, last_col)


def _sum_cell(sheet: Worksheet, row: int, col: int, first_row: int, value: int, fmt) -> None:
    if row == first_row:
        sheet.write_number(row, col, 0, fmt)
        return
    first, last = xl_rowcol_to_cell(first_row, col), xl_rowcol_to_cell(row - 1, col)
    sheet.write_formula(row, col, f"=SUM({first}:{last})", fmt, value)


def _figure_row(
    sheet: Worksheet,
    formats: Formats,
    row: int,
    number: int | None,
    name: str,
    figures: StatusFigures,
    is_total: bool,
    sum_from: int | None = None,
) -> None:
    text = formats.total_text if is_total else formats.text
    integer = formats.total_integer if is_total else formats.integer
    percent = formats.total_percent if is_total else formats.percent
    poor, near = figures.households[Status.POOR], figures.households[Status.NEAR_POOR]
    values = {
        2: figures.total_households,
        3: figures.total_people,
        4: poor,
        6: figures.people[Status.POOR],
        7: near,
        9: figures.people[Status.NEAR_POOR],
    }
    if number is None:
        sheet.write_blank(row, 0, None, text)
    else:
        sheet.write_number(row, 0, number, text)
    sheet.write(row, 1, name, text)
    for col, value in values.items():
        if sum_from is not None:
            _sum_cell(sheet, row, col, sum_from, value, integer)
        else:
            sheet.write_number(row, col, value, integer)
    total_cell = xl_rowcol_to_cell(row, 2)
    cell = lambda col: xl_rowcol_to_cell(row, col)  # noqa: E731
    both = poor + near
    sheet.write_formula(row, 10, f"={cell(4)}+{cell(7)}", integer, both)
    for col, part_col, value in ((5, 4, poor), (8, 7, near), (11, 10, both)):
        cached = value / figures.total_households if figures.total_households else 0
        sheet.write_formula(row, col, _rate_formula(cell(part_col), total_cell), percent, cached)


def _deprivation_sheet(
    sheet: Worksheet, formats: Formats, area: Area, year: int, standard_id: str, user
) -> None:
    last_col = 6
    _heading(
        sheet, formats, last_col, area, year, standard_id, "Biểu 4. Hộ nghèo, cận nghèo theo chỉ số thiếu hụt"
    )
    figures = queries.status_figures(area, year, standard_id, user)
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
    sheet.write(base, 0, "", formats.total_text)
    sheet.write(base, 1, "Tổng số hộ nghèo / cận nghèo", formats.total_text)
    sheet.write_number(base, 2, figures.households[Status.POOR], formats.total_integer)
    sheet.write(base, 3, "", formats.total_text)
    sheet.write_number(base, 4, figures.households[Status.NEAR_POOR], formats.total_integer)
    sheet.write(base, 5, "", formats.total_text)
    sheet.write_formula(
        base,
        6,
        f"={xl_rowcol_to_cell(base, 2)}+{xl_rowcol_to_cell(base, 4)}",
        formats.total_integer,
        figures.households[Status.POOR] + figures.households[Status.NEAR_POOR],
    )
    poor_total = xl_rowcol_to_cell(base, 2, row_abs=True, col_abs=True)
    near_total = xl_rowcol_to_cell(base, 4, row_abs=True, col_abs=True)
    row = base + 1
    for number, item in enumerate(queries.deprivation_rows(area, year, standard_id, user), start=1):
        sheet.write_number(row, 0, number, formats.text)
        sheet.write(row, 1, indicator_label(item.indicator, standard_id), formats.text)
        sheet.write_number(row, 2, item.poor, formats.integer)
        poor_rate = item.poor / figures.households[Status.POOR] if figures.households[Status.POOR] else 0
        sheet.write_formula(
            row, 3, _rate_formula(xl_rowcol_to_cell(row, 2), poor_total), formats.percent, poor_rate
        )
        sheet.write_number(row, 4, item.near_poor, formats.integer)
        near_households = figures.households[Status.NEAR_POOR]
        near_rate = item.near_poor / near_households if near_households else 0
        sheet.write_formula(
            row, 5, _rate_formula(xl_rowcol_to_cell(row, 4), near_total), formats.percent, near_rate
        )
        sheet.write_formula(
            row, 6, f"={xl_rowcol_to_cell(row, 2)}+{xl_rowcol_to_cell(row, 4)}", formats.integer, item.total
        )
        row += 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, last_col, 15)
    _print_setup(sheet, row - 1, last_col)


def _movement_sheet(
    sheet: Worksheet, formats: Formats, area: Area, year: int, standard_id: str, user
) -> None:
    last_col = 6
    caption = f"Biểu 5. Biến động so với kết quả chính thức năm {year - 1}"
    _heading(sheet, formats, last_col, area, year, standard_id, caption)
    head = formats.head
    labels = [
        "STT",
        "Đơn vị",
        "Hộ thoát nghèo",
        "Trong đó: chuyển thành hộ cận nghèo",
        "Hộ nghèo phát sinh",
        "Hộ thoát cận nghèo",
        "Hộ cận nghèo phát sinh",
    ]
    for col, label in enumerate(labels):
        sheet.merge_range(4, col, 5, col, label, head)
    _column_numbers(sheet, formats, last_col)
    by_commune = queries.commune_movements(area, year, standard_id, user)
    names = {r.commune_id: r.name for r in queries.commune_rows(area, year, standard_id, user)}
    row = FIRST_DATA_ROW
    totals = [0] * 5
    for number, (commune_id, name) in enumerate(names.items(), start=1):
        moves = by_commune.get(commune_id, queries.Movements())
        values = [
            moves.escaped_poor,
            moves.poor_to_near_poor,
            moves.newly_poor,
            moves.escaped_near_poor,
            moves.newly_near_poor,
        ]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        sheet.write_number(row, 0, number, formats.text)
        sheet.write(row, 1, name, formats.text)
        sheet.write_row(row, 2, values, formats.integer)
        row += 1
    sheet.write(row, 0, "", formats.total_text)
    sheet.write(row, 1, "Tổng cộng", formats.total_text)
    for offset, value in enumerate(totals):
        _sum_cell(sheet, row, 2 + offset, FIRST_DATA_ROW, value, formats.total_integer)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, last_col, 16)
    sheet.set_row(4, 30)
    _print_setup(sheet, row, last_col)
