import io

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from giamngheo.fieldwork.models import Submission
from giamngheo.fieldwork.odk.submissions import import_submissions
from giamngheo.fieldwork.odk.xlsform import xlsform_rows, xlsform_workbook
from giamngheo.fieldwork.tests.conftest import SURVEY_DATE
from giamngheo.households.models import Survey
from giamngheo.standards import engine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("standard_id", ["2022-2025", "2026-2030"])
def test_the_xlsform_converts_with_pyxform_without_error_or_warning(standard_id):
    warnings: list[str] = []
    result = convert(
        xlsform=xlsform_workbook(engine.load_standard(standard_id)), warnings=warnings, file_type=".xlsx"
    )
    assert warnings == [] and result.warnings == []
    assert "<h:title>Phiếu khảo sát hộ gia đình" in result.xform
    # The server's rule reaches ODK: no negative floor area.
    assert 'constraint=". &gt;= 0"' in result.xform


def test_the_xlsform_has_vietnamese_labels_and_the_servers_choices():
    survey, choices, settings = xlsform_rows(engine.load_standard("2022-2025"))
    by_name = {row["name"]: row for row in survey}
    assert by_name["water_source"]["type"] == "select_one ds_water_source"
    assert by_name["water_source"]["label"] == "Nguồn nước sinh hoạt chính"
    assert {"list_name": "ds_water_source", "name": "piped", "label": "Nước máy"} in choices
    assert settings["form_id"] == "giamngheo_2022_2025"


def kobo_export(household, **answers) -> tuple[str, bytes]:
    """An xlsx as KoboToolbox exports it: group paths in headers, the repeat on its own sheet."""
    book = Workbook()
    main = book.active
    main.title = "Phieu"
    values = {
        "ma_ho": household.code, "ngay_khao_sat": SURVEY_DATE.isoformat(), "ho_1/income_per_capita_month": 1_200_000,
        "ho_1/area": "rural", "ho_2/water_source": "piped", "ho_2/latrine": "septic", "ho_3/floor_area_m2": 40,
        "ho_3/has_dwelling": "co", "meta/instanceID": "uuid:5b0c7a52-8d4e-4c0e-9a57-3f6c2a1d9e10", "_index": 1,
    } | answers  # fmt: skip
    main.append(list(values))
    main.append(list(values.values()))
    members = book.create_sheet("thanh_vien")
    members.append(
        ["thanh_vien/ho_ten", "thanh_vien/employment", "thanh_vien/has_health_insurance", "_parent_index"]
    )
    for member in household.members.order_by("pk"):
        members.append([member.full_name.upper(), "self_employed", "co", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return "kobo.xlsx", buffer.getvalue()


def test_a_kobo_export_imports_as_a_submitted_survey_once(village_household, collaborator):
    name, content = kobo_export(village_household)
    result = import_submissions(collaborator, name, content)
    assert result.problems == [] and result.imported == 1
    survey = Survey.objects.get(household=village_household, survey_date=SURVEY_DATE)
    assert survey.is_submitted and survey.income_per_capita_month == 1_200_000 and survey.floor_area_m2 == 40
    assert {a.employment for a in survey.member_answers.all()} == {"self_employed"}
    again = import_submissions(collaborator, name, content)  # the same export twice
    assert again.imported == 1 and Survey.objects.filter(survey_date=SURVEY_DATE).count() == 1
    assert Submission.objects.count() == 1


def test_unknown_codes_and_out_of_range_values_give_the_error_workbook(village_household, collaborator):
    name, content = kobo_export(village_household, **{"ho_3/floor_area_m2": -3})
    bad_code = import_submissions(collaborator, *kobo_export(village_household, ma_ho="99999-00001"))
    assert bad_code.imported == 0 and "không có trong địa bàn" in bad_code.problems[0].message
    result = import_submissions(collaborator, name, content)
    assert result.imported == 0 and len(result.problems) == 1
    problem = result.problems[0]
    assert problem.row == 2 and problem.column == "floor_area_m2" and "0" in problem.message
    summary = load_workbook(io.BytesIO(result.workbook))["Danh sách lỗi"]
    assert summary.cell(2, 2).value == 2 and "diện tích" in summary.cell(2, 4).value.lower()
    assert not Survey.objects.filter(survey_date=SURVEY_DATE).exists()


def test_a_csv_export_of_odk_central_imports(village_household, collaborator):
    header = "KEY,ma_ho,ngay_khao_sat,ho_1-income_per_capita_month,ho_1-area,ho_2-water_source,ho_2-latrine"
    row = f"uuid:0c8f0a8e-7d0c-4f8f-8d0d-0f6a3c3a1b22,{village_household.code},{SURVEY_DATE},2000000,rural,piped,septic"
    result = import_submissions(collaborator, "odk.csv", f"{header}\n{row}\n".encode())
    assert result.problems == [] and result.imported == 1
    assert Survey.objects.get(survey_date=SURVEY_DATE).income_per_capita_month == 2_000_000


def test_the_bridge_page_downloads_the_form_and_returns_the_error_workbook(
    client, village_household, collaborator
):
    client.force_login(collaborator)
    page = client.get("/thuc-dia/nhap-odk/")
    assert page.status_code == 200 and "Tải mẫu phiếu" in page.content.decode()
    form = client.get("/thuc-dia/xlsform/2022-2025/")
    assert form["Content-Disposition"] == 'attachment; filename="phieu-khao-sat-2022-2025.xlsx"'
    assert client.get("/thuc-dia/xlsform/khong-co/").status_code == 404
    name, content = kobo_export(village_household, ma_ho="sai-ma")
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/thuc-dia/nhap-odk/", {"file": upload})
    assert response["Content-Disposition"] == 'attachment; filename="kobo-loi.xlsx"'
    name, content = kobo_export(village_household)
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/thuc-dia/nhap-odk/", {"file": upload}, follow=True)
    assert "Đã nhập 1 phiếu khảo sát." in response.content.decode()


def test_a_submission_of_the_xlsform_round_trips(village_household, collaborator):
    """Headers built from the XLSForm itself (Kobo's group paths), every answer filled:
    each one arrives in the survey as sent."""
    survey_rows, _choices, _settings = xlsform_rows(engine.standard_in_force(SURVEY_DATE))
    sent = {"area": "urban", "income_per_capita_month": 1_234_000, "score": None, "floor_area_m2": 31.5,
            "water_source": "borehole", "latrine": "pour_flush", "durable_roof": False, "has_tv": True}  # fmt: skip
    member_sent = {"schooling": "right_level", "qualification": "primary", "employment": "not_working"}
    headers, values, member_headers, group, in_repeat = [], [], [], "", False
    for row in survey_rows:
        kind, name = row["type"], row["name"]
        if kind == "begin_group":
            group = name
        elif kind == "begin_repeat":
            in_repeat = True
        elif kind not in ("end_group", "end_repeat") and not in_repeat:
            headers.append(f"{group}/{name}" if group and name not in ("ma_ho", "ngay_khao_sat") else name)
            value = sent.get(name, "khong" if kind == "select_one co_khong" else None)
            values.append(("co" if value else "khong") if isinstance(value, bool) else value)
        elif in_repeat and kind not in ("end_repeat",):
            member_headers.append(f"thanh_vien/{name}")
    values[headers.index("ma_ho")] = village_household.code
    values[headers.index("ngay_khao_sat")] = SURVEY_DATE
    book = Workbook()
    book.active.append([*headers, "_index"])
    book.active.append([*values, 1])
    members = book.create_sheet("thanh_vien")
    members.append([*member_headers, "_parent_index"])
    child = village_household.members.order_by("pk").last()
    row = {"ho_ten": child.full_name} | member_sent
    members.append([row.get(h.split("/")[-1], "khong") for h in member_headers] + [1])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_submissions(collaborator, "kobo.xlsx", buffer.getvalue())
    assert result.problems == [] and result.imported == 1
    survey = Survey.objects.get(household=village_household, survey_date=SURVEY_DATE)
    for name, value in sent.items():
        assert getattr(survey, name) == value, name
    answer = survey.member_answers.get(member=child)
    assert {n: getattr(answer, n) for n in member_sent} == member_sent
    assert answer.has_health_insurance is False  # "khong" in the file
