"""Signing off, locking, approving and returning reports."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household
from giamngheo.reports import actions
from giamngheo.reports.models import SignedReport, SignOffState
from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.reports.workbook import FIRST_DATA_ROW


@pytest.fixture
def people(geography, make_user):
    return {
        "commune": make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]),
        "urban": make_user("phuong", Role.COMMUNE_OFFICER, geography["urban"]),
        "province": make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]),
        "other_province": make_user("khac", Role.PROVINCE_OFFICER, geography["other_province"]),
        "leader": make_user("lanhdao", Role.LEADER, geography["province"]),
        "admin": make_user("qt", Role.ADMIN),
    }


def _poor_households(content: bytes) -> int:
    sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Theo đơn vị"]
    return list(sheet.iter_rows(values_only=True))[FIRST_DATA_ROW][4]


def test_a_signed_report_does_not_change_when_households_change(geography, province_2024, people, classify):
    report = actions.sign_off_review(people["commune"], geography["commune"], 2024, "2022-2025")
    assert report.state == SignOffState.SUBMITTED and report.version == 1
    assert report.commune == geography["commune"] and report.province == geography["province"]
    assert report.data["tables"][0]["lines"][0]["poor"] == 2
    assert _poor_households(bytes(report.xlsx)) == 2 and bytes(report.pdf).startswith(b"%PDF")
    # A not-poor household is found poor after all: the live report changes, the signed one does not.
    household = Household.objects.filter(commune=geography["commune"]).order_by("pk").last()
    classify(household, "poor", deprived=("water",))
    refresh_commune_summary(geography["commune"].pk, 2024)
    stored = SignedReport.objects.get(pk=report.pk)
    assert stored.data == report.data and bytes(stored.xlsx) == bytes(report.xlsx)
    assert _poor_households(bytes(stored.xlsx)) == 2
    with pytest.raises(ValueError, match="bị khoá"):
        stored.save()
    with pytest.raises(ValidationError, match="đã được ký duyệt"):
        actions.sign_off_review(people["commune"], geography["commune"], 2024, "2022-2025")


def test_only_officers_of_the_unit_sign_it_off(geography, province_2024, people):
    for who in ("urban", "other_province", "leader"):
        with pytest.raises(PermissionDenied):
            actions.sign_off_review(people[who], geography["commune"], 2024, "2022-2025")
    with pytest.raises(ValidationError, match="Chưa có số liệu"):
        actions.sign_off_review(people["commune"], geography["commune"], 2023, "2022-2025")


def test_the_province_approves_or_returns_with_a_reason_and_history_is_kept(geography, province_2024, people):
    report = actions.sign_off_review(people["commune"], geography["commune"], 2024, "2022-2025")
    for who in ("commune", "urban", "other_province", "leader"):
        assert not actions.can_review(report, people[who])
        with pytest.raises(PermissionDenied):
            actions.approve_report(report, people[who])
    with pytest.raises(ValidationError):
        actions.return_report(report, people["province"], "  ")
    returned = actions.return_report(report, people["province"], "Thiếu số liệu thôn 3")
    assert returned.state == SignOffState.RETURNED and returned.return_reason == "Thiếu số liệu thôn 3"
    with pytest.raises(PermissionDenied):
        actions.approve_report(returned, people["province"])
    again = actions.sign_off_review(people["commune"], geography["commune"], 2024, "2022-2025")
    assert again.version == 2 and again.pk != report.pk
    approved = actions.approve_report(again, people["province"])
    assert approved.state == SignOffState.APPROVED and approved.reviewed_by == people["province"]
    history = list(report.history.order_by("history_id").values_list("state", "history_change_reason"))
    assert history == [("submitted", "Ký duyệt và gửi lên"), ("returned", "Trả lại: Thiếu số liệu thôn 3")]


def test_a_province_report_is_approved_by_an_administrator(geography, province_2024, people):
    report = actions.sign_off_review(people["province"], geography["province"], 2024, "2022-2025")
    assert report.data["tables"][0]["lines"][0]["name"] == "Phường Phan Rang"
    assert not actions.can_review(report, people["other_province"])
    assert not actions.can_review(report, people["province"])
    assert actions.approve_report(report, people["admin"]).state == SignOffState.APPROVED


def test_pages_sign_list_approve_and_download_within_the_area(client, geography, province_2024, people):
    client.force_login(people["commune"])
    index = client.get(reverse("reports:index")).content.decode()
    assert 'data-action="sign-review"' in index
    response = client.post(
        reverse("reports:sign_review"), {"don_vi": geography["commune"].pk, "nam": 2024, "chuan": "2022-2025"}
    )
    report = SignedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:signed_detail", args=[report.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Đã ký, chờ tỉnh duyệt" in detail and 'data-figure="poor">2<' in detail
    assert 'data-action="approve"' not in detail
    pdf = client.get(reverse("reports:signed_file", args=[report.pk, "pdf"]))
    assert pdf.content == bytes(report.pdf)
    for who in ("urban", "other_province"):
        client.force_login(people[who])
        assert client.get(reverse("reports:signed_detail", args=[report.pk])).status_code == 404
        assert client.get(reverse("reports:signed_file", args=[report.pk, "xlsx"])).status_code == 404
        assert str(report.title) not in client.get(reverse("reports:signed_list")).content.decode()
    client.force_login(people["province"])
    listing = client.get(reverse("reports:signed_list"), {"trang_thai": "cho-duyet"}).content.decode()
    assert report.title in listing and "cần duyệt" in listing
    assert (
        'data-action="approve"'
        in client.get(reverse("reports:signed_detail", args=[report.pk])).content.decode()
    )
    client.post(reverse("reports:review_action", args=[report.pk, "tra-lai"]), {"reason": "Sai số hộ"})
    report.refresh_from_db()
    assert report.state == SignOffState.RETURNED and report.return_reason == "Sai số hộ"
    page = client.get(reverse("reports:signed_detail", args=[report.pk])).content.decode()
    assert "Sai số hộ" in page and "Bị trả lại" in page


def test_signing_off_a_plan_progress_report(client, geography, commune_plan, people):
    client.force_login(people["commune"])
    url = reverse("targets:sign_plan_report", args=[commune_plan.pk])
    empty = client.post(url, {"nam": 2024, "ky": "Q1"}, follow=True)
    assert "Chưa có số liệu thực hiện nào" in empty.content.decode() and not SignedReport.objects.exists()
    response = client.post(url, {"nam": 2025, "ky": "H1"})
    report = SignedReport.objects.get()
    assert response.status_code == 302 and report.kind == "plan_progress" and report.period == "H1"
    assert report.plan == commune_plan and report.data["lines"][0]["actual"] == 14
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(report.xlsx)))["Tiến độ"]
    assert sheet["A3"].value == "Kỳ báo cáo: 6 tháng đầu năm 2025"
    assert actions.approve_report(report, people["province"]).state == SignOffState.APPROVED
