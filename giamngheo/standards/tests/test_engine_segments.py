"""Members grouped by household in the households' order are counted by runs of rows (no join);
any other layout goes through the join. Both give the same classification, and the compact
result rendered gives the classification too."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamngheo.standards import engine
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.derive import member_segments
from giamngheo.standards.engine.explain import render_reason, vnd

STANDARD_IDS = ["2011-2015", "2016-2020", "2022-2025", "2026-2030"]
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _frames(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Households with every raw answer the standards read, and 1-6 members each, grouped by
    household in the households' order; values are hashes of the row number (no loop)."""
    row = pl.int_range(0, pl.len(), dtype=pl.UInt64)

    def draw(salt: int, modulo: int) -> pl.Expr:
        return (row.hash(seed * 1_000 + salt) % modulo).cast(pl.Int64)

    def pick(salt: int, values: list) -> pl.Expr:
        return pl.lit(pl.Series(values)).gather(draw(salt, len(values)))

    def chance(salt: int, percent: int) -> pl.Expr:
        return draw(salt, 100) < percent

    households = pl.DataFrame({"household_id": [f"H{seed}-{i}" for i in range(n)]}).with_columns(
        pick(1, [v.RURAL, v.RURAL, v.URBAN]).alias("area"),
        (1 + draw(2, 6)).alias("members"),
        (draw(3, 4_000_000)).alias("income_per_capita_month"),
        pl.lit(dt.date(2025, 10, 1)).alias("survey_date"),
        *(chance(5 + k, 80).alias(name) for k, name in enumerate(BOOL_ANSWERS)),
        pick(30, list(v.WATER_SOURCES)).alias("water_source"),
        pick(31, list(v.LATRINES)).alias("latrine"),
    )
    households = households.with_columns(
        (pl.col("members") * (3 + draw(4, 20))).cast(pl.Float64).alias("floor_area_m2")
    )
    members = households.select(pl.col("household_id").repeat_by("members").explode()).with_columns(
        draw(20, 90).alias("age"),
        pick(21, list(v.SEXES)).alias("sex"),
        chance(22, 85).alias("has_health_insurance"),
        pick(23, list(v.SCHOOLING)).alias("schooling"),
        pick(24, list(v.QUALIFICATIONS)).alias("qualification"),
        pick(25, list(v.EMPLOYMENT)).alias("employment"),
        chance(26, 5).alias("severe_disability"),
        chance(27, 10).alias("malnourished"),
        chance(28, 5).alias("ill_untreated"),
        chance(34, 30).alias("social_allowance"),
        chance(35, 20).alias("employer_certified_training"),
    )
    birth = pl.date(2025 - pl.col("age") - draw(29, 2), 1 + draw(32, 12), 1 + draw(33, 28))
    return households, members.with_columns(birth.alias("birth_date"))


BOOL_ANSWERS = [
    "has_dwelling",
    "durable_walls",
    "durable_columns",
    "durable_roof",
    "uses_internet",
    "has_phone_subscription",
    "has_tv",
    "has_radio",
    "has_computer",
    "has_smartphone",
    "has_tablet",
    "hears_loudspeaker",
    "waste_treated",
]


@PROPERTY
@given(
    st.integers(1, 40),
    st.integers(0, 10_000),
    st.sampled_from(STANDARD_IDS),
    st.sampled_from(["age", "birth_date", "both"]),
)
def test_runs_of_members_give_what_the_join_gives(n, seed, standard_id, ages):
    households, members = _frames(n, seed)
    if ages == "age":
        members = members.drop("birth_date")
    elif ages == "birth_date":
        members = members.drop("age")
    standard = engine.load_standard(standard_id)
    assert member_segments(households, members) is not None
    by_runs = engine.classify(standard, households, members, include_flags=True)
    shuffled = members.sample(fraction=1.0, shuffle=True, seed=seed)
    if shuffled.height > 1 and shuffled["household_id"].equals(members["household_id"]):
        shuffled = members.reverse()
    by_join = engine.classify(standard, households, shuffled, include_flags=True)
    assert by_runs.equals(by_join)
    compact = engine.classify_compact(standard, households, members, include_flags=True)
    assert compact["status"].dtype == pl.Enum(["poor", "near_poor", "average", "not_poor"])
    assert engine.render(standard, compact).equals(by_runs)


def test_layouts_that_are_not_runs_in_order_take_the_join():
    households, members = _frames(6, 3)
    assert member_segments(households, members).to_list() == (
        members["household_id"].rle().struct.field("len").to_list()
    )
    first = households["household_id"][0]
    assert member_segments(households, members.filter(pl.col("household_id") != first)) is None
    assert member_segments(households.reverse(), members) is None
    assert member_segments(pl.concat([households, households.head(1)]), members) is None
    with_null = households.with_columns(pl.lit(None, pl.String).alias("household_id"))
    assert member_segments(with_null, members) is None


@pytest.mark.parametrize("standard_id", STANDARD_IDS)
def test_a_household_without_members_is_classified_as_by_the_join(standard_id):
    households, members = _frames(8, 5)
    first = households["household_id"][0]
    standard = engine.load_standard(standard_id)
    missing = members.filter(pl.col("household_id") != first)
    result = engine.classify(standard, households, missing)
    assert result.height == households.height and result["household_id"][0] == first


@pytest.mark.parametrize("largest", [0, 999, 1_000, 999_999, 1_000_000, 10**12 + 7, 2**63 - 1])
def test_reasons_write_every_digit_group_of_the_largest_income(largest):
    standard = engine.load_standard("2011-2015")
    incomes = [0, 5, 1_000, largest]
    households = pl.DataFrame(
        {"household_id": ["a", "b", "c", "d"], "area": ["rural"] * 4, "income_per_capita_month": incomes}
    )
    result = engine.classify(standard, households, reasons="text")
    templates = engine.classify(standard, households, reasons="template")["reason_template"]
    expected = [render_reason(t, income, None, 0) for t, income in zip(templates, incomes, strict=True)]
    assert result["reason"].to_list() == expected
    assert f" {vnd(largest)} đ/người/tháng" in result["reason"][3]
