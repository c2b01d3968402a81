"""Text that looks like a formula is written as text in every workbook and CSV."""

import io
from pathlib import Path

import openpyxl
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from giamngheo.core.workbooks import new_workbook
from giamngheo.standards.engine.classification import OUTPUT_COLUMNS
from giamngheo.standards.engine.csvio import write_classification_csv
from giamngheo.standards.engine.csvsafe import escape_cell, escape_frame

HOSTILE = ['=HYPERLINK("http://x.invalid","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_workbook_writes_formula_looking_text_as_text():
    output = io.BytesIO()
    book = new_workbook(output)
    sheet = book.add_worksheet()
    for row, text in enumerate([*HOSTILE, "http://x.invalid"]):
        sheet.write(row, 0, text)
    book.close()
    cells = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Sheet1"]["A"]
    assert [cell.data_type for cell in cells] == ["s"] * (len(HOSTILE) + 1)
    assert [cell.value for cell in cells][:4] == HOSTILE[:4]
    assert all(cell.hyperlink is None for cell in cells)


def test_csv_cells_are_prefixed_as_owasp_recommends():
    assert [escape_cell(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    assert escape_cell("Nguyễn Văn An") == "Nguyễn Văn An" and escape_cell(None) is None
    frame = escape_frame(pl.DataFrame({"name": ["=1+1", "An", None], "income": [-5, 3, 1]}))
    assert frame.to_dict(as_series=False) == {"name": ["'=1+1", "An", None], "income": [-5, 3, 1]}


@given(st.text())
def test_escaped_frame_agrees_with_the_cell_rule(text):
    assert escape_frame(pl.DataFrame({"t": [text]}))["t"][0] == escape_cell(text)


def test_classify_csv_output_escapes_text(tmp_path):
    row = {name: 1 for name in OUTPUT_COLUMNS} | {"household_id": '=HYPERLINK("x")'}
    path = tmp_path / "out.csv"
    frame = pl.DataFrame([row])
    write_classification_csv(frame, path)
    assert path.read_text().splitlines()[1].startswith("\"'=HYPERLINK")


def test_every_workbook_is_made_by_the_data_only_constructor():
    package = Path(__file__).resolve().parents[2]
    direct = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "workbooks.py"
        and "xlsxwriter.Workbook(" in path.read_text(encoding="utf-8")
    ]
    assert direct == []
