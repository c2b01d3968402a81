"""Text responses travel gzipped to a client that accepts it; workbooks are left as they are
(the offline download's own test is in fieldwork)."""

import gzip

import pytest

from giamngheo.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user, geography):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    return client


def test_a_page_travels_gzipped_to_a_browser_that_accepts_it(officer_client):
    plain = officer_client.get("/ho-gia-dinh/")
    packed = officer_client.get("/ho-gia-dinh/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "giảm nghèo bền vững" in page and len(packed.content) < len(plain.content) / 2


def test_a_workbook_download_is_left_as_it_is(officer_client):
    response = officer_client.get("/ho-gia-dinh/", {"xuat": "xlsx"}, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "spreadsheet" in response["Content-Type"] and "Content-Encoding" not in response
