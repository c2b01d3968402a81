"""API tokens expire, are revoked by their owner or an administrator, die with a
password change and are stored hashed; an address sending wrong tokens is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import Role
from giamngheo.api import tokens
from giamngheo.api.models import ApiToken, hash_key
from giamngheo.core.models import BulkChange


@pytest.fixture
def owner(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


def _get(client, key: str, address: str = "10.0.0.1"):
    return client.get("/api/households", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=address)


def test_token_is_stored_hashed_and_works(client, owner):
    token, key = ApiToken.issue(owner, "t")
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert _get(client, key).status_code == 200


def test_token_expires_after_the_configured_days(client, owner, settings):
    token, key = ApiToken.issue(owner, "t")
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    response = _get(client, key)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    settings.GIAMNGHEO_API_TOKEN_DAYS = 120
    assert _get(client, key).status_code == 200


def test_owner_revokes_from_their_page(client, owner):
    token, key = ApiToken.issue(owner, "t")
    client.force_login(owner)
    assert "Đang dùng được" in client.get(reverse("api_tokens:list")).content.decode()
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    client.logout()  # the session would let the API in without a token
    assert _get(client, key).status_code == 401
    assert BulkChange.objects.filter(action="api_token_revoked").exists()


def test_someone_else_cannot_revoke(client, owner, make_user, geography):
    token, key = ApiToken.issue(owner, "t")
    client.force_login(make_user("khac", Role.COMMUNE_OFFICER, geography["commune"]))
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert not ApiToken.objects.get(pk=token.pk).revoked


def test_administrator_revokes(owner, make_user):
    token, _key = ApiToken.issue(owner, "t")
    tokens.revoke(token, make_user("qt", Role.ADMIN))
    assert ApiToken.objects.get(pk=token.pk).revoked


def test_password_change_kills_tokens(client, owner):
    _token, key = ApiToken.issue(owner, "t")
    owner.set_password("Mat-khau-moi-2026!")
    owner.save()
    assert _get(client, key).status_code == 401


def test_the_page_issues_a_key_shown_once(client, owner):
    client.force_login(owner)
    page = client.post(reverse("api_tokens:list"), {"name": "Hệ thống tỉnh"}).content.decode()
    assert "chỉ hiện một lần" in page and ApiToken.objects.filter(user=owner).count() == 1


def test_an_address_sending_wrong_tokens_is_refused_for_a_while(client, owner, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    _token, key = ApiToken.issue(owner, "t")
    for _ in range(3):
        assert _get(client, "sai").status_code == 401
    refused = _get(client, key)
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
    assert _get(client, key, "10.0.0.2").status_code == 200


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.COMMUNE_OFFICER, "056080000123"), (Role.VILLAGE_COLLABORATOR, "••••••••0123")]
)
def test_api_masks_the_cccd_as_the_pages_do(client, geography, make_user, role, shown):
    from giamngheo.households.models import Household, Member

    household = Household.objects.create(
        code="22402-000001", province=geography["province"], commune=geography["commune"],
        village=geography["village"], head_name="An",
    )  # fmt: skip
    Member.objects.create(
        household=household, full_name="An", birth_date="1980-01-01", sex="male", relation="head",
        cccd="056080000123",
    )  # fmt: skip
    unit = geography["village"] if role == Role.VILLAGE_COLLABORATOR else geography["commune"]
    _token, key = ApiToken.issue(make_user("u", role, unit), "t")
    items = _get(client, key).json()
    response = client.get("/api/households/22402-000001/members", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert items and response.json()["items"][0]["cccd"] == shown
