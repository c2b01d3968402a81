"""The commune officer's, the leader's and the village collaborator's main pages, walked in
a real browser: their level's breakdown, Vietnamese names in Vietnamese order, no internal
codes and no command on screen, Vietnamese error pages."""

import re

import pytest

from conftest import make_unit
from giamngheo.accounts.models import Role
from giamngheo.reviews.models import Round, RoundHousehold
from giamngheo.standards.runs import create_run, execute_run
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words that only a programmer should see: status and role codes, indicator codes, None.
RAW = re.compile(
    r"\b(poor|near_poor|not_poor|commune_officer|village_collaborator|province_officer|leader|"
    r"income_and_deprivation|adult_education|dependants|health_insurance|None|True|False)\b"
)
COMMANDS = re.compile(r"giamngheo [a-z_]+|refresh_summaries|load_seed_plans|load_programs|load_units")
VILLAGES = ["Thôn Cam Lâm", "Thôn Cà Ná", "Thôn Đông", "Thôn Dương", "Thôn Ấp Bắc"]
SORTED_VILLAGES = ["Thôn Ấp Bắc", "Thôn Cà Ná", "Thôn Cam Lâm", "Thôn Dương", "Thôn Đông", "Thôn Một"]


@pytest.fixture
def commune_with_data(geography, make_user, surveyed):
    commune = geography["commune"]
    villages = [
        make_unit(f"22402-1{i}", name, "village", commune, kind="Thôn") for i, name in enumerate(VILLAGES)
    ]
    households = []
    for i, village in enumerate(villages):
        for income in (800_000, 1_400_000, 5_000_000)[: 1 + i % 3]:
            household = surveyed(commune, income)
            household.village = village
            household.save()
            households.append(household)
    other = surveyed(geography["urban"], 900_000)
    execute_run(create_run(geography["province"], 2024))
    round_ = Round.objects.create(
        unit=commune, province=commune.province, commune=commune, year=2025, standard_id="2022-2025"
    )
    for household in households[:4]:
        RoundHousehold.objects.create(
            round=round_, household=household, reason="on_list", computed_status="poor"
        )
    make_user("xa", Role.COMMUNE_OFFICER, commune)
    make_user("lanhdao", Role.LEADER, geography["province"])
    make_user("thon", Role.VILLAGE_COLLABORATOR, villages[2])
    return {"commune": commune, "villages": villages, "other": other}


def _check_clean(page, where: str) -> str:
    page.wait_for_load_state()  # a click only waits for the next page to start arriving
    text = page.locator("body").inner_text()
    assert not RAW.findall(text), f"{where}: raw codes {set(RAW.findall(text))}"
    assert not COMMANDS.findall(text), f"{where}: command hints {COMMANDS.findall(text)}"
    return text


def _breakdown_names(page) -> list[str]:
    return page.locator(".breakdown tbody tr td:first-child").all_inner_texts()


def test_commune_officer_walks_home_dashboard_reports_audit_and_errors(page, commune_with_data):
    login(page, "xa")
    text = _check_clean(page, "home")
    assert "Xã Phước Hà theo thôn/tổ dân phố" in text
    assert _breakdown_names(page) == SORTED_VILLAGES  # Vietnamese order: Ấ, Cà Ná before Cam Lâm, D before Đ
    assert "Rà soát năm 2025: đã khảo sát" in text
    screenshot(page, "officer-home")

    page.get_by_role("link", name="Bảng điều khiển").click()
    text = _check_clean(page, "dashboard")
    assert "Xã Phước Hà theo thôn/tổ dân phố" in text and "Hộ nghèo" in text
    screenshot(page, "officer-dashboard")

    page.get_by_role("link", name="Báo cáo").first.click()
    text = _check_clean(page, "reports")
    assert _breakdown_names(page) == SORTED_VILLAGES
    screenshot(page, "officer-reports")

    page.get_by_role("link", name="Hộ gia đình").first.click()
    _check_clean(page, "households")
    page.get_by_role("link", name="Nhập dữ liệu").click()
    assert page.url.endswith("/nhap-du-lieu/")
    _check_clean(page, "import")

    page.get_by_role("link", name="Nhật ký thay đổi").click()
    _check_clean(page, "audit")
    assert page.get_by_label("Người thực hiện").is_visible()
    screenshot(page, "officer-audit")

    for path in ("/chuong-trinh/", "/ke-hoach/danh-sach/", "/chuan-ngheo/luot-phan-loai/", "/ra-soat/"):
        page.goto(f"{page.base_url}{path}")
        _check_clean(page, path)
    run_units = (
        page.goto(f"{page.base_url}/chuan-ngheo/luot-phan-loai/")
        and page.locator("#id_unit option").all_inner_texts()
    )
    assert "Tỉnh Khánh Hòa" not in " ".join(run_units)  # the province is not the officer's to run

    page.goto(f"{page.base_url}/trang-khong-ton-tai/")
    text = _check_clean(page, "404")
    assert "Không tìm thấy trang" in text and page.get_by_role("link", name="Về trang tổng quan").is_visible()
    screenshot(page, "officer-404")
    page.goto(f"{page.base_url}/ke-hoach/bang-dieu-khien/?don_vi={commune_with_data['other'].commune_id}")
    assert "Địa bàn không thuộc phạm vi được phân công." in page.locator("body").inner_text()


def test_leader_sees_the_province_by_commune(page, commune_with_data):
    login(page, "lanhdao")
    text = _check_clean(page, "leader home")
    assert "Tỉnh Khánh Hòa theo xã/phường" in text
    assert _breakdown_names(page) == ["Phường Phan Rang", "Xã Phước Hà"]
    page.get_by_role("link", name="Bảng điều khiển").click()
    _check_clean(page, "leader dashboard")
    assert "Tỉnh Khánh Hòa theo xã/phường" in page.locator("body").inner_text()
    screenshot(page, "leader-dashboard")
    page.goto(f"{page.base_url}/nhap-du-lieu/")
    text = _check_clean(page, "leader 403")
    assert "Bạn không có quyền truy cập trang này" in text
    assert page.get_by_role("link", name="Nhập dữ liệu").count() == 0  # not offered in the menu


def test_village_collaborator_pages_have_no_codes_and_no_round_forms(page, commune_with_data):
    login(page, "thon")
    text = _check_clean(page, "collaborator home")
    assert _breakdown_names(page) == ["Thôn Đông"]
    for path in ("/ho-gia-dinh/", "/ra-soat/", "/chuan-ngheo/luot-phan-loai/"):
        page.goto(f"{page.base_url}{path}")
        text = _check_clean(page, path)
        assert "Mở đợt rà soát" not in text and "Chạy phân loại" not in text, path
    screenshot(page, "collaborator-rounds")
