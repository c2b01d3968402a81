"""The rule that picks a review's standard, and `giamngheo standards --for-review`."""

import dataclasses
import datetime as dt
import subprocess
import sys

import pytest

from giamngheo.standards import engine
from giamngheo.standards.cli import main
from giamngheo.standards.engine import selection


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2010, "2011-2015"), (2015, "2016-2020"), (2020, "2016-2020"), (2021, "2022-2025"),
     (2025, "2022-2025"), (2026, "2026-2030"), (2029, "2026-2030")],
)  # fmt: skip
def test_periodic_review_uses_the_standard_in_force_on_1_january_next_year(year, expected):
    chosen = engine.standard_for_periodic_review(year)
    assert chosen.standard_id == expected
    assert chosen.reference_date == dt.date(year + 1, 1, 1)
    assert f"{year}" in chosen.reason and "01/01/" in chosen.reason


def test_adhoc_review_uses_the_standard_in_force_on_its_decision_date():
    assert engine.standard_for_adhoc_review(dt.date(2026, 12, 6)).standard_id == "2022-2025"
    assert engine.standard_for_adhoc_review(dt.date(2026, 12, 31)).standard_id == "2022-2025"
    assert engine.standard_for_adhoc_review(dt.date(2027, 1, 1)).standard_id == "2026-2030"
    assert engine.standard_for_adhoc_review(dt.date(2021, 6, 1)).standard_id == "2016-2020"


@pytest.mark.parametrize("year", [2009, 2030, 2040, -5, 99999])
def test_a_year_without_a_standard_is_refused_naming_the_year_and_the_standards(year):
    with pytest.raises(engine.NoStandardForReview) as error:
        engine.standard_for_periodic_review(year)
    message = str(error.value)
    assert f"năm {year}" in message or f"Năm rà soát {year}" in message
    for known in ("2011-2015", "2016-2020", "2022-2025", "2026-2030"):
        assert known in message


def test_the_rule_is_data_and_a_ministry_override_governs():
    rule = selection.load_rule()
    assert (rule.years_after_review, rule.month, rule.day) == (1, 1, 1)
    changed = dataclasses.replace(
        rule, year_overrides={2026: {"standard": "2022-2025", "reference": "Công văn giả định của Bộ"}}
    )
    chosen = engine.standard_for_periodic_review(2026, rule=changed)
    assert chosen.standard_id == "2022-2025" and "Công văn giả định" in chosen.reason
    assert engine.standard_for_periodic_review(2025, rule=changed).standard_id == "2022-2025"


def test_the_season_year_starts_on_1_september():
    assert engine.current_season_year(dt.date(2026, 8, 31)) == 2025
    assert engine.current_season_year(dt.date(2026, 9, 1)) == 2026
    assert engine.current_season_year(dt.date(2026, 12, 6)) == 2026


@pytest.mark.parametrize(
    ("year", "expected"), [(2021, "2022-2025"), (2025, "2022-2025"), (2026, "2026-2030")]
)
def test_cli_prints_the_id_then_why_in_vietnamese(year, expected, capsys):
    assert main(["standards", "--for-review", str(year)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == expected
    assert (
        len(lines) == 2
        and f"Rà soát định kỳ năm {year}" in lines[1]
        and "Quyết định 24/2021/QĐ-TTg" in lines[1]
    )


def test_cli_exits_2_for_a_year_without_a_standard(capsys):
    assert main(["standards", "--for-review", "2030"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "năm 2030" in captured.err and "2026-2030" in captured.err


def test_cli_for_review_does_not_import_django():
    code = (
        "import sys; from giamngheo.cli import main\n"
        "try:\n    main(['standards', '--for-review', '2026'])\nexcept SystemExit: pass\n"
        "assert 'django' not in sys.modules, 'django imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2026-2030"
