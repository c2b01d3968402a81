import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.areas.models import AdminUnit, Level


@pytest.fixture
def officer_client(client, geography, make_user):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    return client


def test_pages_require_login(client, geography):
    response = client.get(reverse("areas:browse"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_browse_shows_only_the_province_in_scope(officer_client, geography):
    page = officer_client.get(reverse("areas:browse")).content.decode()
    assert "Tỉnh Khánh Hòa" in page and "Tỉnh Lào Cai" not in page


def test_search_without_diacritics_over_htmx(officer_client, geography):
    response = officer_client.get(reverse("areas:search"), {"q": "phuoc ha"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Xã Phước Hà" in page and "<html" not in page


def test_unit_outside_scope_is_not_found(officer_client, geography):
    assert (
        officer_client.get(reverse("areas:detail", args=[geography["other_commune"].pk])).status_code == 404
    )
    assert officer_client.get(reverse("areas:detail", args=[geography["commune"].pk])).status_code == 200


def test_commune_officer_adds_a_village(officer_client, geography):
    url = reverse("areas:add_village", args=[geography["commune"].pk])
    officer_client.post(url, {"name": "  Thôn   Hai "})
    village = AdminUnit.objects.get(parent=geography["commune"], name="Thôn Hai")
    assert (
        village.level == Level.VILLAGE
        and village.code == "22402-02"
        and village.province == geography["province"]
    )
    response = officer_client.post(url, {"name": "thôn hai"}, follow=True)
    assert "Đã có thôn/tổ dân phố tên" in response.content.decode()


def test_leader_cannot_add_a_village(client, geography, make_user):
    client.force_login(make_user("ld", Role.LEADER, geography["province"]))
    response = client.post(reverse("areas:add_village", args=[geography["commune"].pk]), {"name": "Thôn Ba"})
    assert response.status_code == 403
    assert not AdminUnit.objects.filter(name="Thôn Ba").exists()
