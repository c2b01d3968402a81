"""The impact of a standard change as one workbook: statuses, the matrix, communes and costs."""

import io

from giamngheo.core.workbooks import new_workbook
from giamngheo.planning.impact import STATUSES, Impact
from giamngheo.planning.labels import STATUS_LABELS


def impact_workbook(impact: Impact, unit_name: str, commune_names: dict[int, str]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    money = book.add_format({"num_format": "#,##0"})
    head = book.add_format({"bold": True, "bg_color": "#e8eef6", "border": 1, "text_wrap": True})

    sheet = book.add_worksheet("Theo phân loại")
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.write(0, 0, f"Tác động khi chuyển từ chuẩn {impact.standard_from} sang {impact.standard_to}", title)
    sheet.write(
        1, 0, f"{unit_name} — khảo sát năm {impact.year}, danh sách áp dụng từ 01/01/{impact.year + 1}"
    )
    headers = ["Phân loại", f"Số hộ ({impact.standard_from})", f"Số hộ ({impact.standard_to})",
               f"Nhân khẩu ({impact.standard_from})", f"Nhân khẩu ({impact.standard_to})"]  # fmt: skip
    sheet.write_row(3, 0, headers, head)
    for i, row in enumerate(impact.by_status(), start=4):
        sheet.write_string(i, 0, STATUS_LABELS[row["status"]])
        sheet.write_row(
            i, 1, [row["households_from"], row["households_to"], row["people_from"], row["people_to"]]
        )
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 4, 16)

    matrix = book.add_worksheet("Ma trận chuyển đổi")
    matrix.write(
        0,
        0,
        f"Số hộ theo phân loại: hàng = chuẩn {impact.standard_from}, cột = chuẩn {impact.standard_to}",
        bold,
    )
    matrix.write_row(2, 1, [STATUS_LABELS[s] for s in STATUSES], head)
    counts = impact.matrix()
    for i, status_from in enumerate(STATUSES, start=3):
        matrix.write_string(i, 0, STATUS_LABELS[status_from], bold)
        matrix.write_row(i, 1, [counts[status_from][s] for s in STATUSES])
    matrix.set_column(0, 4, 24)

    communes = book.add_worksheet("Theo xã và chi phí")
    communes.set_landscape()
    communes.set_paper(9)
    communes.write(0, 0, "Chi ngân sách đóng bảo hiểm y tế một năm theo phân loại (đồng)", title)
    insurance = impact.insurance
    communes.write(
        1,
        0,
        (
            f"Mức đóng {insurance.rate.value:.1%} × lương cơ sở {insurance.base_salary.value:,} đồng × 12 tháng "
            f"= {insurance.yearly_premium:,} đồng/người/năm ({insurance.base_salary.reference}; {insurance.rate.reference}; "
            f"tỷ lệ hỗ trợ: {insurance.shares.reference}{'' if insurance.confirmed else ', chưa được xác nhận'})"
        ).replace(",", "."),
    )
    headers = ["Xã/phường", "Số hộ", "Nhân khẩu", "Số hộ đổi phân loại", "Hộ nghèo (cũ)", "Hộ nghèo (mới)",
               "Hộ cận nghèo (cũ)", "Hộ cận nghèo (mới)", "Chi BHYT (chuẩn cũ)", "Chi BHYT (chuẩn mới)", "Chênh lệch"]  # fmt: skip
    communes.write_row(3, 0, headers, head)
    for i, row in enumerate(impact.by_commune().iter_rows(named=True), start=4):
        communes.write_string(i, 0, commune_names.get(row["commune_id"], str(row["commune_id"])))
        communes.write_row(i, 1, [row["households"], row["people"], row["changed"], row["poor_from"],
                                  row["poor_to"], row["near_poor_from"], row["near_poor_to"]])  # fmt: skip
        communes.write_row(i, 8, [row["cost_from"], row["cost_to"], row["cost_change"]], money)
    communes.set_column(0, 0, 30)
    communes.set_column(1, 7, 12)
    communes.set_column(8, 10, 18)
    book.close()
    return buffer.getvalue()
