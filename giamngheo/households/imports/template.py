"""The downloadable import template: households and members sheets with
Vietnamese headers and drop-down lists (sex, relation, yes/no, ethnicity,
status, the communes and villages of the user's area), an instructions sheet
and a sheet holding the lists. The demo file is the same workbook with rows."""

import io
from collections.abc import Sequence

import xlsxwriter

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units
from giamngheo.core.collation import sorted_vi
from giamngheo.core.sheets import limits
from giamngheo.core.workbooks import new_workbook
from giamngheo.households.imports.columns import (
    CAUSE_LABELS,
    ETHNICITIES,
    HOUSEHOLD_SHEET,
    MEMBER_SHEET,
    NO,
    RELATION_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    YES,
)

LISTS_SHEET = "Danh mục"
CAUSE_LIST = "; ".join(CAUSE_LABELS.values())
INSTRUCTIONS_SHEET = "Hướng dẫn"
VALIDATED_ROWS = 200_000
# (header, width, list column in the lists sheet or None, text format)
HOUSEHOLD_LAYOUT = [
    ("Mã hộ", 18, None, True), ("Xã/phường", 26, "communes", False), ("Thôn/tổ", 18, "villages", False),
    ("Chủ hộ", 26, None, False), ("Địa chỉ", 36, None, False), ("Dân tộc thiểu số", 12, "yes_no", False),
    ("Có người có công", 12, "yes_no", False), ("Không có khả năng LĐ", 12, "yes_no", False),
    ("Đăng ký thoát nghèo", 12, "yes_no", False), ("Dân tộc tại chỗ", 12, "yes_no", False),
    ("Nguyên nhân nghèo", 40, None, False), ("Mong muốn thoát nghèo", 12, "yes_no", False),
]  # fmt: skip
MEMBER_LAYOUT = [
    ("Mã hộ", 18, None, True), ("Họ và tên", 26, None, False), ("Ngày sinh", 12, None, True),
    ("Giới tính", 9, "sexes", False), ("Quan hệ với chủ hộ", 16, "relations", False),
    ("Dân tộc", 14, "ethnicities", False), ("Số CCCD", 15, None, True), ("Tình trạng", 16, "statuses", False),
    ("Trợ cấp xã hội hằng tháng", 14, "yes_no", False), ("Đào tạo nghề tại chỗ", 14, "yes_no", False),
]  # fmt: skip
REQUIRED = {"Mã hộ", "Xã/phường", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ"}
INSTRUCTIONS = [
    "Cách điền tệp nhập hộ gia đình và thành viên",
    "",
    f"1. Sheet '{HOUSEHOLD_SHEET}': mỗi hộ một dòng. Sheet '{MEMBER_SHEET}': mỗi thành viên một dòng, cột 'Mã hộ' ghi mã của hộ.",
    "2. Không đổi tên sheet và tên cột. Cột có nền vàng là bắt buộc; các cột khác có thể để trống.",
    "3. Mã hộ là mã ổn định của hộ: nhập lại cùng mã sẽ cập nhật hộ đó, không tạo hộ trùng.",
    "4. Thành viên được nhận ra theo số CCCD (hoặc họ tên và ngày sinh khi chưa có CCCD): nhập lại tệp không tạo thành viên trùng.",
    "5. Ngày sinh ghi theo dạng dd/mm/yyyy, ví dụ 05/09/1980. Số CCCD gồm 12 chữ số.",
    "6. Mỗi hộ có đúng một thành viên có quan hệ 'Chủ hộ'; hộ mới phải có ít nhất một thành viên.",
    "7. Xã/phường, thôn/tổ ghi theo tên hiện hành (có hoặc không dấu); tên xã trước 01/7/2025 cũng được nhận và chuyển sang xã mới.",
    "8. Các cột 'Có/Không' nhận: Có, Không, x hoặc để trống (= Không).",
    "9. Có thể thêm cột 'Tỉnh/Thành phố' khi tên xã trùng ở nhiều tỉnh.",
    f"10. Tệp tối đa {limits().max_bytes // 1024 // 1024} MB, định dạng .xlsx, .xls, .ods hoặc .csv (UTF-8; mỗi dòng một thành viên kèm các cột của hộ).",
    "11. Nếu tệp có lỗi, không dữ liệu nào được ghi; hệ thống trả lại tệp với các ô lỗi tô đỏ kèm ghi chú và sheet 'Danh sách lỗi'.",
    "12. Câu trả lời khảo sát (không bắt buộc): 'Nguyên nhân nghèo', 'Mong muốn thoát nghèo' (hộ nghèo, hộ cận nghèo) ở sheet hộ; "
    "'Trợ cấp xã hội hằng tháng' (người cao tuổi, người khuyết tật hưởng trợ cấp theo Nghị định 20/2021/NĐ-CP) và "
    "'Đào tạo nghề tại chỗ' (người 16-30 tuổi chưa tốt nghiệp THCS được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ) "
    "ở sheet thành viên. Ô có ghi được đưa vào phiếu khảo sát đang mở của hộ (tạo phiếu nháp từ phiếu gần nhất nếu chưa có); "
    "ô để trống giữ nguyên phiếu. Phiếu được phân loại khi nộp trên trang khảo sát.",
    f"13. 'Nguyên nhân nghèo' ghi một hay nhiều nguyên nhân, cách nhau bằng dấu chấm phẩy (;), ví dụ "
    f"'Thiếu vốn sản xuất, kinh doanh; Thiếu đất sản xuất'. Tên nguyên nhân (xem sheet '{LISTS_SHEET}'): {CAUSE_LIST}.",
]


def template_for(user) -> bytes:
    """An empty template whose unit lists are the user's area."""
    communes = scoped_units(AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE), user)
    villages = scoped_units(AdminUnit.objects.filter(level=Level.VILLAGE), user)
    return import_workbook(
        sorted_vi(communes.values_list("name", flat=True)),
        sorted_vi(set(villages.values_list("name", flat=True))),
    )


def import_workbook(
    communes: Sequence[str],
    villages: Sequence[str],
    households: Sequence[Sequence] = (),
    members: Sequence[Sequence] = (),
) -> bytes:
    output = io.BytesIO()
    book = new_workbook(output, {"constant_memory": True})  # rows go out as written: large files fit
    _instructions(book)
    lists = _lists(book, communes, villages)
    _data_sheet(book, HOUSEHOLD_SHEET, HOUSEHOLD_LAYOUT, lists, households)
    _data_sheet(book, MEMBER_SHEET, MEMBER_LAYOUT, lists, members)
    book.worksheets()[1].activate()
    book.close()
    return output.getvalue()


def _instructions(book) -> None:
    sheet = book.add_worksheet(INSTRUCTIONS_SHEET)
    sheet.set_column(0, 0, 130)
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for row, line in enumerate(INSTRUCTIONS):
        sheet.write(row, 0, line, title if row == 0 else wrap)


def _lists(book, communes: Sequence[str], villages: Sequence[str]) -> dict[str, str]:
    """Write each list in a column of the lists sheet; return name -> range formula."""
    values = {
        "communes": list(communes) or [""], "villages": list(villages) or [""],
        "sexes": list(SEX_LABELS.values()), "relations": list(RELATION_LABELS.values()), "yes_no": [YES, NO],
        "ethnicities": list(ETHNICITIES), "statuses": list(STATUS_LABELS.values()),
        "causes": list(CAUSE_LABELS.values()),
    }  # fmt: skip
    headers = {
        "communes": "Xã/phường", "villages": "Thôn/tổ", "sexes": "Giới tính", "relations": "Quan hệ với chủ hộ",
        "yes_no": "Có/Không", "ethnicities": "Dân tộc", "statuses": "Tình trạng", "causes": "Nguyên nhân nghèo",
    }  # fmt: skip
    sheet = book.add_worksheet(LISTS_SHEET)
    bold = book.add_format({"bold": True})
    ranges = {}
    for col, (name, items) in enumerate(values.items()):
        sheet.write(0, col, headers[name], bold)
        sheet.set_column(col, col, 24)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[name] = f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
    # Row by row: in constant-memory mode a row is written out once the next one starts, so
    # filling the lists column by column would keep only the first column.
    columns = list(values.values())
    for row in range(max(len(items) for items in columns)):
        for col, items in enumerate(columns):
            if row < len(items):
                sheet.write(row + 1, col, items[row])
    return ranges


def _data_sheet(book, name: str, layout, lists: dict[str, str], rows: Sequence[Sequence]) -> None:
    sheet = book.add_worksheet(name)
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    required = book.add_format(
        {"bold": True, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text = book.add_format({"num_format": "@"})
    for col, (header, width, list_name, as_text) in enumerate(layout):
        sheet.write(0, col, header, required if header in REQUIRED else head)
        sheet.set_column(col, col, width, text if as_text else None)
        if list_name:
            sheet.data_validation(
                1, col, VALIDATED_ROWS, col,
                {"validate": "list", "source": lists[list_name], "error_type": "warning",
                 "error_title": "Giá trị không có trong danh mục",
                 "error_message": f"Hãy chọn {header.lower()} trong danh sách."},
            )  # fmt: skip
    for row, values in enumerate(rows, start=1):
        sheet.write_row(row, 0, ["" if v is None else v for v in values])
    sheet.freeze_panes(1, 1)
