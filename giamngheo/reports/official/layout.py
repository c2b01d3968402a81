"""The sheet layouts of the fifteen official review reports, in one place.

The official forms' exact layouts (row and column order, wording, signature block) are
not published with the decrees we have; this module holds our best reconstruction, and
every sheet says so on its footer (`UNCONFIRMED_NOTE`). Replacing this module's texts and
column orders with the official ones changes every page, workbook and snapshot at once.
"""

from dataclasses import dataclass

# Support received, grouped as the report shows it. Keys are the support ledger's policy
# categories (`programs/data/policies.yaml`); the group with no categories takes the rest.
SUPPORT_GROUPS: dict[str, tuple[str, ...]] = {
    "health": ("health_insurance", "nutrition"),
    "education": ("tuition",),
    "production": ("livelihood", "vocational_training"),
    "credit": ("credit",),
    "housing": ("housing",),
    "other": (),
}
SUPPORT_LABELS = {
    "health": "Y tế",
    "education": "Giáo dục",
    "production": "Sản xuất, sinh kế",
    "credit": "Tín dụng",
    "housing": "Nhà ở",
    "other": "Khác",
}

UNCONFIRMED_NOTE = (
    "Mẫu biểu do giamngheo dựng lại theo nội dung báo cáo; chưa đối chiếu được bố cục chính thức "
    "của mẫu biểu ban hành."
)
SIGNATURES = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"), ("TM. ỦY BAN NHÂN DÂN", "(Ký tên, đóng dấu)"))
TOTAL_LABEL = "Tổng cộng"
UNIT_HEADER = "Đơn vị"


@dataclass(frozen=True)
class Sheet:
    number: int
    sheet: str
    title: str
    note: str = ""

    @property
    def caption(self) -> str:
        return f"Biểu {self.number:02d}. {self.title}"


SHEETS: dict[int, Sheet] = {
    sheet.number: sheet
    for sheet in (
        Sheet(
            1,
            "B01 NLNDN TB",
            "Kết quả rà soát hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
        ),
        Sheet(
            2,
            "B02 Biến động nghèo",
            "Biến động hộ nghèo (đầu kỳ – cuối kỳ)",
            "Đầu kỳ: kết quả chính thức năm trước; cuối kỳ: kết quả rà soát năm báo cáo. "
            "Cuối kỳ = Đầu kỳ − Giảm + Tăng.",
        ),
        Sheet(
            3,
            "B03 Biến động cận nghèo",
            "Biến động hộ cận nghèo (đầu kỳ – cuối kỳ)",
            "Cuối kỳ = Đầu kỳ − Giảm + Tăng.",
        ),
        Sheet(4, "B04 Thiếu hụt nghèo", "Hộ nghèo theo mức độ thiếu hụt các dịch vụ xã hội cơ bản (số hộ)"),
        Sheet(5, "B05 Tỷ lệ thiếu hụt nghèo", "Tỷ lệ hộ nghèo thiếu hụt các dịch vụ xã hội cơ bản (%)"),
        Sheet(
            6,
            "B06 Thiếu hụt cận nghèo",
            "Hộ cận nghèo theo mức độ thiếu hụt các dịch vụ xã hội cơ bản (số hộ)",
        ),
        Sheet(7, "B07 Tỷ lệ thiếu hụt CN", "Tỷ lệ hộ cận nghèo thiếu hụt các dịch vụ xã hội cơ bản (%)"),
        Sheet(
            8,
            "B08 Nhóm đối tượng",
            "Hộ nghèo, hộ cận nghèo theo nhóm đối tượng và chính sách hỗ trợ đã nhận",
            "Hỗ trợ: hộ có ít nhất một lần nhận hỗ trợ của nhóm chính sách trong năm báo cáo (sổ theo dõi hỗ trợ).",
        ),
        Sheet(
            9,
            "B09 Dân tộc",
            "Hộ nghèo, hộ cận nghèo theo dân tộc",
            "Dân tộc của hộ là dân tộc của chủ hộ.",
        ),
        Sheet(
            10,
            "B10 Nguyên nhân nghèo",
            "Hộ nghèo, hộ cận nghèo theo nguyên nhân nghèo",
            "Một hộ có thể có nhiều nguyên nhân nên tổng các nguyên nhân có thể lớn hơn số hộ.",
        ),
        Sheet(
            11,
            "B11 Trẻ em",
            "Trẻ em dưới 16 tuổi thiếu hụt dịch vụ xã hội cơ bản trong hộ nghèo, hộ cận nghèo",
            "Đơn vị tính: người. Không được đi học: trẻ từ 3 đến dưới 16 tuổi không đi học đúng cấp.",
        ),
        Sheet(12, "B12 KQ hộ nghèo", "Kết quả rà soát hộ nghèo theo chuẩn nghèo đa chiều"),
        Sheet(13, "B13 KQ hộ cận nghèo", "Kết quả rà soát hộ cận nghèo theo chuẩn nghèo đa chiều"),
        Sheet(14, "B14 DS hộ cận nghèo", "Danh sách hộ cận nghèo và thành viên"),
        Sheet(15, "B15 DS hộ nghèo", "Danh sách hộ nghèo và thành viên"),
    )
}
TABLE_NUMBERS = tuple(range(1, 14))
LIST_NUMBERS = {14: "near_poor", 15: "poor"}

LIST_HEADERS = (
    ("STT", 5),
    ("Xã/phường", 18),
    ("Thôn/tổ", 16),
    ("Mã hộ", 16),
    ("Họ và tên", 24),
    ("Quan hệ với chủ hộ", 12),
    ("Ngày sinh", 11),
    ("Giới tính", 8),
    ("Dân tộc", 10),
    ("Số nhân khẩu", 9),
    ("Chỉ số thiếu hụt", 40),
)
