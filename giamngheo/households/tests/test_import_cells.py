"""Bad cells: each is refused with a message naming sheet, row and column, and nothing is written."""

import pytest

from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import (  # noqa: F401
    assert_refused,
    officer,
    sample_households,
    sample_members,
    snapshot,
    xlsx,
)
from giamngheo.households.models import Household, Member


@pytest.fixture
def unchanged(geography):
    """Assert after the test that the registry is exactly as before it."""
    before = snapshot()
    yield
    assert snapshot() == before


def _members_with(row_index: int, column: int, value: str) -> list[list]:
    members = sample_members()
    members[row_index][column] = value
    return members


def test_date_in_the_wrong_format_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(1, 2, "1984-11-02")), officer)
    assert_refused(outcome, "không đúng dạng dd/mm/yyyy", "Thành viên", 3, "Ngày sinh")


def test_impossible_and_future_dates_are_refused(officer, unchanged):  # noqa: F811
    members = _members_with(1, 2, "31/02/1984")
    members[2][2] = "01/01/2999"
    outcome = import_file("ho.xlsx", xlsx(members=members), officer)
    assert_refused(outcome, "không có thật", "Thành viên", 3, "Ngày sinh")
    assert_refused(outcome, "sau ngày hôm nay", "Thành viên", 4, "Ngày sinh")


def test_invalid_cccd_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(0, 6, "12345")), officer)
    assert_refused(outcome, "Số CCCD phải gồm đúng 12 chữ số", "Thành viên", 2, "Số CCCD")


def test_cccd_not_matching_birth_year_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(0, 6, "056081000123")), officer)
    assert_refused(outcome, "không khớp với năm sinh", "Thành viên", 2, "Số CCCD")


def test_cccd_repeated_in_the_file_is_refused(officer, unchanged):  # noqa: F811
    members = _members_with(3, 6, "056080000123")
    members[3][2], members[3][3] = "15/03/1980", "Nam"
    outcome = import_file("ho.xlsx", xlsx(members=members), officer)
    assert_refused(outcome, "trùng với dòng 2", "Thành viên", 5, "Số CCCD")


@pytest.mark.parametrize("inside", [True, False], ids=["inside-area", "outside-area"])
def test_cccd_of_another_households_member_is_refused(geography, officer, inside):  # noqa: F811
    commune = geography["commune"] if inside else geography["urban"]
    other = Household.objects.create(
        code="KHAC-1", province=geography["province"], commune=commune, head_name="Hồ Văn Tư"
    )
    Member.objects.create(
        household=other, full_name="Hồ Văn Tư", birth_date="1980-01-01", sex="male", relation="head",
        cccd="056080000123",
    )  # fmt: skip
    before = snapshot()
    outcome = import_file("ho.xlsx", xlsx(), officer)
    if inside:
        assert_refused(outcome, "đã có ở thành viên Hồ Văn Tư của hộ KHAC-1", "Thành viên", 2, "Số CCCD")
    else:  # neither the name nor the household outside the officer's area is told
        assert_refused(outcome, "đã được dùng ở một hộ ngoài địa bàn của bạn", "Thành viên", 2, "Số CCCD")
        assert not any("KHAC-1" in str(p) or "Hồ Văn Tư" in str(p) for p in outcome.problems)
    assert snapshot() == before


def test_unknown_commune_is_refused(officer, unchanged):  # noqa: F811
    households = sample_households()
    households[1][1] = "Xã Không Có"
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(outcome, "Không tìm thấy xã/phường 'Xã Không Có'", "Hộ gia đình", 3, "Xã/phường")


def test_unknown_village_is_refused(officer, unchanged):  # noqa: F811
    households = sample_households()
    households[0][2] = "Thôn Chín"
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(outcome, "Không tìm thấy thôn/tổ 'Thôn Chín'", "Hộ gia đình", 2, "Thôn/tổ")


def test_household_whose_members_have_no_head_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(0, 4, "Con")), officer)
    assert_refused(outcome, "Hộ 'NT-0001' chưa có chủ hộ", "Thành viên", 2, "Quan hệ với chủ hộ")


def test_household_with_two_heads_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(1, 4, "Chủ hộ")), officer)
    assert_refused(
        outcome, "nhiều hơn một chủ hộ (đã có chủ hộ ở dòng 2)", "Thành viên", 3, "Quan hệ với chủ hộ"
    )


def test_household_without_members_is_refused(officer, unchanged):  # noqa: F811
    households = sample_households() + [["NT-0003", "Xã Phước Hà", "", "Đỗ Văn Ba", "", "", "", "", ""]]
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(outcome, "Hộ 'NT-0003' chưa có thành viên nào", "Hộ gia đình", 4, "Mã hộ")


def test_member_of_an_unknown_household_code_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(2, 0, "NT-9999")), officer)
    assert_refused(outcome, "Mã hộ 'NT-9999' không có trong sheet hộ gia đình", "Thành viên", 4, "Mã hộ")


def test_coded_values_and_flags_outside_their_lists_are_refused(officer, unchanged):  # noqa: F811
    members = _members_with(0, 3, "Không rõ")
    members[1][5] = "Sao Hỏa"
    households = sample_households()
    households[0][6] = "có lẽ"
    outcome = import_file("ho.xlsx", xlsx(households=households, members=members), officer)
    assert_refused(
        outcome, "Giá trị 'Không rõ' không hợp lệ; hãy chọn một trong: Nam, Nữ", "Thành viên", 2, "Giới tính"
    )
    assert_refused(outcome, "Dân tộc 'Sao Hỏa' không có trong danh mục", "Thành viên", 3, "Dân tộc")
    assert_refused(outcome, "hãy ghi 'Có' hoặc 'Không'", "Hộ gia đình", 2, "Có người có công")


def test_duplicate_household_code_is_refused(officer, unchanged):  # noqa: F811
    households = sample_households()
    households[1][0] = "NT-0001"
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(outcome, "Mã hộ bị trùng với dòng 2", "Hộ gia đình", 3, "Mã hộ")


def test_required_cell_left_empty_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(members=_members_with(2, 1, "")), officer)
    assert_refused(outcome, "không được để trống", "Thành viên", 4, "Họ và tên")
