"""The official B1 tables of a standard read from a workbook, validated cell by cell, and the
filled template an administrator starts from.

The workbook has four sheets (the template writes them with the tables in use):
- "Căn cứ": B1 the version, B2 the legal basis (document, article), B3 the date of the
  document (dd/mm/yyyy, may be empty), B4 the standard the tables are for;
- "Điểm cơ sở": a header row, then Vùng | Khu vực | Điểm cơ sở for each region and area;
- "Câu hỏi và điểm": a header row, then Mã mục | Nội dung | Mã lựa chọn | Lựa chọn | Điểm |
  Điểm mỗi đơn vị | Tính tối đa (đơn vị): one row per option of an item scored by option
  (options left out give 0 points), one row per item scored per unit;
- "Ngưỡng điểm": a header row, then Vùng | Khu vực | Ngưỡng nghèo | Ngưỡng mức sống trung bình
  (empty where the standard defines no average band).

The items are the standard's (each reads answers the survey stores): a workbook gives their
points, it cannot add an item. Every problem names its sheet and cell; a workbook with any
problem is refused whole, so the tables in use never change half-way. Read through
`core.sheets` (limits), written through `core.workbooks`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from giamngheo.core.sheets import Cell, SheetError, column_letter, read_sheets
from giamngheo.core.workbooks import new_workbook
from giamngheo.standards.engine import StandardFileError
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.scorecard import ScorecardReader, ScoreItem
from giamngheo.standards.engine.standard import BANDED_LINES, Standard

BASIS_SHEET = "Căn cứ"
BASE_SHEET = "Điểm cơ sở"
ITEM_SHEET = "Câu hỏi và điểm"
THRESHOLD_SHEET = "Ngưỡng điểm"
SHEETS = (BASIS_SHEET, BASE_SHEET, ITEM_SHEET, THRESHOLD_SHEET)
MAX_ROWS = 500
AREA_NAMES = {v.RURAL: "Nông thôn", v.URBAN: "Thành thị"}
AREAS = {"nông thôn": v.RURAL, "thành thị": v.URBAN, "đô thị": v.URBAN, v.RURAL: v.RURAL, v.URBAN: v.URBAN}
REGIONS = {name.lower(): code for code, name in v.REGIONS.items()} | {code: code for code in v.REGIONS}
OPTION_LABELS = {"water_source": v.WATER_SOURCES, "latrine": v.LATRINES}
YES_NO = {"true": "Có", "false": "Không"}
ITEM_HEADER = (
    "Mã mục",
    "Nội dung",
    "Mã lựa chọn",
    "Lựa chọn",
    "Điểm",
    "Điểm mỗi đơn vị",
    "Tính tối đa (đơn vị)",
)


class ScorecardWorkbookError(ValueError):
    """The workbook was refused; `problems` lists one Vietnamese sentence per bad cell."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScorecardTables:
    """Validated tables: the `scorecard:` section they make, with the version and legal basis."""

    standard_id: str
    version: str
    reference: str
    legal_date: dt.date | None
    section: dict[str, Any]


def option_label(item: ScoreItem, option: str) -> str:
    if item.options() == ("true", "false"):
        return YES_NO[option]
    return OPTION_LABELS.get(item.answer, {}).get(option, option)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class _Sheet:
    """One sheet's rows, with the problems found in it (each naming its cell)."""

    def __init__(self, name: str, rows: list[list[Cell]], problems: list[str]) -> None:
        self.name, self.rows, self.problems = name, rows, problems

    def cell(self, row: int, column: int) -> Cell:
        """The value at a 1-based row and column (None when empty)."""
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return None
        value = self.rows[row - 1][column - 1]
        return None if isinstance(value, str) and not value.strip() else value

    def problem(self, row: int, column: int, text: str) -> None:
        self.problems.append(f"Trang “{self.name}”, ô {column_letter(column)}{row}: {text}")

    def data_rows(self) -> range:
        """The rows after the header that hold something."""
        last = len(self.rows)
        if last > MAX_ROWS:
            self.problems.append(f"Trang “{self.name}” có quá {MAX_ROWS} dòng.")
            last = MAX_ROWS
        return range(2, last + 1)

    def blank(self, row: int, columns: int) -> bool:
        return all(self.cell(row, c) is None for c in range(1, columns + 1))

    def number(self, row: int, column: int, what: str, *, required: bool = True, positive: bool = False):
        value = self.cell(row, column)
        if value is None:
            if required:
                self.problem(row, column, f"thiếu {what}.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(_text(value).replace(",", "."))
            except ValueError:
                self.problem(row, column, f"{what} “{_text(value)}” không phải là số.")
                return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(row, column, f"{what} không phải là số hữu hạn.")
            return None
        if positive and value <= 0:
            self.problem(row, column, f"{what} phải lớn hơn 0.")
            return None
        return float(value)

    def region_area(self, row: int) -> tuple[str | None, str | None]:
        region = REGIONS.get(_text(self.cell(row, 1)).lower())
        area = AREAS.get(_text(self.cell(row, 2)).lower())
        if region is None:
            self.problem(row, 1, f"vùng “{_text(self.cell(row, 1))}” không thuộc 6 vùng kinh tế - xã hội.")
        if area is None:
            self.problem(row, 2, f"khu vực “{_text(self.cell(row, 2))}” phải là Nông thôn hoặc Thành thị.")
        return region, area


def read_scorecard_workbook(standard: Standard, name: str, content: bytes) -> ScorecardTables:
    """Validate the workbook (file `name`, bytes `content`) as B1 tables of `standard`;
    `ScorecardWorkbookError` lists every problem."""
    if standard.scorecard is None or not standard.scorecard.computable:
        raise ScorecardWorkbookError([f"Chuẩn {standard.id} không dùng phiếu B1 để ước tính thu nhập."])
    try:
        found = {sheet.name: sheet for sheet in read_sheets(name, content)}
    except SheetError as error:
        raise ScorecardWorkbookError([error.message]) from None
    missing = [sheet for sheet in SHEETS if sheet not in found]
    if missing:
        raise ScorecardWorkbookError([f"Thiếu trang “{sheet}”." for sheet in missing])
    problems: list[str] = []
    sheets = {sheet: _Sheet(sheet, found[sheet].rows, problems) for sheet in SHEETS}
    version, reference, legal_date = _basis(sheets[BASIS_SHEET], standard)
    applied = [line for line in BANDED_LINES if standard.line(line)]
    base_scores = _by_region(sheets[BASE_SHEET], lambda sheet, row: sheet.number(row, 3, "điểm cơ sở"))
    thresholds = _by_region(sheets[THRESHOLD_SHEET], lambda sheet, row: _thresholds(sheet, row, applied))
    items = _items(sheets[ITEM_SHEET], standard)
    if problems:
        raise ScorecardWorkbookError(problems)
    section = {
        "version": version,
        "placeholder": False,
        "confirmed": True,
        "reference": reference,
        "legal_date": legal_date.isoformat() if legal_date else "",
        "note": standard.scorecard.note,
        "base_scores": base_scores,
        "items": items,
        "thresholds": thresholds,
    }
    try:
        ScorecardReader(f"Bảng điểm chuẩn {standard.id}").read(section, applied)
    except StandardFileError as error:  # every cell was checked above: a last guard
        raise ScorecardWorkbookError([str(error)]) from None
    return ScorecardTables(standard.id, version, reference, legal_date, section)


def _basis(sheet: _Sheet, standard: Standard) -> tuple[str, str, dt.date | None]:
    version, reference = _text(sheet.cell(1, 2)), _text(sheet.cell(2, 2))
    if not version:
        sheet.problem(1, 2, "thiếu phiên bản bảng điểm.")
    if len(version) > 80:
        sheet.problem(1, 2, "phiên bản dài quá 80 ký tự.")
    if not reference:
        sheet.problem(2, 2, "thiếu căn cứ pháp lý (văn bản, điều, khoản).")
    day = sheet.cell(3, 2)
    legal_date = None
    if isinstance(day, dt.datetime):
        legal_date = day.date()
    elif isinstance(day, dt.date):
        legal_date = day
    elif day is not None:
        try:
            legal_date = dt.datetime.strptime(_text(day), "%d/%m/%Y").date()
        except ValueError:
            sheet.problem(3, 2, f"ngày ban hành “{_text(day)}” phải có dạng ngày/tháng/năm.")
    named = _text(sheet.cell(4, 2))
    if named and named != standard.id:
        sheet.problem(4, 2, f"bảng điểm này dành cho chuẩn {named}, không phải chuẩn {standard.id}.")
    return version, reference, legal_date


def _by_region(sheet: _Sheet, read: Callable[[_Sheet, int], Any]) -> dict[str, dict[str, Any]]:
    """The value `read` gives each row, by region and area; every region and area once."""
    table: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in sheet.data_rows():
        if sheet.blank(row, 4):
            continue
        region, area = sheet.region_area(row)
        value = read(sheet, row)
        if region is None or area is None:
            continue
        if (region, area) in seen:
            sheet.problem(
                row,
                1,
                f"vùng {v.REGIONS[region]}, khu vực {AREA_NAMES[area]} đã có ở dòng {seen[(region, area)]}.",
            )
            continue
        seen[(region, area)] = row
        table.setdefault(region, {})[area] = value
    for region, name in v.REGIONS.items():
        for area, label in AREA_NAMES.items():
            if (region, area) not in seen:
                sheet.problems.append(f"Trang “{sheet.name}”: thiếu dòng của vùng {name}, khu vực {label}.")
    return {
        region: {area: table[region][area] for area in AREA_NAMES if area in table[region]}
        for region in v.REGIONS
        if region in table
    }


def _thresholds(sheet: _Sheet, row: int, applied: list[str]) -> dict[str, float | None]:
    poor = sheet.number(row, 3, "ngưỡng nghèo")
    average_defined = "average" in applied
    average = sheet.number(row, 4, "ngưỡng mức sống trung bình", required=average_defined)
    if not average_defined and average is not None:
        sheet.problem(row, 4, "chuẩn này không quy định mức sống trung bình: để trống ô này.")
        average = None
    if poor is not None and average is not None and average <= poor:
        sheet.problem(
            row,
            4,
            f"ngưỡng mức sống trung bình ({average:g}) phải lớn hơn ngưỡng nghèo ({poor:g}, ô C{row}).",
        )
    return {"poor": poor, **({"average": average} if average_defined else {})}


def _items(sheet: _Sheet, standard: Standard) -> list[dict[str, Any]]:
    """The standard's items with the points the sheet gives them, in the standard's order."""
    known = {item.code: item for item in standard.scorecard.items}
    points: dict[str, dict[str, float]] = {}
    units: dict[str, tuple[int, float | None, float | None]] = {}
    labels: dict[str, str] = {}
    for row in sheet.data_rows():
        if sheet.blank(row, len(ITEM_HEADER)):
            continue
        code = _text(sheet.cell(row, 1))
        item = known.get(code)
        if item is None:
            sheet.problem(row, 1, f"mục “{code}” không có trong phiếu B1 của chuẩn {standard.id}.")
            continue
        labels.setdefault(code, _text(sheet.cell(row, 2)))
        if item.kind == "options":
            _option_row(sheet, row, item, points.setdefault(code, {}))
        elif code in units:
            sheet.problem(row, 1, f"mục “{code}” đã có ở dòng {units[code][0]}.")
        else:
            per_unit = sheet.number(row, 6, "điểm mỗi đơn vị")
            cap = sheet.number(row, 7, "số đơn vị tính tối đa", required=False, positive=True)
            units[code] = (row, per_unit, cap)
    for code in known:
        if code not in points and code not in units:
            sheet.problems.append(
                f"Trang “{sheet.name}”: thiếu mục “{code}” ({known[code].label}); mục không tính điểm thì ghi 0."
            )
    return [
        _item_section(item, labels.get(item.code), points.get(item.code), units.get(item.code))
        for item in known.values()
    ]


def _option_row(sheet: _Sheet, row: int, item: ScoreItem, points: dict[str, float]) -> None:
    given = _text(sheet.cell(row, 3))
    by_name = {option: option for option in item.options()} | {
        option_label(item, option).lower(): option for option in item.options()
    }
    option = by_name.get(given) or by_name.get(given.lower())
    if option is None:
        choices = ", ".join(item.options())
        sheet.problem(row, 3, f"lựa chọn “{given}” không thuộc mục “{item.code}” (các mã: {choices}).")
        return
    if option in points:
        sheet.problem(row, 3, f"lựa chọn “{given}” của mục “{item.code}” bị lặp.")
        return
    value = sheet.number(row, 5, "điểm")
    if value is not None:
        points[option] = value


def _item_section(item: ScoreItem, label: str | None, points, units) -> dict[str, Any]:
    section: dict[str, Any] = {"code": item.code, "group": item.group, "label": label or item.label}
    if item.on_members:
        section["members_where"] = item.where.source
    else:
        section["answer"] = item.answer
    if item.kind == "options":
        section["points"] = dict(points or {})
        return section
    _row, per_unit, cap = units or (0, 0.0, None)
    section["per_unit"] = per_unit
    if cap is not None:
        section["cap"] = cap
    return section


def template_workbook(standard: Standard) -> bytes:
    """The workbook format filled with the tables `standard` uses now (placeholder or loaded)."""
    scorecard = standard.scorecard
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True})
    basis = book.add_worksheet(BASIS_SHEET)
    basis.set_column(0, 0, 24)
    basis.set_column(1, 1, 90)
    legal_date = scorecard.legal_date and dt.date.fromisoformat(scorecard.legal_date).strftime("%d/%m/%Y")
    for row, (label, value) in enumerate(
        [
            ("Phiên bản", scorecard.version),
            ("Căn cứ pháp lý", scorecard.reference),
            ("Ngày ban hành (ngày/tháng/năm)", legal_date or ""),
            ("Chuẩn nghèo", standard.id),
        ]
    ):
        basis.write(row, 0, label, bold)
        basis.write_string(row, 1, value)
    basis.write(
        5,
        0,
        "Ghi chú: thay các số bằng số chính thức, đặt phiên bản mới và ghi căn cứ pháp lý; "
        "không thêm hay đổi mã mục, mã lựa chọn.",
    )
    bases = book.add_worksheet(BASE_SHEET)
    _region_rows(bases, bold, ("Vùng", "Khu vực", "Điểm cơ sở"), lambda r, a: [scorecard.base_scores[(r, a)]])
    items = book.add_worksheet(ITEM_SHEET)
    items.set_column(0, 0, 18)
    items.set_column(1, 1, 60)
    items.set_column(2, 6, 16)
    items.write_row(0, 0, ITEM_HEADER, bold)
    row = 1
    for item in scorecard.items:
        for values in _item_rows(item):
            for column, value in enumerate(values):
                if isinstance(value, str):
                    items.write_string(row, column, value)
                elif value is not None:
                    items.write_number(row, column, value)
            row += 1
    thresholds = book.add_worksheet(THRESHOLD_SHEET)
    average = standard.line("average") is not None
    header = (
        "Vùng",
        "Khu vực",
        "Ngưỡng nghèo",
        "Ngưỡng mức sống trung bình" if average else "Ngưỡng mức sống trung bình (không quy định)",
    )
    _region_rows(
        thresholds,
        bold,
        header,
        lambda r, a: [
            scorecard.threshold(r, a, "poor"),
            scorecard.threshold(r, a, "average") if average else None,
        ],
    )
    book.close()
    return output.getvalue()


def _item_rows(item: ScoreItem) -> list[tuple]:
    if item.kind == "options":
        return [
            (
                item.code,
                item.label,
                option,
                option_label(item, option),
                item.points.get(option, 0.0),
                None,
                None,
            )
            for option in item.options()
        ]
    return [(item.code, item.label, "", "", None, item.per_unit, item.cap)]


def _region_rows(sheet, bold, header: tuple[str, ...], values: Callable[[str, str], list]) -> None:
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, len(header), 16)
    sheet.write_row(0, 0, header, bold)
    row = 1
    for region, name in v.REGIONS.items():
        for area, label in AREA_NAMES.items():
            sheet.write_string(row, 0, name)
            sheet.write_string(row, 1, label)
            for column, value in enumerate(values(region, area), start=2):
                if value is not None:
                    sheet.write_number(row, column, value)
            row += 1
