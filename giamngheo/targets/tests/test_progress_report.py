import io
import json
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.targets.models import Indicator, Plan, ProgressState, ProgressValue, Target
from giamngheo.targets.progress_pdf import progress_pdf
from giamngheo.targets.progress_report import (
    NoProgressData,
    ProgressReport,
    Trend,
    build_progress_report,
    trend_of,
)
from giamngheo.targets.progress_workbook import FIRST_DATA_ROW, progress_workbook

D = Decimal


@pytest.fixture
def commune_plan(geography):
    commune = geography["commune"]
    plan = Plan.objects.create(
        unit=commune,
        province=geography["province"],
        commune=commune,
        title="Kế hoạch giảm nghèo xã Phước Hà giai đoạn 2024-2025",
        document_number="12/KH-UBND",
        period_start=2024,
        period_end=2025,
    )
    houses = Target.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="houses_supported"),
        unit=commune,
        year=2025,
        baseline=D(0),
        baseline_year=2023,
        target_value=20,
        direction="increase",
        position=1,
    )
    out_of_school = Target.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="poor_children_out_of_school_rate"),
        unit=commune,
        year=2025,
        baseline=D("11.24"),
        target_value=D("9.24"),
        direction="decrease",
        position=2,
    )
    for target, year, period, value in (
        (houses, 2024, "Y", 6),
        (houses, 2025, "Q1", 8),
        (houses, 2025, "H1", 14),
        (houses, 2025, "9M", 18),  # not yet approved
        (out_of_school, 2025, "H1", D("11.5")),
    ):
        state = ProgressState.SUBMITTED if period == "9M" else ProgressState.APPROVED
        ProgressValue.objects.create(target=target, year=year, period=period, value=value, state=state)
    return plan


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


def test_six_monthly_report_takes_values_up_to_the_end_of_the_period(commune_plan, officer):
    report = build_progress_report(commune_plan, 2025, "H1", officer)
    houses, school = report.lines
    assert houses.actual == 14 and houses.actual_label == "6 tháng đầu năm 2025"
    assert houses.previous == 6 and houses.previous_label == "cuối năm 2024"
    assert houses.change == 8 and houses.trend == Trend.BETTER
    assert houses.status == "at_risk"  # 70% of the way after 75% of the time
    assert school.actual == 11.5 and school.previous == 11.24 and school.previous_label == "giá trị gốc"
    assert school.trend == Trend.WORSE and school.trend_label == "Xấu đi"
    quarter = build_progress_report(commune_plan, 2025, "Q1", officer)
    assert quarter.lines[0].actual == 8 and quarter.lines[1].actual is None
    nine_months = build_progress_report(commune_plan, 2025, "9M", officer).lines[0]
    assert nine_months.actual == 14  # an approved value goes before a later one still awaiting approval
    ProgressValue.objects.exclude(period="9M").filter(target__position=1).update(state=ProgressState.DRAFT)
    nine_months = build_progress_report(commune_plan, 2025, "9M", officer).lines[0]
    assert nine_months.actual == 18 and nine_months.actual_label == "9 tháng năm 2025, chưa duyệt"
    assert ProgressReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_trend_follows_the_direction_of_the_target():
    assert trend_of("decrease", 5.0, 4.0, 3.0, 3.0) == Trend.BETTER
    assert trend_of("increase", 5.0, 4.0, 9.0, 9.0) == Trend.WORSE
    assert trend_of("reach", 80.0, 90.0, 95.0, 100.0) == Trend.BETTER
    assert trend_of("reach", 96.0, 99.0, 95.0, 100.0) == Trend.SAME  # both within the range
    assert trend_of("increase", None, 4.0, 9.0, 9.0) == Trend.UNKNOWN


def test_a_period_without_any_value_produces_no_report(commune_plan, officer):
    with pytest.raises(NoProgressData, match="Chưa có số liệu thực hiện"):
        build_progress_report(commune_plan, 2024, "Q1", officer)
    with pytest.raises(NoProgressData, match="ngoài thời kỳ"):
        build_progress_report(commune_plan, 2026, "Y", officer)


def test_excel_progress_report_has_merged_titles_headers_and_formulas(commune_plan, officer):
    content = progress_workbook(build_progress_report(commune_plan, 2025, "H1", officer))
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Tiến độ"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:O1", "A2:O2", "A3:O3", "F6:G6", "J6:K6", "A6:A7"} <= merged
    assert sheet["A1"].value == "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH GIẢM NGHÈO"
    assert sheet["A3"].value == "Kỳ báo cáo: 6 tháng đầu năm 2025"
    assert sheet["J6"].value == "Thực hiện đến hết kỳ" and sheet["O6"].value == "Đánh giá"
    first = FIRST_DATA_ROW + 1
    assert sheet[f"B{first}"].value == "Số nhà ở được hỗ trợ xây mới, sửa chữa"
    assert sheet[f"J{first}"].value == 14 and sheet[f"L{first}"].value == 6
    assert sheet[f"M{first}"].value == f"=J{first}-L{first}"
    assert sheet[f"N{first}"].value == "Cải thiện"
    formulas = [c.value for c in sheet["C"] if isinstance(c.value, str) and c.value.startswith("=COUNTIF")]
    assert len(formulas) == 5 and f"$O${first}:$O${first + 1}" in formulas[0]
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Tiến độ"]
    assert values[f"M{first}"].value == 8
    assert sheet.page_setup.orientation == "landscape"


def test_pdf_progress_report_shows_the_lines(commune_plan, officer, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(progress_pdf(build_progress_report(commune_plan, 2025, "H1", officer)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH GIẢM NGHÈO" in text
    assert "Kỳ báo cáo: 6 tháng đầu năm 2025" in text
    assert "Cải thiện" in text and "Xấu đi" in text and "11,5" in text and "11,24" in text


def test_plan_page_downloads_the_report_or_says_there_is_nothing(
    client, commune_plan, officer, geography, make_user
):
    client.force_login(officer)
    page = client.get(reverse("targets:plan_detail", args=[commune_plan.pk])).content.decode()
    assert (
        "Báo cáo tiến độ" in page and reverse("targets:plan_progress_report", args=[commune_plan.pk]) in page
    )
    url = reverse("targets:plan_progress_report", args=[commune_plan.pk])
    excel = client.get(url, {"nam": 2025, "ky": "H1", "dinh_dang": "xlsx"})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(url, {"nam": 2025, "ky": "Y", "dinh_dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    empty = client.get(url, {"nam": 2024, "ky": "Q1", "dinh_dang": "xlsx"}, follow=True)
    assert empty.redirect_chain and "Chưa có số liệu thực hiện nào" in empty.content.decode()
    assert client.get(url, {"nam": 2030, "ky": "Y"}).status_code == 302
    client.force_login(make_user("khac", Role.COMMUNE_OFFICER, geography["urban"]))
    assert client.get(url, {"nam": 2025, "ky": "H1"}).status_code == 404
