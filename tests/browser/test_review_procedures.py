"""The agricultural households page and a step document's upload, link and download in a real
browser, at 1280 px and on a 390 px phone (Debian's chromium, see tests/browser/conftest.py)."""

import pytest
from django.urls import reverse

from giamngheo.reviews.tests.conftest import (  # noqa: F401 (fixtures)
    households,
    officers,
    province_round,
    round_,
    urban_household,
    walk_to_meeting,
)
from giamngheo.reviews.tests.test_agricultural import planted, second_village  # noqa: F401 (fixtures)
from giamngheo.reviews.tests.test_documents import PDF, media  # noqa: F401 (fixtures)
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_agricultural_list_and_documents_at_desktop_and_phone_widths(
    page,
    browser,
    round_,  # noqa: F811
    officers,  # noqa: F811
    planted,  # noqa: F811
    tmp_path,
):
    walk_to_meeting(round_, officers["commune"])
    login(page, "xa")
    page.goto(page.base_url + reverse("reviews:detail", args=[round_.pk]))
    page.get_by_role("link", name="Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp").click()
    page.locator("#agricultural-households").wait_for()
    assert page.locator("#agricultural-households tbody tr[data-household]").count() == 3
    assert "Thôn Hai" in page.locator("#agricultural-villages").inner_text()
    screenshot(page, "reviews-agricultural-1280")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(page.base_url + reverse("reviews:detail", args=[round_.pk]))
    upload = tmp_path / "Kế hoạch rà soát.pdf"
    upload.write_bytes(PDF)
    row = page.locator('tr[data-step="prepare"]')
    row.get_by_label("Tên tài liệu").fill("Kế hoạch rà soát của xã")
    row.get_by_label("Tệp").set_input_files(str(upload))
    row.get_by_role("button", name="Đính kèm").click()
    page.get_by_text("Đã đính kèm tài liệu").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Kế hoạch rà soát của xã").click()
    assert download.value.suggested_filename == "Kế hoạch rà soát.pdf"
    assert "lưu giữ 10 năm" in page.locator("#document-rules").inner_text()
    screenshot(page, "reviews-documents-1280")

    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    phone = context.new_page()
    phone.base_url = page.base_url
    login(phone, "xa")
    phone.goto(phone.base_url + reverse("reviews:agricultural", args=[round_.pk]))
    phone.locator("#agricultural-households").wait_for()
    screenshot(phone, "reviews-agricultural-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.goto(phone.base_url + reverse("reviews:detail", args=[round_.pk]))
    screenshot(phone, "reviews-documents-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
