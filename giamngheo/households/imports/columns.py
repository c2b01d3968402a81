"""The import file's vocabulary: sheet names, column headers and the values each
coded column accepts. The template, the validator and the demo file all read it."""

from dataclasses import dataclass

from giamngheo.core.text import fold
from giamngheo.households.models import MemberStatus, Relation
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
)
FLAG_FIELDS = (
    "ethnic_minority",
    "meritorious",
    "no_labour_capacity",
    "registered_to_escape",
    "indigenous",
    "agricultural",
)

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
