"""Importing an agency's support list: every cell checked, the error workbook, matching
by CCCD then name + birth date, unmatched rows kept, and no duplicate on a second import."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from giamngheo.households.cccd import make_cccd
from giamngheo.programs.models import ImportState, SupportImport, SupportRecord, UnmatchedSupport
from giamngheo.programs.support_import import import_support_list

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Ngày cấp thẻ", "Số thẻ BHYT"]


def workbook(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CẤP THẺ BẢO HIỂM Y TẾ"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def people(geography, household):
    an_cccd = make_cccd("056", 1980, "male", 123)
    poor = household(
        geography["commune"],
        "poor",
        ages=(46, 20),
        names=["Nguyễn Văn An", "Nguyễn Thị Bình"],
        cccds=[an_cccd, ""],
        born=[dt.date(1980, 3, 1), dt.date(2006, 5, 9)],
    )
    return {"household": poor, "an_cccd": an_cccd}


def run(user, data, catalogue, geography, name="bhyt.xlsx"):
    return import_support_list(
        user,
        data=data,
        file_name=name,
        policy=catalogue["bhyt-ho-ngheo"],
        unit=geography["commune"],
        agency="Bảo hiểm xã hội tỉnh",
    )


def test_rows_match_by_cccd_then_by_name_and_birth_date(people, catalogue, geography, commune_officer):
    data = workbook(
        [
            [1, "Nguyễn Văn An", "01/03/1980", people["an_cccd"], "02/01/2026", "HN4560001"],
            [2, "nguyen thi binh", "09/05/2006", "", "02/01/2026", "HN4560002"],
            [3, "Trần Văn Lạ", "01/01/1970", "", "02/01/2026", "HN4560003"],
        ]
    )
    batch = run(commune_officer, data, catalogue, geography)
    assert batch.state == ImportState.IMPORTED
    assert (batch.created, batch.duplicates, batch.quarantined) == (2, 0, 1)
    names = set(SupportRecord.objects.values_list("member__full_name", flat=True))
    assert names == {"Nguyễn Văn An", "Nguyễn Thị Bình"}
    stranger = UnmatchedSupport.objects.get()
    assert stranger.full_name == "Trần Văn Lạ" and stranger.row_number == 5


def test_importing_the_same_list_twice_creates_no_duplicate(people, catalogue, geography, commune_officer):
    data = workbook(
        [
            [1, "Nguyễn Văn An", "01/03/1980", people["an_cccd"], "02/01/2026", "HN4560001"],
            [2, "Trần Văn Lạ", "01/01/1970", "", "02/01/2026", "HN4560003"],
        ]
    )
    run(commune_officer, data, catalogue, geography)
    second = run(commune_officer, data, catalogue, geography)
    assert second.state == ImportState.IMPORTED
    assert (second.created, second.duplicates) == (0, 2)
    assert SupportRecord.objects.count() == 1
    assert UnmatchedSupport.objects.count() == 1


def test_a_bad_cell_rejects_the_whole_list_and_marks_the_cell(people, catalogue, geography, commune_officer):
    data = workbook(
        [
            [1, "Nguyễn Văn An", "01/03/1980", people["an_cccd"], "02/01/2026", "HN4560001"],
            [2, "Nguyễn Thị Bình", "09/05/2006", "", "31/02/2026", "HN4560002"],
        ]
    )
    batch = run(commune_officer, data, catalogue, geography)
    assert batch.state == ImportState.REJECTED
    assert SupportRecord.objects.count() == 0 and UnmatchedSupport.objects.count() == 0
    assert any("Ngày cấp thẻ" in error and "4" in error for error in batch.errors), batch.errors
    marked = openpyxl.load_workbook(io.BytesIO(bytes(batch.error_workbook)))
    sheet = marked["Sheet"]
    assert "Danh sách lỗi" in marked.sheetnames
    assert sheet["E4"].comment is not None
    assert sheet["E4"].value == "31/02/2026"


def test_a_list_without_a_date_column_is_refused_with_the_column_named(catalogue, geography, commune_officer):
    data = workbook([[1, "Nguyễn Văn An", "01/03/1980", "", "HN1"]], headers=HEADERS[:4] + ["Số thẻ BHYT"])
    batch = run(commune_officer, data, catalogue, geography)
    assert batch.state == ImportState.REJECTED
    assert any("Ngày hỗ trợ" in error for error in batch.errors)


def test_an_officer_cannot_import_into_another_commune(catalogue, geography, commune_officer):
    with pytest.raises(PermissionDenied):
        import_support_list(
            commune_officer,
            data=workbook([]),
            file_name="x.xlsx",
            policy=catalogue["bhyt-ho-ngheo"],
            unit=geography["other_commune"],
            agency="BHXH",
        )
    assert SupportImport.objects.count() == 0


def test_a_csv_list_is_read_like_a_workbook(people, catalogue, geography, commune_officer):
    text = (
        f"Họ và tên,Ngày sinh,Số CCCD,Ngày cấp thẻ\nNguyễn Văn An,01/03/1980,{people['an_cccd']},02/01/2026\n"
    )
    batch = run(commune_officer, text.encode("utf-8"), catalogue, geography, name="bhyt.csv")
    assert batch.state == ImportState.IMPORTED and batch.created == 1
