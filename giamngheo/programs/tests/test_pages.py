"""The programs pages: what an officer sees is limited to their area, and the pages and
downloads show the numbers the services compute."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giamngheo.households.cccd import make_cccd
from giamngheo.programs import actions
from giamngheo.programs.models import ImportState, SupportImport, Task


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def test_coverage_page_counts_only_the_officers_commune(officer_client, catalogue, geography, household):
    household(geography["commune"], "poor", ages=(40, 10))
    household(geography["other_commune"], "poor", ages=(40,))
    response = officer_client.get(reverse("programs:coverage"))
    assert response.status_code == 200
    policy = response.context["report"].policies[0]
    assert policy.policy.code == "bhyt-ho-ngheo"
    assert (policy.eligible, policy.reached) == (2, 0)


def test_coverage_of_another_commune_is_not_found(officer_client, catalogue, geography):
    response = officer_client.get(reverse("programs:coverage"), {"don_vi": geography["other_commune"].pk})
    assert response.status_code == 404


def test_coverage_export_holds_the_same_numbers(officer_client, catalogue, geography, household):
    household(geography["commune"], "poor", ages=(40, 10))
    response = officer_client.get(reverse("programs:coverage_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert any(isinstance(v, str) and "bảo hiểm y tế cho người thuộc hộ nghèo" in v for v in values)
    assert 2 in values


def test_another_communes_task_is_not_found(officer_client, geography, make_user):
    province_user = make_user("tinh", "province_officer", geography["province"])
    task = actions.save_task(
        province_user, unit=geography["urban"], title="Việc của phường", lead_agency="UBND"
    )
    assert officer_client.get(reverse("programs:task_detail", args=[task.pk])).status_code == 404
    assert Task.objects.count() == 1


def test_support_list_upload_with_a_bad_cell_offers_the_marked_workbook(
    officer_client, catalogue, geography, household
):
    cccd = make_cccd("056", 1980, "male", 7)
    household(geography["commune"], "poor", names=["Lê Văn Tư"], cccds=[cccd], born=[dt.date(1980, 1, 2)])
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Ngày cấp thẻ"])
    book.active.append(["Lê Văn Tư", "02/01/1980", cccd, "ngày mai"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("bhyt.xlsx", data.getvalue())
    response = officer_client.post(
        reverse("programs:support_import"),
        {"policy": catalogue["bhyt-ho-ngheo"].pk, "unit": geography["commune"].pk, "file": upload},
    )
    batch = SupportImport.objects.get()
    assert batch.state == ImportState.REJECTED
    assert response.status_code == 302
    detail = officer_client.get(reverse("programs:import_detail", args=[batch.pk]))
    assert "Ngày cấp thẻ" in detail.content.decode()
    marked = officer_client.get(reverse("programs:import_errors", args=[batch.pk]))
    assert marked.status_code == 200 and marked.content[:2] == b"PK"


def test_household_page_lists_the_support_it_received(
    officer_client, catalogue, geography, household, make_user
):
    poor = household(geography["commune"], "poor")
    actions.record_support(
        make_user("tinh", "province_officer", geography["province"]),
        policy=catalogue["tro-giup-phap-ly"]
        if "tro-giup-phap-ly" in catalogue
        else catalogue["bhyt-ho-ngheo"],
        household=poor,
        member=poor.members.first(),
        delivered_on=dt.date(2026, 1, 2),
        amount=None,
        in_kind="",
        reference="HN4560009",
        agency="BHXH tỉnh",
        document="",
        note="",
    )
    page = officer_client.get(reverse("households:detail", args=[poor.pk])).content.decode()
    assert "Hỗ trợ đã nhận" in page and "HN4560009" in page
