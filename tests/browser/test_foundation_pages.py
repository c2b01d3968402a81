import pytest

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_and_sees_only_their_commune(page, geography, make_user):
    make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    for code, commune in (
        ("H1", geography["commune"]),
        ("H2", geography["commune"]),
        ("H9", geography["urban"]),
    ):
        Household.objects.create(
            code=code, province=commune.province, commune=commune, head_name="Nguyễn Văn An"
        )
    login(page, "xa")
    assert page.locator("[data-figure=households]").inner_text() == "2"
    screenshot(page, "home-commune-officer")


def test_unit_search_without_diacritics_updates_as_you_type(page, geography, make_user):
    make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    login(page, "tinh")
    page.get_by_role("link", name="Đơn vị hành chính").click()
    page.get_by_label("Tìm đơn vị (có dấu hoặc không dấu)").fill("phuoc ha")
    page.locator("#search-results").get_by_role("link", name="Xã Phước Hà").wait_for()
    assert "Bát Xát" not in page.locator("#search-results").inner_text()
    screenshot(page, "unit-search")


def test_wrong_password_shows_a_vietnamese_error(page, geography, make_user):
    make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("xa")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "mật khẩu chính xác" in page.locator(".errorlist").inner_text()
