"""Official B1 scorecard thresholds read from a workbook, validated cell by cell.

The workbook has two sheets:
- "Ngưỡng điểm": a header row, then one row per region and area: Vùng | Khu vực |
  Ngưỡng nghèo | Ngưỡng mức sống trung bình (empty where the standard defines no average band);
- "Căn cứ": B1 the version, B2 the legal basis (document, article).

Every problem names its cell; a workbook with any problem is refused whole, so the tables in
use never change half-way. Pure Python (openpyxl, read-only): no Django.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from giamngheo.standards.engine import vocabulary as v

THRESHOLD_SHEET = "Ngưỡng điểm"
BASIS_SHEET = "Căn cứ"
MAX_BYTES = 2_000_000
MAX_ROWS = 200
AREAS = {"nông thôn": "rural", "thành thị": "urban", "đô thị": "urban", "rural": "rural", "urban": "urban"}
REGIONS = {name.lower(): code for code, name in v.REGIONS.items()} | {code: code for code in v.REGIONS}


class ScorecardWorkbookError(ValueError):
    """The workbook was refused; `problems` lists one Vietnamese sentence per bad cell."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ScorecardTables:
    version: str
    reference: str
    thresholds: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)

    def as_yaml(self, standard_id: str) -> str:
        """The `scorecard:` section of the standard file, official and confirmed."""
        data = {
            "standard": standard_id,
            "scorecard": {
                "version": self.version,
                "placeholder": False,
                "confirmed": True,
                "reference": self.reference,
                "thresholds": self.thresholds,
            },
        }
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The cell values of both sheets (read-only, within limits)."""
    if os.path.getsize(path) > MAX_BYTES:
        raise ScorecardWorkbookError([f"Tệp lớn hơn {MAX_BYTES // 1_000_000} MB."])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ScorecardWorkbookError(["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]) from None
    try:
        missing = [name for name in (THRESHOLD_SHEET, BASIS_SHEET) if name not in book.sheetnames]
        if missing:
            raise ScorecardWorkbookError([f"Thiếu trang “{name}”." for name in missing])
        return {
            name: list(book[name].iter_rows(max_row=MAX_ROWS + 1, max_col=4, values_only=True))
            for name in (THRESHOLD_SHEET, BASIS_SHEET)
        }
    finally:
        book.close()


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _number(value: Any, cell: str, problems: list[str], *, required: bool) -> float | None:
    if value is None or _text(value) == "":
        if required:
            problems.append(f"Ô {cell}: thiếu ngưỡng điểm.")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(_text(value).replace(",", "."))
        except ValueError:
            problems.append(f"Ô {cell}: “{_text(value)}” không phải là số.")
            return None
    if value < 0:
        problems.append(f"Ô {cell}: ngưỡng điểm không được âm.")
        return None
    return float(value)


def read_scorecard_workbook(path: str | os.PathLike[str], *, average_defined: bool = True) -> ScorecardTables:
    """Validate the workbook at `path`; `ScorecardWorkbookError` lists every bad cell."""
    sheets = _rows(Path(path))
    problems: list[str] = []
    basis = sheets[BASIS_SHEET]
    version = _text(basis[0][1]) if basis and len(basis[0]) > 1 else ""
    reference = _text(basis[1][1]) if len(basis) > 1 and len(basis[1]) > 1 else ""
    if not version:
        problems.append(f"Ô B1 của trang “{BASIS_SHEET}”: thiếu phiên bản bảng điểm.")
    if not reference:
        problems.append(f"Ô B2 của trang “{BASIS_SHEET}”: thiếu căn cứ pháp lý (văn bản, điều).")
    rows = sheets[THRESHOLD_SHEET][1:]
    if len(rows) > MAX_ROWS - 1:
        problems.append(f"Trang “{THRESHOLD_SHEET}” có quá {MAX_ROWS - 1} dòng.")
    tables: dict[str, dict[str, dict[str, float | None]]] = {}
    for number, row in enumerate(rows, start=2):
        cells = (*row, None, None, None, None)[:4]
        if all(_text(c) == "" for c in cells):
            continue
        region = REGIONS.get(_text(cells[0]).lower())
        area = AREAS.get(_text(cells[1]).lower())
        if region is None:
            problems.append(f"Ô A{number}: vùng “{_text(cells[0])}” không thuộc 6 vùng kinh tế - xã hội.")
        if area is None:
            problems.append(f"Ô B{number}: khu vực “{_text(cells[1])}” phải là Nông thôn hoặc Thành thị.")
        poor = _number(cells[2], f"C{number}", problems, required=True)
        average = _number(cells[3], f"D{number}", problems, required=average_defined)
        if poor is not None and average is not None and average <= poor:
            problems.append(
                f"Ô D{number}: ngưỡng mức sống trung bình ({average:g}) phải lớn hơn ngưỡng nghèo "
                f"({poor:g}, ô C{number})."
            )
        if region is None or area is None:
            continue
        if area in tables.get(region, {}):
            problems.append(f"Dòng {number}: vùng “{v.REGIONS[region]}”, khu vực “{_text(cells[1])}” bị lặp.")
        tables.setdefault(region, {})[area] = {"poor": poor, "average": average}
    for region, name in v.REGIONS.items():
        for area, label in (("rural", "nông thôn"), ("urban", "thành thị")):
            if area not in tables.get(region, {}):
                problems.append(f"Trang “{THRESHOLD_SHEET}”: thiếu ngưỡng của vùng {name}, khu vực {label}.")
    if problems:
        raise ScorecardWorkbookError(problems)
    ordered = {region: {area: tables[region][area] for area in ("rural", "urban")} for region in v.REGIONS}
    return ScorecardTables(version=version, reference=reference, thresholds=ordered)
