"""A dashboard chart's data as an Excel workbook (the same rows the chart is drawn from)."""

import io
from decimal import Decimal

from giamngheo.core.workbooks import new_workbook
from giamngheo.reports.selection import Selection
from giamngheo.targets.dashboard import ChartData


def chart_workbook(chart: ChartData, selection: Selection) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text = book.add_format({"border": 1})
    integer = book.add_format({"border": 1, "num_format": "#,##0"})
    decimal = book.add_format({"border": 1, "num_format": "#,##0.00"})
    sheet = book.add_worksheet("Số liệu")
    last_col = max(len(chart.columns) - 1, 0)
    sheet.merge_range(0, 0, 0, last_col, chart.title, title)
    where = f"Địa bàn: {selection.unit.name}"
    if selection.has_data:
        where += f"; năm {selection.year}; chuẩn {selection.standard_id}"
    sheet.merge_range(1, 0, 1, last_col, where)
    sheet.write_row(3, 0, chart.columns, head)
    for i, row in enumerate(chart.rows, start=4):
        for j, value in enumerate(row):
            if value is None:
                sheet.write_blank(i, j, None, text)
            elif isinstance(value, bool):
                sheet.write(i, j, "có" if value else "không", text)
            elif isinstance(value, int):
                sheet.write_number(i, j, value, integer)
            elif isinstance(value, float | Decimal):
                sheet.write_number(i, j, float(value), decimal)
            else:
                sheet.write_string(i, j, str(value), text)
    sheet.set_column(0, last_col, 16)
    sheet.set_column(1, 1, 36)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    book.close()
    return output.getvalue()
