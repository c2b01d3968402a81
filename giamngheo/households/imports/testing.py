"""Helpers for the import tests: small workbooks and CSV files built in memory,
valid sample rows for the test geography, and a snapshot of the registry."""

import csv
import io

import pytest
from openpyxl import Workbook

from giamngheo.accounts.models import Role
from giamngheo.households.imports.columns import HOUSEHOLD_SHEET, MEMBER_SHEET
from giamngheo.households.models import Household, Member

HOUSEHOLD_HEADERS = [
    "Mã hộ", "Xã/phường", "Thôn/tổ", "Chủ hộ", "Địa chỉ", "Dân tộc thiểu số", "Có người có công",
    "Không có khả năng LĐ", "Đăng ký thoát nghèo",
]  # fmt: skip
MEMBER_HEADERS = [
    "Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Dân tộc", "Số CCCD", "Tình trạng",
]  # fmt: skip


def sample_households() -> list[list]:
    return [
        [
            "NT-0001",
            "Xã Phước Hà",
            "Thôn Một",
            "Nguyễn Văn An",
            "Thôn Một, Xã Phước Hà",
            "Không",
            "Có",
            "",
            "",
        ],
        ["NT-0002", "phuoc ha", "", "Trần Thị Bình", "", "x", "", "", "Không"],
    ]


def sample_members() -> list[list]:
    return [
        ["NT-0001", "Nguyễn Văn An", "15/03/1980", "Nam", "Chủ hộ", "Kinh", "056080000123", ""],
        ["NT-0001", "Lê Thị Hoa", "02/11/1984", "Nữ", "Vợ/chồng", "Kinh", "056184000456", "Đang sinh sống"],
        ["NT-0001", "Nguyễn Văn Nam", "20/07/2010", "Nam", "Con", "Kinh", "", ""],
        ["NT-0002", "Trần Thị Bình", "01/01/1975", "Nữ", "Chủ hộ", "Raglai", "", ""],
    ]


def xlsx(
    households: list[list] | None = None,
    members: list[list] | None = None,
    *,
    household_headers: list[str] = HOUSEHOLD_HEADERS,
    member_headers: list[str] = MEMBER_HEADERS,
    household_sheet: str | None = HOUSEHOLD_SHEET,
    member_sheet: str | None = MEMBER_SHEET,
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, headers, rows in (
        (household_sheet, household_headers, sample_households() if households is None else households),
        (member_sheet, member_headers, sample_members() if members is None else members),
    ):
        if name is None:
            continue
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def flat_csv(encoding: str = "utf-8") -> bytes:
    """One row per member with the household columns repeated."""
    households = {row[0]: row for row in sample_households()}
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HOUSEHOLD_HEADERS + MEMBER_HEADERS[1:])
    for member in sample_members():
        writer.writerow(households[member[0]] + member[1:])
    # Windows-1258 lacks some precomposed letters: enough of the text survives to be a legacy file.
    return output.getvalue().encode(encoding, errors="replace")


def snapshot() -> tuple[list, list]:
    """Everything an import may change, to compare before and after."""
    households = list(
        Household.objects.order_by("code").values_list(
            "code", "province_id", "commune_id", "village_id", "head_name", "address", "ethnic_minority",
            "meritorious", "no_labour_capacity", "registered_to_escape", "indigenous", "agricultural", "current__status", "is_active", "search_text",
        )
    )  # fmt: skip
    members = list(
        Member.objects.order_by("household__code", "pk").values_list(
            "household__code", "full_name", "birth_date", "sex", "ethnicity", "relation", "cccd", "status",
            "search_name",
        )
    )  # fmt: skip
    return households, members


@pytest.fixture
def officer(geography, make_user):
    """A commune officer of Xã Phước Hà."""
    return make_user("can-bo-xa", Role.COMMUNE_OFFICER, geography["commune"])


def assert_refused(
    outcome, words: str, sheet: str, row: int | None = None, column: str | None = None
) -> None:
    """The import was refused with a Vietnamese message naming the sheet, row and column."""
    assert not outcome.ok
    messages = [str(problem) for problem in outcome.problems]
    wanted = [f"Sheet '{sheet}'"]
    if row is not None:
        wanted.append(f"dòng {row}")
    if column is not None:
        wanted.append(f"cột '{column}'")
    assert any(words in m and all(w in m for w in wanted) for m in messages), messages
