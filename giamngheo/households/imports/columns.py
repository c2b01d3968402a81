"""The import file's vocabulary: sheet names, column headers and the values each
coded column accepts. The template, the validator and the demo file all read it."""

from dataclasses import dataclass

from django.utils.text import capfirst

from giamngheo.core.text import fold
from giamngheo.households.models import CAUSE_FIELDS, HOUSEHOLD_FLAGS, MemberStatus, Relation, Survey
from giamngheo.standards.engine.vocabulary import SEXES

HOUSEHOLD_SHEET = "Hộ gia đình"
MEMBER_SHEET = "Thành viên"
CSV_SHEET = "CSV"
# The filtered-list export names its only sheet this way; importing it back updates households.
HOUSEHOLD_SHEET_ALIASES = (HOUSEHOLD_SHEET, "Danh sách hộ", "Ho")
MEMBER_SHEET_ALIASES = (MEMBER_SHEET, "Nhân khẩu", "Danh sách thành viên")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None

    def header_keys(self) -> set[str]:
        return {header_key(name) for name in (self.header, *self.aliases)}


HOUSEHOLD_COLUMNS = (
    Column("code", "Mã hộ", required=True, max_length=40),
    Column("province", "Tỉnh/Thành phố", aliases=("Tỉnh",)),
    Column("commune", "Xã/phường", required=True, aliases=("Xã", "Xã/phường/đặc khu")),
    Column("village", "Thôn/tổ", aliases=("Thôn/tổ dân phố", "Thôn", "Thôn/bản")),
    Column("head_name", "Chủ hộ", max_length=120, aliases=("Tên chủ hộ",)),
    Column("address", "Địa chỉ", max_length=255),
    Column("ethnic_minority", "Dân tộc thiểu số"),
    Column("meritorious", "Có người có công"),
    Column("no_labour_capacity", "Không có khả năng LĐ", aliases=("Không có khả năng lao động",)),
    Column("registered_to_escape", "Đăng ký thoát nghèo"),
    Column("indigenous", "Dân tộc tại chỗ"),
    Column(
        "agricultural",
        "Làm nông, lâm, ngư, diêm nghiệp",
        aliases=(
            "Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp",
            "Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp",
            "Nông, lâm, ngư, diêm nghiệp",
        ),
    ),
    # Survey answers (see SURVEY_HOUSEHOLD_FIELDS): written to the household's open survey.
    Column("causes", "Nguyên nhân nghèo", aliases=("Nguyên nhân nghèo chủ yếu", "Nguyên nhân")),
    Column("wishes_to_escape", "Mong muốn thoát nghèo", aliases=("Hộ có mong muốn thoát nghèo",)),
)
MEMBER_COLUMNS = (
    Column("household_code", "Mã hộ", required=True, max_length=40),
    Column("full_name", "Họ và tên", required=True, max_length=120, aliases=("Họ tên",)),
    Column("birth_date", "Ngày sinh", required=True),
    Column("sex", "Giới tính", required=True),
    Column("relation", "Quan hệ với chủ hộ", required=True, aliases=("Quan hệ",)),
    Column("ethnicity", "Dân tộc", max_length=40),
    Column("cccd", "Số CCCD", aliases=("CCCD", "Số căn cước", "Số định danh cá nhân")),
    Column("status", "Tình trạng", aliases=("Tình trạng cư trú",)),
    Column(
        "social_allowance",
        "Trợ cấp xã hội hằng tháng",
        aliases=("Hưởng trợ cấp xã hội hằng tháng", "Trợ cấp xã hội", "Hưởng trợ cấp xã hội"),
    ),
    Column(
        "employer_certified_training",
        "Đào tạo nghề tại chỗ",
        aliases=(
            "Được đào tạo nghề tại chỗ",
            "Được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ",
            "Đào tạo nghề tại chỗ (người sử dụng lao động xác nhận)",
        ),
    ),
)
FLAG_FIELDS = HOUSEHOLD_FLAGS
# Survey answers the file may carry: a filled cell goes into the household's open survey (see
# `imports/survey_answers.py`); an empty one leaves the survey as it is.
SURVEY_HOUSEHOLD_FIELDS = ("causes", "wishes_to_escape")
SURVEY_MEMBER_FIELDS = ("social_allowance", "employer_certified_training")
CAUSE_SEPARATORS = r"[;\n]"


def _cause_labels() -> dict[str, str]:
    return {name: capfirst(Survey._meta.get_field(name).verbose_name) for name in CAUSE_FIELDS}


CAUSE_LABELS = _cause_labels()  # field -> "Thiếu đất sản xuất", ...
# Short forms officers write, besides the full names.
CAUSE_ALIASES = {
    "thieu dat": "cause_no_land", "thieu von": "cause_no_capital", "thieu cong cu": "cause_no_tools",
    "thieu phuong tien san xuat": "cause_no_tools", "thieu kien thuc": "cause_no_know_how",
    "thieu ky nang": "cause_no_skills", "om dau": "cause_illness", "benh nang": "cause_illness",
    "tai nan": "cause_illness", "co nguoi om dau, benh nang": "cause_illness", "khac": "cause_other",
}  # fmt: skip

YES, NO = "Có", "Không"
YES_KEYS = frozenset({"co", "x", "1", "true", "yes", "c", "dung"})
NO_KEYS = frozenset({"khong", "0", "false", "no", "k", "-"})

SEX_LABELS = dict(SEXES)  # value -> label
RELATION_LABELS = dict(Relation.choices)
STATUS_LABELS = dict(MemberStatus.choices)

ETHNICITIES = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú",
    "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ-Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô",
    "Mảng", "Cơ Lao", "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip
ETHNICITY_ALIASES = ("H'Mông", "Hmông", "Mèo", "Khơ-me", "Raglai", "Ê-đê", "Bana", "Jrai", "K'Ho", "Stiêng")


def header_key(text: str) -> str:
    """Headers match with or without diacritics, case, spaces and a trailing '(*)'."""
    return fold(text).replace("(*)", "").replace("*", "").replace(" ", "")


def compact_key(text: str) -> str:
    """Ethnicity names match ignoring spaces, hyphens and apostrophes ("Ra Glai" = "Raglai")."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


ETHNICITY_KEYS = frozenset(compact_key(name) for name in (*ETHNICITIES, *ETHNICITY_ALIASES))


def label_keys(labels: dict[str, str]) -> dict[str, str]:
    """Folded label (and the value itself) -> value, for coded columns."""
    keys = {fold(label): value for value, label in labels.items()}
    keys |= {fold(value): value for value in labels}
    return keys
