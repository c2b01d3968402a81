"""Every response carries the security headers (pages, error pages, refused input, the API,
static files, with or without an Accept header), and every API error has a stable `code`
beside a Vietnamese `message`, whichever layer refused the request."""

import pytest
from django.test import Client
from django.urls import include, path, reverse

from giamngheo.accounts.models import Role
from giamngheo.api import api as api_module
from giamngheo.api.models import ApiToken

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("loi/", boom), path("", include("giamngheo.urls"))]
handler403 = "giamngheo.core.errors.permission_denied"
handler404 = "giamngheo.core.errors.page_not_found"
handler500 = "giamngheo.core.errors.server_error"


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


def assert_headers(response) -> None:
    missing = [header for header in HEADERS if header not in response.headers]
    assert not missing, (response.status_code, missing)
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("accept", [None, "", "*/*", "application/json"])
def test_every_kind_of_response_carries_the_headers(quiet_client, db, geography, make_user, accept):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    client = quiet_client
    responses = {
        "page": client.get(reverse("accounts:login"), **extra),
        "404": client.get("/khong-co-trang-nay/", **extra),
        "500": client.get("/loi/", **extra),
        "nul": client.get(reverse("accounts:login") + "?q=%00", **extra),
        "api 401": client.get("/api/households", **extra),
        "api nul": client.get("/api/households?q=%00", **extra),
        "static": client.get("/static/giamngheo/favicon.svg", **extra),
        "csrf": Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "a"}, **extra),
    }
    client.force_login(make_user("leader", Role.LEADER, geography["province"]))
    responses["403"] = client.post(reverse("standards:run_start"), **extra)
    expected = {"page": 200, "404": 404, "500": 500, "nul": 400, "api 401": 401, "api nul": 400}
    expected |= {"static": 200, "csrf": 403, "403": 403}
    assert {name: r.status_code for name, r in responses.items()} == expected
    for response in responses.values():
        assert_headers(response)


def _is_vietnamese(text: str) -> bool:
    return any(ord(char) > 127 for char in text)


@pytest.mark.urls(__name__)
def test_every_api_error_has_a_code_and_a_vietnamese_message(quiet_client, geography, make_user, monkeypatch):
    client = quiet_client
    user = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    _, key = ApiToken.issue(user, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    leader_key = ApiToken.issue(make_user("ld", Role.LEADER, geography["province"]), "t")[1]

    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    answers = {
        401: client.get("/api/households"),
        404: client.get("/api/households/khong-co", **auth),
        "unknown path": client.get("/api/khong-co-dia-chi", **auth),
        422: client.post("/api/households", {}, content_type="application/json", **auth),
        "nul": client.get("/api/households?q=%00", **auth),
        403: client.post(
            "/api/households",
            {"code": "22402-X", "commune": "22402", "head_name": "Nguyễn Văn A"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {leader_key}",
        ),
    }
    monkeypatch.setattr(api_module.households, "household_list", crash)
    answers[500] = client.get("/api/households", **auth)
    expected = {401: 401, 404: 404, "unknown path": 404, 422: 422, "nul": 400, 403: 403, 500: 500}
    assert {name: r.status_code for name, r in answers.items()} == expected
    for name, response in answers.items():
        body = response.json()
        assert body["code"] and body["code"].isascii() and " " not in body["code"], name
        assert _is_vietnamese(body["message"]), (name, body)
    assert "a bug" not in answers[500].content.decode()
