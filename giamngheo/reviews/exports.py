"""A frozen list as an Excel workbook in the official layout: merged title rows (the
commune's header and the national motto), the list's title and dates, Vietnamese column
headers with column numbers, A4 landscape, headers repeated on each printed page."""

import io

from giamngheo.core.workbooks import new_workbook
from giamngheo.reviews import guards
from giamngheo.reviews.models import Decision, ListSnapshot, ListStage, Round

COLUMNS = [
    ("STT", 6),
    ("Mã hộ", 16),
    ("Họ và tên chủ hộ", 30),
    ("Thôn/tổ", 22),
    ("Địa chỉ", 30),
    ("Phân loại trước rà soát", 20),
    ("Phân loại", 20),
    ("Ghi chú", 16),
]
FIRST_ROW = 8


def list_title(snapshot: ListSnapshot) -> str:
    return f"DANH SÁCH {snapshot.get_kind_display().upper()} NĂM {snapshot.year}"


def list_subtitle(snapshot: ListSnapshot) -> str:
    if snapshot.stage == ListStage.FINAL and snapshot.decision:
        decision = snapshot.decision
        return (
            f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} "
            f"của Chủ tịch UBND {snapshot.unit.name}; phiên bản {snapshot.version})"
        )
    return (
        f"(Danh sách niêm yết từ {snapshot.posted_from:%d/%m/%Y} đến {snapshot.posted_until:%d/%m/%Y}; "
        f"phiên bản {snapshot.version}, lập ngày {snapshot.created_at:%d/%m/%Y})"
    )


def list_notes(snapshot: ListSnapshot) -> list[str]:
    """Lines every copy of a list carries about what it rests on (placeholder tables,
    unconfirmed values, an override of the standard and who acknowledged it)."""
    return decision_notes(snapshot.round, snapshot.decision if snapshot.stage == ListStage.FINAL else None)


def decision_notes(round_: Round, decision: Decision | None) -> list[str]:
    notes = [f"Ghi chú: {line}" for line in guards.caveats_for(round_.standard_id)]
    if round_.standard_override_reason:
        notes.append(
            f"Đợt rà soát áp dụng chuẩn {round_.standard_id} dù chuẩn này không có hiệu lực vào ngày danh sách "
            f"có hiệu lực. Lý do: {round_.standard_override_reason}"
        )
    if decision is not None and decision.standard_override_reason:
        notes.append(
            f"Quyết định áp dụng chuẩn {round_.standard_id} không có hiệu lực vào ngày "
            f"{decision.effective_on:%d/%m/%Y}. Lý do: {decision.standard_override_reason}"
        )
    if decision is not None and decision.placeholder_acknowledged_by:
        notes.append(
            f"Ban hành khi bảng điểm phiếu B1 còn là bảng tạm; người xác nhận: {decision.placeholder_acknowledged_by}."
        )
    return notes


def official_formats(book) -> dict:
    """The formats of an official list: Times New Roman, bordered cells, numbered column heads."""
    font = {"font_name": "Times New Roman", "font_size": 11}
    border = font | {"border": 1, "valign": "vcenter"}
    return {
        "bold_center": book.add_format(font | {"bold": True, "align": "center", "valign": "vcenter"}),
        "center": book.add_format(font | {"align": "center", "valign": "vcenter"}),
        "title": book.add_format(
            font | {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
        ),
        "italic": book.add_format(
            font | {"italic": True, "align": "center", "valign": "vcenter", "text_wrap": True}
        ),
        "head": book.add_format(
            border | {"bold": True, "align": "center", "text_wrap": True, "bg_color": "#EEF1F5"}
        ),
        "number": book.add_format(border | {"italic": True, "align": "center", "font_size": 9}),
        "text": book.add_format(border),
        "integer": book.add_format(border | {"align": "center"}),
        "total": book.add_format(border | {"bold": True, "align": "center"}),
        "total_label": book.add_format(border | {"bold": True}),
        "note": book.add_format(font | {"italic": True, "text_wrap": True, "font_size": 9}),
    }


def write_heading(sheet, formats: dict, authority: str, title: str, subtitle: str, columns) -> None:
    """Rows 0-7 of an official list: the issuing authority and the national motto, the title
    and subtitle, the column heads and their numbers; rows written in order, so a workbook in
    constant-memory mode can use it too."""
    last = len(columns) - 1
    half = last // 2
    for col, (_, width) in enumerate(columns):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, half, f"UBND {authority.upper()}", formats["bold_center"])
    sheet.merge_range(0, half + 1, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", formats["bold_center"])
    sheet.merge_range(1, half + 1, 1, last, "Độc lập - Tự do - Hạnh phúc", formats["bold_center"])
    sheet.set_row(3, 24)
    sheet.merge_range(3, 0, 3, last, title, formats["title"])
    sheet.set_row(4, 30)
    sheet.merge_range(4, 0, 4, last, subtitle, formats["italic"])
    sheet.set_row(6, 32)
    for col, (label, _) in enumerate(columns):
        sheet.write(6, col, label, formats["head"])
    for col in range(len(columns)):
        sheet.write(7, col, f"({col + 1})", formats["number"])


def print_on_a4_landscape(sheet, *, repeat_heads: bool = True) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    if repeat_heads:
        sheet.repeat_rows(6, 7)
    sheet.set_footer("&CTrang &P/&N")


def list_workbook(snapshot: ListSnapshot) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    book.set_properties({"title": list_title(snapshot), "author": "giamngheo"})
    formats = official_formats(book)
    text, integer = formats["text"], formats["integer"]
    sheet = book.add_worksheet("Danh sách")
    last = len(COLUMNS) - 1
    half = last // 2
    write_heading(sheet, formats, snapshot.unit.name, list_title(snapshot), list_subtitle(snapshot), COLUMNS)
    row = FIRST_ROW
    for item in snapshot.rows.order_by("position").iterator(chunk_size=5000):
        sheet.write_number(row, 0, item.position, integer)
        sheet.write(row, 1, item.household_code, text)
        sheet.write(row, 2, item.head_name, text)
        sheet.write(row, 3, item.village_name, text)
        sheet.write(row, 4, item.address, text)
        sheet.write(row, 5, item.get_previous_status_display() if item.previous_status else "", text)
        sheet.write(row, 6, item.get_status_display(), text)
        sheet.write(row, 7, "", text)
        row += 1
    sheet.merge_range(row + 1, half + 1, row + 1, last, "CHỦ TỊCH UBND", formats["bold_center"])
    sheet.merge_range(row + 2, half + 1, row + 2, last, "(Ký, ghi rõ họ tên, đóng dấu)", formats["center"])
    for offset, note in enumerate(list_notes(snapshot), start=4):
        sheet.merge_range(row + offset, 0, row + offset, last, note, formats["note"])
    sheet.freeze_panes(FIRST_ROW, 0)
    print_on_a4_landscape(sheet)
    book.close()
    return output.getvalue()
