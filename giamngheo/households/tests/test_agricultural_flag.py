"""The agricultural flag (hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp) travels through the
form, the import and the API like every other household flag."""

from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import (  # noqa: F401
    HOUSEHOLD_HEADERS,
    officer,
    sample_households,
    xlsx,
)
from giamngheo.households.models import Household

HEADER = "Làm nông, lâm, ngư, diêm nghiệp"


def test_the_household_pages_set_and_clear_the_flag(client, geography, officer):  # noqa: F811
    client.force_login(officer)
    client.post(
        reverse("households:create"),
        {"commune": geography["commune"].pk, "village": geography["village"].pk, "agricultural": "on",
         "head-full_name": "Hoàng Thị Mai", "head-birth_date": "1990-01-02", "head-sex": "female",
         "head-ethnicity": "Tày", "head-cccd": ""},
    )  # fmt: skip
    household = Household.objects.get()
    assert household.agricultural
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Làm nông, lâm, ngư, diêm nghiệp" in page
    form = client.get(reverse("households:edit", args=[household.pk])).content.decode()
    assert 'name="agricultural"' in form and "Quyết định 24/2021/QĐ-TTg" in form
    client.post(reverse("households:edit", args=[household.pk]), {"village": geography["village"].pk})
    household.refresh_from_db()
    assert not household.agricultural
    assert household.history.first().agricultural is False  # the change is in the audit trail
    listed = client.get(reverse("households:list"), {"flags": "agricultural"}).content.decode()
    assert household.code not in listed


def test_the_import_reads_the_column_and_a_file_without_it_leaves_the_flag(geography, officer):  # noqa: F811
    rows = [row + [flag] for row, flag in zip(sample_households(), ["Có", "Không"], strict=True)]
    outcome = import_file("ho.xlsx", xlsx(rows, household_headers=[*HOUSEHOLD_HEADERS, HEADER]), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Household.objects.get(code="NT-0001").agricultural
    assert not Household.objects.get(code="NT-0002").agricultural
    assert import_file("ho.xlsx", xlsx(), officer).ok  # the old template, without the column
    assert Household.objects.get(code="NT-0001").agricultural
    bad = [row + [flag] for row, flag in zip(sample_households(), ["Có lẽ", ""], strict=True)]
    outcome = import_file("ho.xlsx", xlsx(bad, household_headers=[*HOUSEHOLD_HEADERS, HEADER]), officer)
    assert not outcome.ok and any(HEADER in str(p) for p in outcome.problems)


def test_the_api_reads_writes_and_filters_the_flag(client, geography, make_user):
    _token, key = ApiToken.issue(make_user("xa-api", Role.COMMUNE_OFFICER, geography["commune"]), "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post(
        "/api/households",
        {"code": "22402-000777", "commune": "22402", "head_name": "Lò Văn Pao", "agricultural": True},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201 and created.json()["agricultural"] is True
    assert Household.objects.get(code="22402-000777").agricultural
    patched = client.patch(
        "/api/households/22402-000777", {"agricultural": False}, content_type="application/json", **auth
    )
    assert patched.status_code == 200 and patched.json()["agricultural"] is False
    client.patch(
        "/api/households/22402-000777", {"agricultural": True}, content_type="application/json", **auth
    )
    listed = client.get("/api/households", {"flag": "agricultural"}, **auth).json()
    assert [h["code"] for h in listed["items"]] == ["22402-000777"]
