"""A commune officer imports only into their own commune(s)."""

from giamngheo.accounts.models import Role
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import assert_refused, officer, sample_households, snapshot, xlsx  # noqa: F401
from giamngheo.households.models import Household


def test_rows_for_another_commune_are_refused(geography, officer):  # noqa: F811
    households = sample_households()
    households[1][1] = "Phường Phan Rang"  # same province, not the officer's commune
    before = snapshot()
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(outcome, "nằm ngoài địa bàn bạn được phân công", "Hộ gia đình", 3, "Xã/phường")
    assert snapshot() == before


def test_commune_of_another_province_is_not_found(geography, officer):  # noqa: F811
    households = sample_households()
    households[1][1] = "Xã Bát Xát"
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert_refused(
        outcome, "Không tìm thấy xã/phường 'Xã Bát Xát' thuộc Tỉnh Khánh Hòa", "Hộ gia đình", 3, "Xã/phường"
    )


def test_code_of_a_household_outside_the_area_is_refused(geography, officer):  # noqa: F811
    Household.objects.create(
        code="NT-0002",
        province=geography["other_province"],
        commune=geography["other_commune"],
        head_name="Lò Văn Xá",
    )
    outcome = import_file("ho.xlsx", xlsx(), officer)
    assert_refused(
        outcome, "Mã hộ 'NT-0002' đã được dùng cho một hộ ngoài địa bàn", "Hộ gia đình", 3, "Mã hộ"
    )
    assert Household.objects.get(code="NT-0002").commune == geography["other_commune"]


def test_province_officer_imports_into_any_commune_of_the_province(geography, make_user):
    households = sample_households()
    households[1][1] = "Phường Phan Rang"
    user = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    assert import_file("ho.xlsx", xlsx(households=households), user).ok
    assert Household.objects.get(code="NT-0002").commune == geography["urban"]


def test_leader_cannot_import(geography, make_user):
    leader = make_user("lanh-dao", Role.LEADER, geography["province"])
    assert_refused(import_file("ho.xlsx", xlsx(), leader), "không có quyền nhập dữ liệu", "Tệp")
    assert not Household.objects.exists()
