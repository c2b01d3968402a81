"""The CCCD check names a holder only inside the caller's area, is audited and rate-limited."""

from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.core.models import BulkChange
from giamngheo.households.models import Household, Member


def _holder(geography, province: str, commune: str) -> None:
    household = Household.objects.create(
        code="KHAC-1", province=geography[province], commune=geography[commune], head_name="Hồ Văn Tư"
    )
    Member.objects.create(
        household=household, full_name="Hồ Văn Tư", birth_date="1980-01-01", sex="male", relation="head",
        cccd="056080000123",
    )  # fmt: skip


def _check(client):
    return client.get(reverse("households:check_cccd"), {"cccd": "056080000123"}).content.decode()


def test_holder_outside_the_area_is_not_named(client, geography, make_user):
    _holder(geography, "other_province", "other_commune")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    fragment = _check(client)
    assert "đã được dùng ở một hộ ngoài địa bàn của bạn" in fragment
    assert "Hồ Văn Tư" not in fragment and "KHAC-1" not in fragment
    entry = BulkChange.objects.get(action="cccd_lookup")
    assert entry.description == "Tra cứu số CCCD ********0123"


def test_holder_inside_the_area_is_named(client, geography, make_user):
    _holder(geography, "province", "commune")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    fragment = _check(client)
    assert "Hồ Văn Tư" in fragment and "KHAC-1" in fragment


def test_lookups_are_rate_limited_per_user(client, geography, make_user, settings):
    settings.GIAMNGHEO_CCCD_LOOKUPS_PER_HOUR = 3
    _holder(geography, "other_province", "other_commune")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    for _ in range(3):
        assert "ngoài địa bàn" in _check(client)
    assert "tra cứu quá nhiều số CCCD" in _check(client)
    client.force_login(make_user("xa2", Role.COMMUNE_OFFICER, geography["commune"]))
    assert "ngoài địa bàn" in _check(client)
