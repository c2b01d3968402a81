"""The deprivation-test language: what it accepts, what it refuses and how it says so."""

import polars as pl
import pytest

from giamngheo.standards.engine.errors import StandardFileError
from giamngheo.standards.engine.expressions import compile_expression
from giamngheo.standards.engine.standard import HOUSEHOLD_NAMES, MEMBER_NAMES

WHERE = "data/x.yaml, indicator 'water'"


def evaluate(source: str, rows: dict, names=MEMBER_NAMES) -> list:
    expression = compile_expression(source, names, WHERE)
    return pl.DataFrame(rows).select(expression.to_polars().alias("v"))["v"].to_list()


def test_chained_comparisons_mean_both_bounds():
    assert evaluate("3 <= age < 16", {"age": [2, 3, 15, 16]}) == [False, True, True, False]


def test_in_and_not_in_a_list_of_constants():
    rows = {"employment": ["unemployed", "contract", None]}
    assert evaluate("employment in ['unemployed', 'no_contract']", rows) == [True, False, None]
    assert evaluate("employment not in ['unemployed', 'no_contract']", rows) == [False, True, None]


def test_yes_no_answers_count_as_0_or_1_and_division_is_exact():
    rows = {
        "durable_walls": [False, False, True],
        "durable_roof": [False, True, True],
        "floor_area_m2": [31.96] * 3,
    }
    rows["members"] = [4, 4, 4]
    assert evaluate("(not durable_walls) + (not durable_roof) >= 2", rows, HOUSEHOLD_NAMES) == [
        True,
        False,
        False,
    ]
    assert evaluate("floor_area_m2 / members < 8", rows, HOUSEHOLD_NAMES) == [True] * 3


def test_unknown_answers_follow_three_valued_logic():
    rows = {"age": [None, None, 10], "malnourished": [False, True, None]}
    assert evaluate("age < 16 and malnourished", rows) == [False, None, None]
    assert evaluate("age < 16 or malnourished", rows) == [None, True, True]


def test_names_read_are_recorded():
    expression = compile_expression("age >= 6 and not has_health_insurance", MEMBER_NAMES, WHERE)
    assert expression.names == {"age", "has_health_insurance"}


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("__import__('os').system('true')", "Call is not allowed"),
        ("age.real > 1", "Attribute is not allowed"),
        ("[age][0] > 1", "Subscript is not allowed"),
        ("(lambda: True)()", "Call is not allowed"),
        ("age ** 2 > 1", "the operator Pow is not allowed"),
        ("age is None", "the comparison Is is not allowed"),
        ("age > 1 if True else False", "IfExp is not allowed"),
        ("age in range(3)", "`in` needs a non-empty list of constants"),
        ("age in [age]", "a list after `in` may hold only numbers or strings"),
        ("salary > 3", "unknown answer name 'salary'"),
        ("employment == 'unemploy'", "'unemploy' is not one of the answer's values"),
        ("sex in ['male', 'man']", "'man' is not one of the answer's values"),
        ("employment > 3", "only numbers can be ordered"),
        ("age + employment > 1", "arithmetic needs numbers or yes/no answers"),
        ("age == 'old'", "a number cannot be compared with a string"),
        ("age", "must be a yes/no test"),
        ("not age", "not needs a bool"),
        ("birth_date > 2000", "is a date"),
        ("age >", "is not a valid expression"),
        ("", "must be a non-empty expression"),
    ],
)
def test_everything_outside_the_language_is_refused_naming_file_and_indicator(source, problem):
    with pytest.raises(StandardFileError) as refused:
        compile_expression(source, MEMBER_NAMES, WHERE)
    assert str(refused.value).startswith(WHERE + ": ")
    assert problem in str(refused.value)


def test_household_tests_cannot_read_member_answers():
    with pytest.raises(StandardFileError, match="unknown answer name 'age'"):
        compile_expression("age > 3", HOUSEHOLD_NAMES, WHERE)
