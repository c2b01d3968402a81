"""Each CSV problem is a code worded from one table in both languages, never translated after."""

import re

import pytest

from giamngheo.standards import engine
from giamngheo.standards.engine.csv_problems import REASONS, WHOLE_FILE, CsvProblem
from giamngheo.standards.engine.csvio import CsvInputError, read_households_csv
from giamngheo.standards.tests.test_cli import HEADER, flags, write

PLACEHOLDER = re.compile(r"{(\w+)}")
# Words of the English wordings that must never reach an officer's Vietnamese line.
ENGLISH = re.compile(r"\b(is empty|must|got|required|column|duplicate|cannot|file|derive)\b")


@pytest.mark.parametrize("code", sorted(REASONS))
def test_each_wording_in_vietnamese_needs_no_value_the_english_lacks(code):
    reason = REASONS[code]
    assert set(PLACEHOLDER.findall(reason.vietnamese)) <= set(PLACEHOLDER.findall(reason.english))
    assert not ENGLISH.search(reason.vietnamese), reason.vietnamese


def test_a_file_with_every_kind_of_bad_value_is_worded_in_both_languages(tmp_path):
    header = HEADER.replace("d_floor_area", "floor_area_m2")
    rows = [
        f"H1,town,0,-5,{flags()}".replace("0,0,0", "0,x,0", 1),
        f",rural,2,1000,{flags()}",
        f"H1,rural,,1000,{flags()}",
        f"H3,urban,2,1000,{flags()},extra",
    ]
    source = write(tmp_path, "\n".join([header, *rows]) + "\n")
    with pytest.raises(CsvInputError) as refused:
        read_households_csv(source, engine.load_standard("2022-2025"))
    found = refused.value.found
    assert refused.value.problems == [problem.english() for problem in found]
    codes = {problem.code for problem in found}
    assert {"area", "members", "income", "flag", "empty", "duplicate_household", "extra_field"} <= codes
    for problem in found:
        vietnamese = problem.vietnamese()
        assert vietnamese.startswith(f"Dòng {problem.line}")
        assert not ENGLISH.search(vietnamese.replace("household_id", "")), vietnamese
    duplicate = next(problem for problem in found if problem.code == "duplicate_household")
    assert duplicate.vietnamese() == "Dòng 4, cột household_id: household_id bị trùng, đã có ở dòng 2"
    assert duplicate.english() == "line 4, column household_id: duplicate household_id, first on line 2"


def test_a_refused_value_is_quoted_in_both_languages():
    problem = CsvProblem(7, "area", "area", value="town")
    assert problem.english() == 'line 7, column area: must be "rural" or "urban", got "town"'
    assert problem.vietnamese() == (
        'Dòng 7, cột area: phải là "rural" (nông thôn) hoặc "urban" (thành thị), nhận được "town"'
    )


def test_a_problem_of_the_whole_file_names_no_column():
    problem = CsvProblem(3, WHOLE_FILE, "not_utf8_at", {"byte": "0xff"})
    assert problem.english() == "line 3, column -: not UTF-8 text (byte 0xff)"
    assert problem.vietnamese() == "Dòng 3: tệp không phải văn bản UTF-8 (byte 0xff)"
