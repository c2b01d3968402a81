import pytest

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.households.models import Household


@pytest.fixture
def token(geography, make_user):
    _token, key = ApiToken.issue(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]), "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def households(geography):
    for n in range(5):
        Household.objects.create(
            code=f"22402-{n:06d}",
            province=geography["province"],
            commune=geography["commune"],
            head_name=f"Hộ {n}",
        )
    Household.objects.create(
        code="02716-000001",
        province=geography["other_province"],
        commune=geography["other_commune"],
        head_name="X",
    )


def test_requires_a_valid_token(client, households):
    assert client.get("/api/households").status_code == 401
    assert client.get("/api/households", HTTP_AUTHORIZATION="Bearer sai").status_code == 401


def test_list_is_scoped_and_paginated_by_cursor(client, token, households):
    first = client.get("/api/households", {"limit": 3}, **token).json()
    assert [h["code"] for h in first["items"]] == ["22402-000000", "22402-000001", "22402-000002"]
    second = client.get("/api/households", {"limit": 3, "cursor": first["next_cursor"]}, **token).json()
    assert [h["code"] for h in second["items"]] == ["22402-000003", "22402-000004"]
    assert second["next_cursor"] is None


def test_household_outside_scope_is_not_found(client, token, households):
    assert client.get("/api/households/02716-000001", **token).status_code == 404
    assert client.get("/api/households/22402-000001", **token).json()["commune"] == "22402"


def test_create_household_and_member_with_the_pages_validation(client, token, geography):
    created = client.post(
        "/api/households",
        {"code": "22402-009999", "commune": "22402", "head_name": "Nguyễn Văn An"},
        content_type="application/json",
        **token,
    )
    assert created.status_code == 201 and Household.objects.get(code="22402-009999").history.count() == 1
    bad = client.post(
        "/api/households/22402-009999/members",
        {
            "full_name": "Nguyễn Văn An",
            "birth_date": "1985-03-01",
            "sex": "male",
            "relation": "head",
            "cccd": "123",
        },
        content_type="application/json",
        **token,
    )
    assert bad.status_code == 422 and "12 chữ số" in bad.json()["errors"]["cccd"][0]
    other_commune = client.post(
        "/api/households",
        {"code": "02716-000777", "commune": "02716", "head_name": "A"},
        content_type="application/json",
        **token,
    )
    assert other_commune.status_code == 403


def test_same_cccd_in_two_active_households_is_refused(client, token, households):
    member = {"full_name": "Lê Thị Hoa", "birth_date": "1990-01-01", "sex": "female", "relation": "head"}
    cccd = "056190000001"
    ok = client.post(
        "/api/households/22402-000000/members",
        member | {"cccd": cccd},
        content_type="application/json",
        **token,
    )
    assert ok.status_code == 201
    again = client.post(
        "/api/households/22402-000001/members",
        member | {"cccd": cccd},
        content_type="application/json",
        **token,
    )
    assert again.status_code == 422 and "22402-000000" in again.json()["errors"]["cccd"][0]


def test_nul_bytes_are_refused_not_a_server_error(client, token, households):
    assert client.get("/api/households?q=%00", **token).status_code == 400
    response = client.post(
        "/api/households",
        '{"code": "a\\u0000", "commune": "22402", "head_name": "A"}',
        content_type="application/json",
        **token,
    )
    assert response.status_code == 400
