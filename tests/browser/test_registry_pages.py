import datetime as dt

import pytest

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member
from tests.browser.conftest import login, screenshot


def in_step(page, label: str):
    field = page.get_by_label(label)
    for _ in range(page.locator(".survey-step").count()):
        if field.is_visible():
            break
        page.locator("#survey-next").click()
    return field


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_finds_a_household_submits_a_survey_and_sees_why(page, geography, make_user):
    make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    household = Household.objects.create(
        code="22402-000007",
        province=geography["province"],
        commune=geography["commune"],
        head_name="Lò Văn Páo",
    )
    Member.objects.create(
        household=household,
        full_name="Lò Văn Páo",
        birth_date=dt.date(1980, 5, 2),
        sex="male",
        relation="head",
    )
    household.refresh_search_text()
    household.save()
    login(page, "xa")
    page.get_by_role("link", name="Hộ gia đình").first.click()
    page.get_by_label("Tìm (tên, CCCD, địa chỉ, mã hộ)").fill("lo van pao")
    page.locator("#household-table").get_by_role("link", name="22402-000007").click()
    page.get_by_label("Ngày khảo sát").fill("2025-09-30")
    page.get_by_role("button", name="Lập phiếu khảo sát mới").click()
    # The survey shows one section at a time: "Tiếp" moves to the next.
    in_step(page, "Thu nhập bình quân đầu người/tháng (đồng)").fill("1200000")
    in_step(page, "Tổng diện tích ở của hộ (m²)").fill("30")
    in_step(page, "Nguồn nước sinh hoạt chính").select_option("surface")
    in_step(page, "Loại nhà tiêu").select_option("none")
    in_step(page, "Tôi đã đọc lại các câu trả lời với hộ và xác nhận nộp phiếu.").check()
    page.get_by_role("button", name="Nộp phiếu và phân loại").click()
    result = page.locator("[data-classification]")
    result.wait_for()
    assert result.get_attribute("data-classification") == "poor"
    assert "Nghị định 07/2021/NĐ-CP" in result.inner_text()
    screenshot(page, "survey-submitted")
    household.refresh_from_db()
    assert household.current_status == "poor"
