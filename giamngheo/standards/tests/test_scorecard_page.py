"""The administrator's page for the B1 tables: upload, problems by cell, versions, template."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.core.models import BulkChange
from giamngheo.standards import engine
from giamngheo.standards.models import ScorecardVersion
from giamngheo.standards.scorecard_tables import BASIS_SHEET, THRESHOLD_SHEET

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL = reverse("standards:scorecard", args=["2026-2030"])
TEMPLATE_URL = reverse("standards:scorecard_template", args=["2026-2030"])


@pytest.fixture
def admin(make_user):
    return make_user("quantri", Role.ADMIN)


def upload(book: openpyxl.Workbook, name: str = "bang-diem.xlsx") -> SimpleUploadedFile:
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX)


def downloaded_template(client) -> openpyxl.Workbook:
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_administrator_loads_the_official_tables(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "bảng tạm, chưa chính thức" in page and "Chưa nạp phiên bản nào" in page
    book = downloaded_template(client)
    assert book[BASIS_SHEET]["B1"].value == "placeholder-2" and book[BASIS_SHEET]["B4"].value == "2026-2030"
    book[BASIS_SHEET]["B1"] = "TT-2026-B1"
    book[BASIS_SHEET]["B2"] = "Thông tư hướng dẫn rà soát giai đoạn 2026-2030, Phụ lục phiếu B1"
    book[THRESHOLD_SHEET]["C2"] = 95
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"workbook": upload(book)})
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "TT-2026-B1" in page and "Đang dùng" in page and "bảng tạm, chưa chính thức" not in page
    standard = engine.load_standard("2026-2030")
    assert standard.scorecard.threshold("northern_midlands_mountains", "rural", "poor") == 95.0
    assert ScorecardVersion.history.filter(history_user=admin).exists()
    # the template now carries the loaded tables
    assert downloaded_template(client)[BASIS_SHEET]["B1"].value == "TT-2026-B1"
    log = client.get(reverse("audit:log")).content.decode()
    assert "Bảng điểm B1 chuẩn 2026-2030, phiên bản TT-2026-B1" in log


def test_every_problem_is_shown_with_its_cell_and_nothing_changes(client, admin):
    client.force_login(admin)
    book = downloaded_template(client)
    book[BASIS_SHEET]["B1"] = "TT-2026-B1"
    book[THRESHOLD_SHEET]["C3"] = "chín mươi"
    book[THRESHOLD_SHEET].delete_rows(13)
    response = client.post(URL, {"workbook": upload(book)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bảng điểm bị từ chối, không có gì thay đổi (2 lỗi)" in page
    assert "Trang “Ngưỡng điểm”, ô C3: ngưỡng nghèo “chín mươi” không phải là số." in page
    assert "thiếu dòng của vùng Đồng bằng sông Cửu Long, khu vực Thành thị" in page
    assert not ScorecardVersion.objects.exists() and engine.load_standard("2026-2030").scorecard.placeholder
    response = client.post(
        URL, {"workbook": SimpleUploadedFile("bang.pdf", b"%PDF", content_type="application/pdf")}
    )
    assert response.status_code == 400 and "Chỉ nhận tệp Excel" in response.content.decode()


def test_a_commune_officer_may_not_see_load_or_download(client, make_user, geography):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert not BulkChange.objects.exists()


def test_a_standard_without_b1_items_has_no_page(client, admin):
    client.force_login(admin)
    assert client.get(reverse("standards:scorecard", args=["2011-2015"])).status_code == 404
