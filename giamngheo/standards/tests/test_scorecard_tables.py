"""Official B1 thresholds from a workbook: validated cell by cell, refused whole on any problem."""

import openpyxl
import pytest
import yaml
from django.core.management import CommandError, call_command

from giamngheo.core.models import BulkChange
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.scorecard_tables import ScorecardWorkbookError, read_scorecard_workbook


def workbook(tmp_path, rows=None, version="TT-2026-01", basis="Thông tư mẫu, Phụ lục B1", name="b1.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ngưỡng điểm"
    sheet.append(["Vùng", "Khu vực", "Ngưỡng nghèo", "Ngưỡng mức sống trung bình"])
    if rows is None:
        rows = [
            [label, area, 110, 140] for label in v.REGIONS.values() for area in ("Nông thôn", "Thành thị")
        ]
    for row in rows:
        sheet.append(row)
    facts = book.create_sheet("Căn cứ")
    facts.append(["Phiên bản", version])
    facts.append(["Căn cứ pháp lý", basis])
    path = tmp_path / name
    book.save(path)
    return path


def test_a_complete_workbook_gives_every_region_and_area(tmp_path):
    tables = read_scorecard_workbook(workbook(tmp_path))
    assert tables.version == "TT-2026-01" and tables.reference == "Thông tư mẫu, Phụ lục B1"
    assert set(tables.thresholds) == set(v.REGIONS)
    assert tables.thresholds["mekong_delta"]["urban"] == {"poor": 110.0, "average": 140.0}


def good_rows():
    return [[label, area, 110, 140] for label in v.REGIONS.values() for area in ("Nông thôn", "Thành thị")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[:-1], "thiếu ngưỡng của vùng Đồng bằng sông Cửu Long, khu vực thành thị"),
        (lambda rows: [rows[0][:2] + ["mười", 140], *rows[1:]], "Ô C2: “mười” không phải là số"),
        (
            lambda rows: [rows[0][:2] + [150, 140], *rows[1:]],
            "Ô D2: ngưỡng mức sống trung bình (140) phải lớn hơn",
        ),
        (lambda rows: [["Miền Trăng", "Nông thôn", 1, 2], *rows], "Ô A2: vùng “Miền Trăng”"),
        (lambda rows: [*rows, rows[0]], "bị lặp"),
    ],
)
def test_a_bad_workbook_is_refused_naming_the_cell(tmp_path, change, message):
    with pytest.raises(ScorecardWorkbookError) as error:
        read_scorecard_workbook(workbook(tmp_path, change(good_rows())))
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_missing_version_and_not_a_workbook_are_refused(tmp_path):
    with pytest.raises(ScorecardWorkbookError, match="thiếu phiên bản"):
        read_scorecard_workbook(workbook(tmp_path, version=None))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    with pytest.raises(ScorecardWorkbookError, match="không phải là bảng tính"):
        read_scorecard_workbook(junk)


def test_the_command_stores_a_version_once_and_refuses_bad_tables(tmp_path, db, settings):
    settings.DATA_DIR = tmp_path / "data"  # the suite's data folder is shared by both database runs
    folder = settings.DATA_DIR / "scorecards" / "2022-2025"
    before = sorted(folder.glob("*")) if folder.exists() else []
    bad = workbook(tmp_path, good_rows()[:-1], name="bad.xlsx")
    with pytest.raises(CommandError, match="không thay đổi gì"):
        call_command("load_scorecard_tables", str(bad), standard="2022-2025")
    assert (sorted(folder.glob("*")) if folder.exists() else []) == before
    good = workbook(tmp_path, version="TT-2026-test")
    call_command("load_scorecard_tables", str(good), standard="2022-2025")
    stored = yaml.safe_load((folder / "TT-2026-test.yaml").read_text(encoding="utf-8"))
    assert stored["scorecard"]["placeholder"] is False and stored["scorecard"]["reference"]
    assert BulkChange.objects.filter(action="load_scorecard_tables").count() == 1
    with pytest.raises(CommandError, match="đã có"):
        call_command("load_scorecard_tables", str(good), standard="2022-2025")
