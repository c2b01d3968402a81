import io

import openpyxl
import pytest
from django.urls import reverse

from giamngheo.reviews import actions
from giamngheo.reviews.models import ListKind, Round
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import (
    commune_round,
    decide,
    form_team,
    step,
    walk_to_decision,
    walk_to_meeting,
)


@pytest.fixture
def decided(province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    decide(round_, officers["commune"])
    actions.issue_certificates(round_, officers["commune"])
    return round_


def test_round_pages_show_steps_and_province_overview_marks_overdue(
    client, province_round, geography, officers
):
    client.force_login(officers["province"])
    page = client.get(reverse("reviews:detail", args=[province_round.pk])).content.decode()
    assert "Phước Hà" in page and "Phan Rang" in page
    assert 'class="overdue"' in page  # deadlines of 2024 have passed
    client.force_login(officers["commune"])
    round_ = commune_round(province_round, geography["commune"])
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert "Lập danh sách hộ cần rà soát" in page and "Hoàn thành bước" in page
    assert "Rà soát" in client.get(reverse("reviews:list")).content.decode()


def test_officer_of_another_commune_gets_404_on_the_round(client, province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    client.force_login(officers["urban"])
    assert client.get(reverse("reviews:detail", args=[round_.pk])).status_code == 404
    assert client.get(reverse("reviews:detail", args=[province_round.pk])).status_code == 404
    target = reverse("reviews:complete_step", args=[round_.pk, step(round_, StepCode.PREPARE).pk])
    assert client.post(target).status_code == 404
    assert not step(round_, StepCode.PREPARE).is_done


def test_step_forms_complete_and_refuse_with_a_message(client, province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    client.force_login(officers["commune"])
    survey = step(round_, StepCode.SURVEY)
    response = client.post(reverse("reviews:complete_step", args=[round_.pk, survey.pk]), follow=True)
    assert "Phải hoàn thành bước" in response.content.decode()
    form_team(round_, officers["commune"])
    client.post(
        reverse("reviews:complete_step", args=[round_.pk, step(round_, StepCode.PREPARE).pk]),
        {"note": "Đã lập ban chỉ đạo"},
    )
    assert step(round_, StepCode.PREPARE).is_done
    client.post(reverse("reviews:list_households", args=[round_.pk]))
    assert round_.households.count() == 5


def test_open_province_round_from_the_page(client, geography, officers, households):
    client.force_login(officers["province"])
    data = {"unit": geography["province"].pk, "year": 2024, "standard_id": "2022-2025", "posting_days": 5}
    response = client.post(reverse("reviews:open_province"), data)
    parent = Round.objects.get(unit=geography["province"])
    assert response.status_code == 302 and parent.children.count() == 2


def test_meeting_form_records_votes(client, province_round, geography, officers, households):
    round_ = commune_round(province_round, geography["commune"])
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    client.force_login(officer)
    url = reverse("reviews:meeting", args=[round_.pk])
    assert households["poor"].head_name in client.get(url).content.decode()
    poor = households["poor"].pk
    client.post(
        url, {"held_on": "2024-11-05", "attendance": 10, f"agreed_{poor}": 3, "chaired_by": "Trưởng thôn"}
    )
    meeting = round_.meetings.get()
    assert meeting.results.get(round_household__household_id=poor).outcome == "sent_back"
    pdf = client.get(reverse("reviews:minutes", args=[round_.pk, meeting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_list_exports_excel_in_official_layout_and_pdf(client, decided, officers, households):
    client.force_login(officers["commune"])
    poor = decided.snapshots.get(kind=ListKind.POOR, stage="final")
    assert (
        households["poor"].head_name
        in client.get(reverse("reviews:snapshot", args=[poor.pk])).content.decode()
    )
    response = client.get(reverse("reviews:snapshot", args=[poor.pk]), {"xuat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A4"].value == "DANH SÁCH HỘ NGHÈO NĂM 2024"
    assert "A4:H4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["C7"].value == "Họ và tên chủ hộ"
    assert sheet["C9"].value == households["poor"].head_name
    assert sheet.page_setup.orientation == "landscape"
    pdf = client.get(reverse("reviews:snapshot", args=[poor.pk]), {"xuat": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_certificates_print_as_one_pdf(client, decided, officers):
    client.force_login(officers["commune"])
    page = client.get(reverse("reviews:detail", args=[decided.pk])).content.decode()
    assert (
        "Quyết định công nhận" in page and "In giấy chứng nhận" in page and "Báo cáo kết quả lên tỉnh" in page
    )
    response = client.get(reverse("reviews:certificates_pdf", args=[decided.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_snapshot_of_another_commune_is_not_found(client, decided, officers):
    client.force_login(officers["urban"])
    poor = decided.snapshots.get(kind=ListKind.POOR, stage="final")
    assert client.get(reverse("reviews:snapshot", args=[poor.pk])).status_code == 404


def test_the_round_list_leads_each_officer_to_the_rounds_they_work_on(
    client, province_round, geography, officers
):
    rural = commune_round(province_round, geography["commune"])
    urban = commune_round(province_round, geography["urban"])
    listed = {}
    for who in ("province", "commune", "other"):
        client.force_login(officers[who])
        listed[who] = client.get(reverse("reviews:list")).content.decode()
    province_link, rural_link, urban_link = (
        reverse("reviews:detail", args=[r.pk]) for r in (province_round, rural, urban)
    )
    assert province_link in listed["province"] and rural_link not in listed["province"]
    assert rural_link in listed["commune"] and province_link not in listed["commune"]
    assert urban_link not in listed["commune"]
    assert rural_link not in listed["other"] and province_link not in listed["other"]
