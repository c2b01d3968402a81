"""Official B1 tables from a workbook: validated cell by cell (refused whole, the tables in use
unchanged), stored as versions, read by the engine instead of the placeholder, and the caveats
and the acknowledgement guard follow."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from giamngheo.reviews import guards
from giamngheo.standards import engine
from giamngheo.standards.models import ScorecardVersion
from giamngheo.standards.scorecard_tables import (
    BASE_SHEET,
    BASIS_SHEET,
    ITEM_SHEET,
    THRESHOLD_SHEET,
    ScorecardWorkbookError,
    read_scorecard_workbook,
    template_workbook,
)
from giamngheo.standards.scorecard_versions import load_scorecard_tables

VERSION = "TT-2026-chinh-thuc"
BASIS = "Thông tư hướng dẫn phương pháp rà soát, Phụ lục phiếu B1"


def filled(standard_id: str = "2022-2025", version: str | None = VERSION) -> openpyxl.Workbook:
    """The template of the tables in use, given a new version and legal basis."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(engine.load_standard(standard_id))))
    book[BASIS_SHEET]["B1"] = version
    book[BASIS_SHEET]["B2"] = BASIS
    book[BASIS_SHEET]["B3"] = "15/11/2026"
    return book


def content(book: openpyxl.Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def item_row(book: openpyxl.Workbook, code: str, option: str = "") -> int:
    sheet = book[ITEM_SHEET]
    return next(
        row
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, 1).value == code and (sheet.cell(row, 3).value or "") == option
    )


def read(book: openpyxl.Workbook, standard_id: str = "2022-2025"):
    return read_scorecard_workbook(engine.load_standard(standard_id), "b1.xlsx", content(book))


def test_the_template_of_the_placeholder_reads_back_as_the_same_tables():
    placeholder = engine.load_standard("2022-2025").scorecard
    tables = read(filled())
    assert (tables.version, tables.reference, tables.legal_date.isoformat()) == (VERSION, BASIS, "2026-11-15")
    section = tables.section
    assert section["placeholder"] is False and section["confirmed"] is True
    assert section["base_scores"]["mekong_delta"] == {"rural": 72.0, "urban": 80.0}
    assert section["thresholds"]["southeast"]["urban"] == {"poor": 100.0, "average": 130.0}
    items = {item["code"]: item for item in section["items"]}
    assert [item["code"] for item in section["items"]] == [item.code for item in placeholder.items]
    assert (
        items["water_source"]["points"]["piped"] == 4.0 and items["water_source"]["points"]["surface"] == 0.0
    )
    assert items["motorbikes"] | {} == items["motorbikes"] and items["motorbikes"]["per_unit"] == 4.0
    assert (
        items["motorbikes"]["cap"] == 3.0 and items["dependants"]["members_where"] == "age < 16 or age >= 60"
    )


def _drop_last_base_row(book):
    book[BASE_SHEET].delete_rows(book[BASE_SHEET].max_row)


def _word_for_a_point(book):
    book[ITEM_SHEET].cell(item_row(book, "fridge", "true"), 5).value = "năm"


def _thresholds_reversed(book):
    book[THRESHOLD_SHEET]["C2"], book[THRESHOLD_SHEET]["D2"] = 150, 140


def _unknown_item(book):
    book[ITEM_SHEET].append(["tivi_man_hinh_phang", "Ti vi màn hình phẳng", "true", "Có", 4])


def _unknown_region(book):
    book[BASE_SHEET]["A2"] = "Miền Trăng"


def _no_version(book):
    book[BASIS_SHEET]["B1"] = None


def _other_standard(book):
    book[BASIS_SHEET]["B4"] = "2026-2030"


def _unknown_option(book):
    book[ITEM_SHEET].cell(item_row(book, "water_source", "piped"), 3).value = "nuoc_gieng_troi"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _drop_last_base_row,
            "Trang “Điểm cơ sở”: thiếu dòng của vùng Đồng bằng sông Cửu Long, khu vực Thành thị",
        ),
        (_word_for_a_point, "Trang “Câu hỏi và điểm”, ô E"),
        (
            _thresholds_reversed,
            "Trang “Ngưỡng điểm”, ô D2: ngưỡng mức sống trung bình (140) phải lớn hơn ngưỡng nghèo (150, ô C2)",
        ),
        (_unknown_item, "mục “tivi_man_hinh_phang” không có trong phiếu B1 của chuẩn 2022-2025"),
        (_unknown_region, "Trang “Điểm cơ sở”, ô A2: vùng “Miền Trăng” không thuộc 6 vùng"),
        (_no_version, "Trang “Căn cứ”, ô B1: thiếu phiên bản"),
        (_other_standard, "ô B4: bảng điểm này dành cho chuẩn 2026-2030"),
        (_unknown_option, "lựa chọn “nuoc_gieng_troi” không thuộc mục “water_source”"),
    ],
)
def test_a_bad_workbook_is_refused_naming_the_cell(change, message):
    book = filled()
    change(book)
    with pytest.raises(ScorecardWorkbookError) as error:
        read(book)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_a_non_numeric_point_names_its_cell_exactly():
    book = filled()
    row = item_row(book, "fridge", "true")
    book[ITEM_SHEET].cell(row, 5).value = "năm"
    with pytest.raises(ScorecardWorkbookError) as error:
        read(book)
    assert f"Trang “Câu hỏi và điểm”, ô E{row}: điểm “năm” không phải là số." in error.value.problems


def test_no_average_threshold_where_the_standard_defines_none():
    book = filled("2026-2030")
    assert read(book, "2026-2030").section["thresholds"]["central_highlands"]["rural"] == {"poor": 100.0}
    book[THRESHOLD_SHEET]["D3"] = 130
    with pytest.raises(ScorecardWorkbookError, match="ô D3: chuẩn này không quy định mức sống trung bình"):
        read(book, "2026-2030")


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(ScorecardWorkbookError, match="Không đọc được tệp"):
        read_scorecard_workbook(engine.load_standard("2022-2025"), "b1.xlsx", b"PK\x03\x04 not a workbook")


def _official(book: openpyxl.Workbook) -> openpyxl.Workbook:
    """Official-looking numbers: Mekong rural base 60 and a poverty threshold of 90 there."""
    for row in range(2, book[BASE_SHEET].max_row + 1):
        if (
            book[BASE_SHEET].cell(row, 1).value == "Đồng bằng sông Cửu Long"
            and book[BASE_SHEET].cell(row, 2).value == "Nông thôn"
        ):
            book[BASE_SHEET].cell(row, 3).value = 60
            book[THRESHOLD_SHEET].cell(row, 3).value = 90
    return book


def test_loaded_tables_replace_the_placeholder_and_the_caveats_and_guard_follow(
    db, make_user, django_capture_on_commit_callbacks
):
    admin = make_user("quantri", "admin")
    assert engine.rests_on_placeholder_tables(engine.load_standard("2022-2025"))
    with pytest.raises(ValidationError):
        guards.check_placeholder_acknowledged("2022-2025", "")
    with django_capture_on_commit_callbacks(execute=True):
        version = load_scorecard_tables("2022-2025", "b1.xlsx", content(_official(filled())), admin)
    assert (version.version, version.reference, version.loaded_by, version.active) == (
        VERSION,
        BASIS,
        admin,
        True,
    )
    standard = engine.load_standard("2022-2025")
    assert standard.scorecard.version == VERSION and not standard.scorecard.placeholder
    assert standard.scorecard.base_scores[("mekong_delta", "rural")] == 60.0
    assert standard.scorecard.threshold("mekong_delta", "rural", "poor") == 90.0
    assert not engine.rests_on_placeholder_tables(standard)
    assert not any("Bảng điểm phiếu B1" in line for line in guards.caveats_for("2022-2025"))
    assert guards.check_placeholder_acknowledged("2022-2025", "") == ""
    # the other standard still rests on its placeholder
    assert engine.rests_on_placeholder_tables(engine.load_standard("2026-2030"))
    assert any("bảng tạm" in line for line in guards.caveats_for("2026-2030"))
    # the load is in the audit log under the administrator
    assert ScorecardVersion.history.filter(history_user=admin, version=VERSION, history_type="+").exists()


def test_a_refused_workbook_leaves_the_tables_in_use_and_a_new_version_keeps_the_earlier(
    db, make_user, django_capture_on_commit_callbacks
):
    admin = make_user("quantri", "admin")
    with django_capture_on_commit_callbacks(execute=True):
        load_scorecard_tables("2022-2025", "b1.xlsx", content(_official(filled())), admin)
    bad = filled(version="TT-2026-sai")
    _thresholds_reversed(bad)
    with pytest.raises(ScorecardWorkbookError):
        load_scorecard_tables("2022-2025", "b1.xlsx", content(bad), admin)
    assert engine.load_standard("2022-2025").scorecard.version == VERSION
    with pytest.raises(ScorecardWorkbookError, match="đã được nạp"):
        load_scorecard_tables("2022-2025", "b1.xlsx", content(filled()), admin)
    with django_capture_on_commit_callbacks(execute=True):
        load_scorecard_tables("2022-2025", "b1.xlsx", content(filled(version="TT-2027")), admin)
    first, second = ScorecardVersion.objects.order_by("loaded_at", "pk")
    assert (first.version, first.active, first.replaced_at is not None) == (VERSION, False, True)
    assert (second.version, second.active, second.replaced_at) == ("TT-2027", True, None)
    assert engine.load_standard("2022-2025").scorecard.version == "TT-2027"


def test_the_command_uses_the_same_loader(tmp_path, db, make_user, django_capture_on_commit_callbacks):
    make_user("quantri", "admin")
    bad = filled()
    _unknown_item(bad)
    (tmp_path / "bad.xlsx").write_bytes(content(bad))
    with pytest.raises(CommandError, match="không thay đổi gì(.|\n)*tivi_man_hinh_phang"):
        call_command("load_scorecard_tables", str(tmp_path / "bad.xlsx"), standard="2022-2025")
    assert not ScorecardVersion.objects.exists()
    (tmp_path / "good.xlsx").write_bytes(content(filled()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "load_scorecard_tables", str(tmp_path / "good.xlsx"), standard="2022-2025", user="quantri"
        )
    assert ScorecardVersion.objects.get().loaded_by.username == "quantri"
    assert engine.load_standard("2022-2025").scorecard.version == VERSION
