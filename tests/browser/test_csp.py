"""The main pages load under the Content Security Policy without a single violation."""

import pytest

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/ho-gia-dinh/", "/don-vi/", "/chuan-ngheo/", "/bao-cao/", "/ke-hoach/", "/ra-soat/",
         "/chuong-trinh/", "/nhap-du-lieu/", "/tai-khoan/khoa-api/", "/cong-khai/"]  # fmt: skip


def test_main_pages_have_no_csp_violation(page, geography, make_user):
    make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    household = Household.objects.create(
        code="H1", province=geography["province"], commune=geography["commune"], head_name="Nguyễn Văn An"
    )
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    login(page, "xa")
    assert page.context.request.get(page.base_url + "/").headers.get("content-security-policy")
    for path in [*PAGES, f"/ho-gia-dinh/{household.pk}/", f"/ho-gia-dinh/{household.pk}/thanh-vien/them/"]:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
