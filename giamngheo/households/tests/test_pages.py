import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member
from giamngheo.households.tests.statuses import set_status


@pytest.fixture
def households(geography):
    here = Household.objects.create(
        code="22402-000001", province=geography["province"], commune=geography["commune"],
        head_name="Nguyễn Văn An", ethnic_minority=True,
    )  # fmt: skip
    set_status(here, "poor")
    Member.objects.create(
        household=here, full_name="Nguyễn Văn An", birth_date="1980-01-01", sex="male", relation="head",
        cccd="056080000123",
    )  # fmt: skip
    here.refresh_search_text()
    here.save()
    there = Household.objects.create(
        code="02716-000001", province=geography["other_province"], commune=geography["other_commune"],
        head_name="Nguyễn Văn An",
    )  # fmt: skip
    return here, there


def test_list_is_scoped_and_search_ignores_diacritics(client, geography, households, make_user):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    page = client.get(reverse("households:list"), {"q": "nguyen van an"}).content.decode()
    assert "22402-000001" in page and "02716-000001" not in page
    assert "22402-000001" in client.get(reverse("households:list"), {"q": "000123"}).content.decode()


def test_filters_by_status_and_flag(client, geography, households, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    assert "22402-000001" in client.get(reverse("households:list"), {"status": "poor"}).content.decode()
    assert (
        "22402-000001" not in client.get(reverse("households:list"), {"status": "near_poor"}).content.decode()
    )
    page = client.get(reverse("households:list"), {"flags": "meritorious"}).content.decode()
    assert "22402-000001" not in page


def test_detail_outside_scope_is_not_found(client, geography, households, make_user):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    here, there = households
    assert client.get(reverse("households:detail", args=[here.pk])).status_code == 200
    assert client.get(reverse("households:detail", args=[there.pk])).status_code == 404


def test_leader_sees_cccd_masked(client, geography, households, make_user):
    here, _ = households
    client.force_login(make_user("ld", Role.LEADER, geography["province"]))
    page = client.get(reverse("households:detail", args=[here.pk])).content.decode()
    assert "056080000123" not in page and "0123" in page
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    assert "056080000123" in client.get(reverse("households:detail", args=[here.pk])).content.decode()


def test_excel_export_has_the_same_scope_and_filters(client, geography, households, make_user):
    import io

    import openpyxl

    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    response = client.get(reverse("households:list"), {"q": "nguyen", "xuat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = [row[0].value for row in sheet.iter_rows(min_row=4)]
    assert codes == ["22402-000001"]
    assert sheet["F4"].value == "Hộ nghèo" and sheet["A3"].value == "Mã hộ"
