"""Files that cannot be imported as a whole: wrong columns, missing sheets, no rows,
passwords, corruption, size, encoding; and the formats that can (.xls, headers
without diacritics, commune names from before the 2025 reform)."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession
from giamngheo.core import sheets
from giamngheo.core.sheets import SheetError, check_size
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import (  # noqa: F401
    HOUSEHOLD_HEADERS,
    assert_refused,
    flat_csv,
    officer,
    sample_households,
    snapshot,
    xlsx,
)
from giamngheo.households.models import Household, Member

FILES = Path(__file__).parent / "import_files"


@pytest.fixture
def unchanged(geography):
    before = snapshot()
    yield
    assert snapshot() == before


def test_wrong_column_name_is_refused(officer, unchanged):  # noqa: F811
    headers = ["Ma ho gia dinh", *HOUSEHOLD_HEADERS[1:]]
    outcome = import_file("ho.xlsx", xlsx(household_headers=headers), officer)
    assert_refused(
        outcome,
        "Thiếu cột bắt buộc 'Mã hộ'. Các cột không nhận ra: 'Ma ho gia dinh'",
        "Hộ gia đình",
        1,
        "Mã hộ",
    )


def test_headers_without_diacritics_are_accepted(officer):  # noqa: F811
    headers = ["ma ho", "XA/PHUONG", "Thon/to", "Chu ho", "Dia chi", "Dan toc thieu so", "Co nguoi co cong",
               "Khong co kha nang LD", "Dang ky thoat ngheo"]  # fmt: skip
    outcome = import_file("ho.xlsx", xlsx(household_headers=headers), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Household.objects.get(code="NT-0001").meritorious


def test_missing_households_sheet_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(household_sheet=None, member_sheet="Thành viên"), officer)
    assert_refused(outcome, "Thiếu sheet 'Hộ gia đình'", "Hộ gia đình")


def test_missing_members_sheet_is_refused_for_new_households(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(member_sheet=None), officer)
    assert_refused(outcome, "Thiếu sheet 'Thành viên': 2 hộ mới (NT-0001, NT-0002)", "Thành viên")


def test_file_of_zero_rows_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("ho.xlsx", xlsx(households=[], members=[]), officer)
    assert_refused(outcome, "Tệp không có dòng dữ liệu nào", "Hộ gia đình", 2, "Mã hộ")


def test_password_protected_workbook_is_refused(officer, unchanged):  # noqa: F811
    outcome = import_file("mat-khau.xlsx", (FILES / "mat-khau.xlsx").read_bytes(), officer)
    assert_refused(outcome, "đặt mật khẩu", "Tệp")


@pytest.mark.parametrize("content", [b"not a workbook" * 50, xlsx()[:300]], ids=["garbage", "truncated"])
def test_corrupt_workbook_is_refused(officer, unchanged, content):  # noqa: F811
    outcome = import_file("ho.xlsx", content, officer)
    assert_refused(outcome, "tệp bị hỏng hoặc không phải tệp Excel", "Tệp")


def test_file_over_the_size_limit_is_refused_before_reading(officer, unchanged, monkeypatch):  # noqa: F811
    with pytest.raises(SheetError, match="vượt giới hạn 50 MB"):
        check_size(50 * 1024 * 1024 + 1)
    check_size(50 * 1024 * 1024)
    monkeypatch.setattr(settings, "GIAMNGHEO_IMPORT_MAX_MB", 0.001)
    read = []
    monkeypatch.setattr(sheets, "_read_book", lambda *args: read.append(args))
    assert_refused(import_file("ho.xlsx", xlsx(), officer), "vượt giới hạn", "Tệp")
    assert read == []


def test_unsupported_extension_is_refused(officer, unchanged):  # noqa: F811
    assert_refused(import_file("ho.pdf", b"whatever", officer), "Chỉ nhận tệp Excel (.xlsx, .xls)", "Tệp")


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_csv_in_another_encoding_is_refused(officer, unchanged, encoding):  # noqa: F811
    outcome = import_file("ho.csv", flat_csv(encoding), officer)
    assert_refused(outcome, "không dùng bảng mã UTF-8", "CSV")


def test_csv_with_a_bom_and_semicolons_is_read(officer):  # noqa: F811
    content = b"\xef\xbb\xbf" + flat_csv().decode().replace(",", ";").encode()
    outcome = import_file("ho.csv", content, officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Member.objects.count() == 4


def test_csv_errors_name_the_csv_row_and_column(officer, unchanged):  # noqa: F811
    content = flat_csv().decode().replace("15/03/1980", "1980/03/15").encode()
    assert_refused(import_file("ho.csv", content, officer), "dd/mm/yyyy", "CSV", 2, "Ngày sinh")


def test_xls_workbook_is_read(officer):  # noqa: F811
    outcome = import_file("ho-gia-dinh.xls", (FILES / "ho-gia-dinh.xls").read_bytes(), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    head = Member.objects.get(relation="head", household__code="XLS-0001")
    # a date cell, and a CCCD typed as a number that lost its leading zero
    assert head.birth_date == dt.date(1970, 5, 6) and head.cccd == "056070001234"


def test_commune_names_from_before_the_reform_map_to_the_new_commune(geography, officer):  # noqa: F811
    old = AdminUnit.objects.create(
        code="22500",
        name="Xã Phước Tân",
        short_name="Phước Tân",
        kind="Xã",
        level=Level.COMMUNE,
        era=Era.LEGACY,
    )
    UnitSuccession.objects.create(old_unit=old, new_unit=geography["commune"])
    households = sample_households()
    households[1][1] = "phuoc tan"
    outcome = import_file("ho.xlsx", xlsx(households=households), officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Household.objects.get(code="NT-0002").commune == geography["commune"]
