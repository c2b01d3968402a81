"""Over-long names through the API and the member page: a 10 MB body is refused whole, with a
Vietnamese page or message, before any field is read; a name longer than the field but within
the body limit is refused naming the field. Nothing is written."""

import pytest
from django.urls import reverse

from giamngheo.households.models import Household, Member
from tests.hostile.test_hostile_files import MEMBER, api, officer  # noqa: F401

TEN_MB_NAME = "Nguyễn " + "A" * 10_000_000
LONG_NAME = "Nguyễn " + "A" * 100_000


def test_api_refuses_a_ten_megabyte_name_whole(client, api):  # noqa: F811
    response = client.post(
        "/api/households/22402-000001/members", MEMBER | {"full_name": TEN_MB_NAME},
        content_type="application/json", **api,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["message"].startswith("Yêu cầu không hợp lệ")
    assert not Member.objects.exists()


def test_api_refuses_a_long_name_naming_the_field(client, api):  # noqa: F811
    response = client.post(
        "/api/households/22402-000001/members", MEMBER | {"full_name": LONG_NAME},
        content_type="application/json", **api,
    )  # fmt: skip
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "malformed"
    assert body["message"] == "Yêu cầu không đúng định dạng: full_name dài quá 120 ký tự."
    assert not Member.objects.exists()


@pytest.mark.parametrize("name", [TEN_MB_NAME, LONG_NAME], ids=["10MB", "100KB"])
def test_member_page_refuses_long_names(client, api, officer, name):  # noqa: F811
    household = Household.objects.get(code="22402-000001")
    client.force_login(officer)
    values = MEMBER | {"ethnicity": "Kinh", "cccd": "", "full_name": name}
    response = client.post(reverse("households:add_member", args=[household.pk]), values)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Traceback" not in page and 'lang="vi"' in page
    assert not Member.objects.exists()
