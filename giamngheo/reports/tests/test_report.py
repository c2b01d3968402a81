import io
import json
import re
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.reports import queries
from giamngheo.reports.queries import area_of
from giamngheo.reports.review_data import ReviewReport, build_review_report
from giamngheo.reports.workbook import FIRST_DATA_ROW, review_workbook, write_review_workbook


def _sheet_rows(content: bytes, sheet: str, data_only: bool) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=data_only)
    return list(book[sheet].iter_rows(values_only=True))


def test_excel_report_totals_are_sum_formulas_matching_the_summaries(geography, province_2024, make_user):
    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    area = area_of(geography["province"])
    content = review_workbook(area, 2024, "2022-2025", officer)
    formulas = _sheet_rows(content, "Theo đơn vị", data_only=False)
    values = _sheet_rows(content, "Theo đơn vị", data_only=True)
    assert values[0][0] == "BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024"
    data = values[FIRST_DATA_ROW : FIRST_DATA_ROW + 2]
    assert [row[1] for row in data] == ["Phường Phan Rang", "Xã Phước Hà"]  # by commune code
    total_row = FIRST_DATA_ROW + 2
    assert values[total_row][1] == "Tổng cộng"
    assert formulas[total_row][2] == f"=SUM(C{FIRST_DATA_ROW + 1}:C{FIRST_DATA_ROW + 2})"
    assert formulas[total_row][4] == f"=SUM(E{FIRST_DATA_ROW + 1}:E{FIRST_DATA_ROW + 2})"
    figures = queries.status_figures(area, 2024, "2022-2025", officer)
    assert values[total_row][2] == figures.total_households == 9
    assert values[total_row][3] == figures.total_people
    assert values[total_row][4] == figures.households["poor"] == 3
    assert values[total_row][7] == figures.households["near_poor"] == 2
    assert values[total_row][5] == pytest.approx(3 / 9)
    assert values[total_row][12] == 0  # no household without labour capacity
    assert sum(row[2] for row in data) == values[total_row][2]
    ethnic = _sheet_rows(content, "Dân tộc thiểu số", data_only=True)
    assert ethnic[FIRST_DATA_ROW + 2][2] == 2 and ethnic[FIRST_DATA_ROW + 2][4] == 2
    deprivations = {
        row[1]: row[2] for row in _sheet_rows(content, "Thiếu hụt", data_only=True)[FIRST_DATA_ROW + 1 :]
    }
    assert deprivations["Nguồn nước sinh hoạt"] == 2 and deprivations["Sử dụng dịch vụ viễn thông"] == 2
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Theo đơn vị"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert "A1:M1" in {str(r) for r in sheet.merged_cells.ranges}


def test_report_page_and_download_for_a_province_officer(client, geography, province_2024, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    page = client.get(reverse("reports:index")).content.decode()
    assert "Xã Phước Hà" in page and "Phường Phan Rang" in page and "Xã Bát Xát" not in page
    assert 'data-figure="households">9<' in page
    response = client.get(
        reverse("reports:review_workbook"), {"don_vi": geography["province"].pk, "nam": 2024}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    values = _sheet_rows(response.content, "Theo đơn vị", data_only=True)
    assert values[FIRST_DATA_ROW + 2][2] == 9


def test_commune_officer_sees_only_their_commune_in_reports(client, geography, province_2024, make_user):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    page = client.get(reverse("reports:index")).content.decode()
    assert "Xã Phước Hà" in page and "Phường Phan Rang" not in page
    assert 'data-figure="households">4<' in page
    for unit in ("province", "urban", "other_commune"):
        assert client.get(reverse("reports:index"), {"don_vi": geography[unit].pk}).status_code == 404
        assert (
            client.get(reverse("reports:review_workbook"), {"don_vi": geography[unit].pk}).status_code == 404
        )
    response = client.get(reverse("reports:review_workbook"), {"don_vi": geography["commune"].pk})
    values = _sheet_rows(response.content, "Theo đơn vị", data_only=True)
    assert values[FIRST_DATA_ROW][1] == "Xã Phước Hà" and values[FIRST_DATA_ROW + 1][1] == "Tổng cộng"
    assert values[FIRST_DATA_ROW + 1][2] == 4


def test_province_workbook_of_a_commune_officer_would_hold_only_their_commune(
    geography, province_2024, make_user
):
    """Even when called directly with a province area, the queries keep to the scope."""
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    rows = queries.commune_rows(area_of(geography["province"]), 2024, "2022-2025", officer)
    assert [r.name for r in rows] == ["Xã Phước Hà"]


def test_report_page_without_data_says_so(client, geography, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    page = client.get(reverse("reports:index")).content.decode()
    assert "Chưa có số liệu tổng hợp" in page
    assert client.get(reverse("reports:review_workbook")).status_code == 404


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_report_shows_the_numbers_of_the_excel_report(
    client, geography, province_2024, make_user, tmp_path
):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    query = {"don_vi": geography["province"].pk, "nam": 2024}
    response = client.get(reverse("reports:review_pdf"), query)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = _pdf_text(response.content, tmp_path)
    excel = client.get(reverse("reports:review_workbook"), query).content
    assert "BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024" in text
    assert "Biểu 5. Biến động" in text and "Nguồn nước sinh hoạt" in text

    def numbers(line: str) -> list[str]:
        return re.findall(r"\d[\d.,]*", line.split("Tổng cộng", 1)[1])

    values = _sheet_rows(excel, "Theo đơn vị", data_only=True)
    total = values[FIRST_DATA_ROW + 2]
    expected = [str(v) if isinstance(v, int) else f"{100 * v:.2f}".replace(".", ",") for v in total[2:13]]
    total_lines = [line for line in text.splitlines() if "Tổng cộng" in line]
    assert numbers(total_lines[0]) == expected
    assert expected[:4] == ["9", "25", "3", "33,33"] and expected[-1] == "0"
    for name, excel_row in (
        ("Xã Phước Hà", values[FIRST_DATA_ROW + 1]),
        ("Phường Phan Rang", values[FIRST_DATA_ROW]),
    ):
        line = next(line for line in text.splitlines() if name in line)
        assert re.findall(r"\d[\d.,]*", line.split(name, 1)[1])[:3] == [str(v) for v in excel_row[2:5]]
    ethnic_total = numbers(total_lines[1])
    assert ethnic_total[:3] == ["2", "2", "2"]  # the first household of each commune, poor


def test_review_report_as_data_is_the_same_after_a_round_trip_to_json(geography, province_2024, make_user):
    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    report = build_review_report(area_of(geography["province"]), 2024, "2022-2025", officer)
    again = ReviewReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report
    first, second = write_review_workbook(report), write_review_workbook(again)
    for sheet in ("Theo đơn vị", "Dân tộc thiểu số", "Người có công", "Thiếu hụt", "Biến động"):
        assert _sheet_rows(first, sheet, data_only=False) == _sheet_rows(second, sheet, data_only=False)
    assert report.by_unit.total.poor == 3 and report.poor_total == 3


def test_pdf_without_data_is_not_found(client, geography, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    assert client.get(reverse("reports:review_pdf")).status_code == 404
