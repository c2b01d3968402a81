"""Invariants a lawyer would agree with, and the vectorised engine against the per-household oracle."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamngheo.standards import engine
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.explain import render_reason, score_text, vnd
from giamngheo.standards.tests.oracle import classify_one, household_records

STANDARD_IDS = ["2011-2015", "2016-2020", "2022-2025", "2026-2030"]
STANDARDS = {standard_id: engine.load_standard(standard_id) for standard_id in STANDARD_IDS}
RANK = {"poor": 0, "near_poor": 1, "average": 2, "not_poor": 3}  # higher is better off
ALL_CODES = sorted({code for s in STANDARDS.values() for code in s.indicator_codes})
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Incomes cluster round the lines so that edges are hit often.
LINES = sorted(
    {
        amount
        for s in STANDARDS.values()
        for line in s.income_lines.values()
        for amount in (line.rural, line.urban)
        if amount
    }
)
incomes = st.one_of(
    st.integers(0, 4_000_000),
    st.sampled_from(LINES).flatmap(lambda line: st.integers(line - 2, line + 2)),
)
flag_households = st.lists(
    st.tuples(st.sampled_from([v.RURAL, v.URBAN]), incomes, st.integers(0, 2 ** len(ALL_CODES) - 1)),
    min_size=1,
    max_size=30,
)


def flag_frame(rows: list[tuple[str, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "household_id": list(range(len(rows))),
            "area": [area for area, _, _ in rows],
            "income_per_capita_month": [income for _, income, _ in rows],
            **{f"d_{code}": [mask >> k & 1 for _, _, mask in rows] for k, code in enumerate(ALL_CODES)},
        }
    )


def ranks(standard: engine.Standard, households: pl.DataFrame) -> list[int]:
    return [RANK[status] for status in engine.classify(standard, households)["status"]]


@PROPERTY
@given(rows=flag_households, raise_by=st.lists(st.integers(0, 1_000_000), min_size=30, max_size=30))
def test_more_income_never_makes_a_household_poorer(rows, raise_by):
    households = flag_frame(rows)
    richer = households.with_columns(pl.col("income_per_capita_month") + pl.Series(raise_by[: len(rows)]))
    for standard in STANDARDS.values():
        assert all(
            after >= before
            for before, after in zip(ranks(standard, households), ranks(standard, richer), strict=True)
        )


@PROPERTY
@given(rows=flag_households, code=st.sampled_from(ALL_CODES))
def test_one_more_deprivation_never_makes_a_household_less_poor(rows, code):
    households = flag_frame(rows)
    more_deprived = households.with_columns(pl.lit(1, pl.Int64).alias(f"d_{code}"))
    for standard in STANDARDS.values():
        assert all(
            after <= before
            for before, after in zip(ranks(standard, households), ranks(standard, more_deprived), strict=True)
        )


@PROPERTY
@given(rows=flag_households)
def test_above_the_poverty_line_never_poor_from_2022(rows):
    households = flag_frame(rows)
    for standard_id in ("2022-2025", "2026-2030"):
        standard = STANDARDS[standard_id]
        result = engine.classify(standard, households)
        above = households["income_per_capita_month"] > result["income_line"]
        assert not (above & (result["status"] == "poor")).any()
        assert ((result["status"] == "poor") == (~above & (result["deprivation_count"] >= 3))).all()


# Random raw answers: the engine derives every indicator; the oracle does it row by row.

HOUSEHOLD_YES_NO = [name for name, (kind, _) in v.HOUSEHOLD_ANSWERS.items() if kind == "bool"]
SURVEY_DATES = [dt.date(2019, 9, 1), dt.date(2024, 2, 29), dt.date(2024, 10, 1)]


def maybe(strategy, none_chance: bool = True):
    return st.one_of(st.none(), strategy) if none_chance else strategy


@st.composite
def raw_frames(draw) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = draw(st.integers(1, 12))
    ages_as = draw(st.sampled_from(["age", "birth_date", "birth_year", "mixed"]))
    households, members = [], []
    for i in range(n):
        people = draw(st.integers(0, 6))
        survey = draw(st.sampled_from(SURVEY_DATES))
        households.append(
            {
                "household_id": i,
                "area": draw(st.sampled_from([v.RURAL, v.URBAN])),
                "members": max(people, 1),
                "income_per_capita_month": draw(st.one_of(incomes, incomes, incomes, st.none())),
                "score": draw(st.sampled_from([95.0, 99.9, 100.0, 100.1, 129.5, 130.0, 131.0])),
                "region": draw(st.sampled_from(list(v.REGIONS))),
                "survey_date": survey,
                "floor_area_m2": draw(maybe(st.sampled_from([0.0, 7.99, 8.0, 15.99, 16.0, 31.96, 50.0]))),
                "water_source": draw(maybe(st.sampled_from(list(v.WATER_SOURCES)))),
                "latrine": draw(st.sampled_from(list(v.LATRINES))),
                **{name: draw(maybe(st.booleans())) for name in HOUSEHOLD_YES_NO},
                "d_water": draw(st.one_of(st.none(), st.none(), st.integers(0, 1))),
            }
        )
        for _ in range(people):
            age = draw(st.integers(0, 95))
            born = survey - dt.timedelta(days=int(age * 365.25) + draw(st.integers(0, 364)))
            mode = (
                ages_as if ages_as != "mixed" else draw(st.sampled_from(["age", "birth_date", "birth_year"]))
            )
            members.append(
                {
                    "household_id": i,
                    "age": age if mode == "age" else None,
                    "birth_date": born if mode == "birth_date" else None,
                    "birth_year": born.year if mode == "birth_year" else None,
                    "sex": draw(maybe(st.sampled_from(list(v.SEXES)))),
                    "has_health_insurance": draw(maybe(st.booleans())),
                    "schooling": draw(st.sampled_from(list(v.SCHOOLING))),
                    "qualification": draw(st.sampled_from(list(v.QUALIFICATIONS))),
                    "employment": draw(maybe(st.sampled_from(list(v.EMPLOYMENT)))),
                    "severe_disability": draw(st.booleans()),
                    "malnourished": draw(maybe(st.booleans())),
                    "ill_untreated": draw(st.booleans()),
                    "social_allowance": draw(maybe(st.booleans())),
                    "employer_certified_training": draw(maybe(st.booleans())),
                }
            )
    household_schema = {
        "household_id": pl.Int64,
        "survey_date": pl.Date,
        "floor_area_m2": pl.Float64,
        "d_water": pl.Int8,
    }
    return (
        pl.DataFrame(households, schema_overrides=household_schema, infer_schema_length=None),
        pl.DataFrame(members, schema=MEMBER_SCHEMA),
    )


MEMBER_SCHEMA = {
    "household_id": pl.Int64,
    "age": pl.Int64,
    "birth_date": pl.Date,
    "birth_year": pl.Int64,
    **{name: pl.String for name in ("sex", "schooling", "qualification", "employment")},
    **{
        name: pl.Boolean
        for name in (
            "has_health_insurance",
            "severe_disability",
            "malnourished",
            "ill_untreated",
            "social_allowance",
            "employer_certified_training",
        )  # fmt: skip
    },
}


@PROPERTY
@given(frames=raw_frames())
def test_vectorised_engine_agrees_with_the_per_household_oracle(frames):
    households, members = frames
    records = household_records(households, members)
    scored = households["income_per_capita_month"].is_null().any()
    for standard in STANDARDS.values():
        if scored and standard.scorecard is None:
            with pytest.raises(engine.EngineInputError, match="income_per_capita_month is empty"):
                engine.classify(standard, households, members)
            continue
        result = engine.classify(standard, households, members)
        expected = [classify_one(standard, record) for record in records]
        assert result.drop("reason", "score", strict=False).to_dicts() == expected
        for reason, income in zip(result["reason"], households["income_per_capita_month"], strict=True):
            measure = (
                "Điểm phiếu B1 " if income is None else f"Thu nhập bình quân {vnd(income)} đ/người/tháng"
            )
            assert reason.startswith(measure)


@PROPERTY
@given(frames=raw_frames())
def test_a_reason_template_filled_in_gives_the_reason_text(frames):
    households, members = frames
    scored = households["income_per_capita_month"].is_null().any()
    for standard in STANDARDS.values():
        if scored and standard.scorecard is None:
            continue
        texts = engine.classify(standard, households, members)
        templates = engine.classify(standard, households, members, reasons="template")
        rendered = [
            render_reason(template, income, score, count)
            for template, income, score, count in zip(
                templates["reason_template"],
                households["income_per_capita_month"],
                households["score"] if "score" in households.columns else [None] * households.height,
                templates["deprivation_count"],
                strict=True,
            )
        ]
        assert rendered == texts["reason"].to_list()
        assert templates["reason_template"].n_unique() <= 10 * 7


@PROPERTY
@given(
    scores=st.lists(
        st.floats(0, 400, allow_nan=False) | st.integers(0, 400_000).map(lambda n: n / 1000),
        min_size=1,
        max_size=50,
    )
)
def test_a_score_is_written_alike_in_a_column_and_in_one_reason(scores):
    column = (
        pl.Series(scores).round(2).cast(pl.String).str.strip_suffix(".0").str.replace(".", ",", literal=True)
    )
    assert column.to_list() == [score_text(score) for score in scores]
