"""The filtered household list as an Excel workbook (same scope and filters as the page)."""

import io

from django.db.models import QuerySet

from giamngheo.core.workbooks import new_workbook
from giamngheo.households.models import Status

COLUMNS = [
    ("Mã hộ", 16), ("Chủ hộ", 26), ("Địa chỉ", 40), ("Xã/phường", 24), ("Thôn/tổ", 18), ("Phân loại", 24),
    ("Dân tộc thiểu số", 10), ("Có người có công", 10), ("Không có khả năng LĐ", 10), ("Đăng ký thoát nghèo", 10),
    ("Làm nông, lâm, ngư, diêm nghiệp", 12),
]  # fmt: skip


def household_workbook(households: QuerySet, title: str) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Danh sách hộ")
    bold = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    sheet.write(0, 0, title, bold)
    for col, (label, width) in enumerate(COLUMNS):
        sheet.write(2, col, label, head)
        sheet.set_column(col, col, width)
    yes = {True: "x", False: ""}
    row = 2
    rows = households.select_related("commune", "village").values_list(
        "code", "head_name", "address", "commune__name", "village__name", "current__status",
        "ethnic_minority", "meritorious", "no_labour_capacity", "registered_to_escape", "agricultural",
    )  # fmt: skip
    labels = dict(Status.choices)
    for row, values in enumerate(rows.iterator(chunk_size=5000), start=3):
        code, head_name, address, commune, village, status, *flags = values
        sheet.write_row(
            row, 0, [code, head_name, address, commune, village or "", labels.get(status, "Chưa phân loại"),
                     *(yes[f] for f in flags)],
        )  # fmt: skip
    sheet.freeze_panes(3, 2)
    sheet.autofilter(2, 0, max(row, 3), len(COLUMNS) - 1)
    book.close()
    return output.getvalue()
