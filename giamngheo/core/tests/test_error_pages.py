import pytest
from django.test import Client

from giamngheo.accounts.models import Role


@pytest.fixture
def officer_client(client, geography, make_user):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    return client


def _assert_site_page(response, status: int, title: str):
    page = response.content.decode()
    assert response.status_code == status
    assert title in page
    assert "Hệ thống quản lý giảm nghèo" in page  # the site's layout
    assert "Về trang tổng quan" in page  # a way back
    assert "Not Found" not in page and "Forbidden" not in page and "None" not in page


def test_404_in_vietnamese_in_the_layout(officer_client):
    _assert_site_page(officer_client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def test_404_keeps_our_vietnamese_reason_and_drops_english_ones(officer_client, geography):
    response = officer_client.get(f"/ke-hoach/bang-dieu-khien/?don_vi={geography['other_commune'].pk}")
    _assert_site_page(response, 404, "Không tìm thấy trang")
    assert "Địa bàn không thuộc phạm vi được phân công." in response.content.decode()
    response = officer_client.get("/ho-gia-dinh/999999/")
    assert "No Household" not in response.content.decode()


def test_403_in_vietnamese(client, geography, make_user):
    client.force_login(make_user("lanhdao", Role.LEADER, geography["province"]))
    _assert_site_page(client.get("/nhap-du-lieu/"), 403, "Bạn không có quyền truy cập trang này")


def test_csrf_failure_in_vietnamese(geography, make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    response = client.post("/nhap-du-lieu/", {})
    _assert_site_page(response, 403, "Bạn không có quyền truy cập trang này")
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_500_and_400_render_without_a_request_context(rf):
    from giamngheo.core import errors

    request = rf.get("/")
    assert "Hệ thống gặp lỗi" in errors.server_error(request).content.decode()
    assert errors.bad_request(request).status_code == 400


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_api_docs_use_only_the_products_own_static_files(client):
    page = client.get("/api/docs").content.decode()
    sources = [*__import__("re").findall(r'(?:src|href)="([^"]+)"', page)]
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in page.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
