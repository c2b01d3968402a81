"""Minimal Polars peers for the engine benchmarks: the 2022-2025 standard written by hand as
one lazy query, the way a competent analyst would write it without our engine (answers as
they come, a group-by and a join for the members). Keep them in step with
`giamngheo/standards/data/2022-2025.yaml`: the benchmarks compare their statuses and counts
with the engine's before printing a time."""

from __future__ import annotations

import polars as pl

KEY = "household_id"
MEMBER_TESTS = [
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
]
HOUSEHOLD_TESTS = ["housing_quality", "floor_area", "water", "latrine", "telecom", "info_assets"]
SAFE_WATER = ["piped", "borehole", "protected_well", "protected_spring", "rainwater", "bottled"]
HYGIENIC = ["septic", "semi_septic", "pour_flush", "double_vault", "ventilated_pit"]


def _retirement_months(year: pl.Expr) -> pl.Expr:
    """The retirement age in months of the Labour Code 2019's roadmap (Điều 169, NĐ 135/2020)
    in `year`, by the member's sex."""
    men = pl.when(year < 2021).then(720).otherwise(pl.min_horizontal(723 + 3 * (year - 2021), 744))
    women = pl.when(year < 2021).then(660).otherwise(pl.min_horizontal(664 + 4 * (year - 2021), 720))
    return pl.when(pl.col("sex") == "male").then(men).when(pl.col("sex") == "female").then(women)


def working_age_on(on: pl.Expr) -> pl.Expr:
    """From 15 years until the roadmap's retirement age in the year of `on`, in completed
    months from the member's birth date."""
    birth, year = pl.col("birth_date"), on.dt.year().cast(pl.Int32)
    months = (
        (year - birth.dt.year().cast(pl.Int32)) * 12
        + on.dt.month().cast(pl.Int32)
        - birth.dt.month().cast(pl.Int32)
        - (on.dt.day() < birth.dt.day()).cast(pl.Int32)
    )
    return (months >= 180) & (months < _retirement_months(year))


def working_age_in(year: int) -> pl.Expr:
    """The same from completed years (`age`), as twelve months each, for surveys of `year`."""
    months = pl.col("age").cast(pl.Int32) * 12
    return (months >= 180) & (months < _retirement_months(pl.lit(year, pl.Int32)))


def member_flags(on: pl.Expr | None = None, year: int | None = None) -> list[pl.Expr]:
    """The member tests. Working age follows the roadmap, as the engine does: from birth dates
    at `on` (the survey date), else from whole years in the surveys' `year`."""
    if on is None and year is None:
        raise ValueError("working age needs the survey date or the surveys' year")
    age, work = pl.col("age"), pl.col("employment")
    school, qualification = pl.col("schooling"), pl.col("qualification")
    working_age = working_age_on(on) if on is not None else working_age_in(year)
    return [
        (working_age & work.is_in(["unemployed", "no_contract"])).alias("employment"),
        ((age < 16) | (age >= 60) | pl.col("severe_disability") | (work == "unable_to_work")).alias(
            "dependants"
        ),
        ((age < 16) & pl.col("malnourished")).alias("nutrition"),
        ((age >= 6) & ~pl.col("has_health_insurance")).alias("health_insurance"),
        (
            (age >= 16)
            & (age <= 30)
            & (school == "not_attending")
            & (
                (qualification.is_in(["none", "primary"]) & ~pl.col("employer_certified_training"))
                | ((age >= 18) & (qualification == "lower_secondary"))
            )
        ).alias("adult_education"),
        ((age >= 3) & (age < 16) & (school != "right_level")).alias("child_schooling"),
    ]


def household_flags() -> list[pl.Expr]:
    not_durable = sum(
        (~pl.col(c)).cast(pl.Int32) for c in ("durable_walls", "durable_columns", "durable_roof")
    )
    assets = ("has_tv", "has_radio", "has_computer", "has_smartphone", "has_tablet")
    return [
        (~pl.col("has_dwelling") | (not_durable >= 2)).alias("housing_quality"),
        ((pl.col("floor_area_m2") / pl.col("members")) < 8).alias("floor_area"),
        (~pl.col("water_source").is_in(SAFE_WATER)).alias("water"),
        (~pl.col("latrine").is_in(HYGIENIC)).alias("latrine"),
        (~pl.col("uses_internet")).alias("telecom"),
        pl.all_horizontal(~pl.col(c) for c in assets).alias("info_assets"),
    ]


def status_from(count: pl.Expr) -> list[pl.Expr]:
    urban = pl.col("area") == "urban"
    line = pl.when(urban).then(2_000_000).otherwise(1_500_000)
    average = pl.when(urban).then(3_000_000).otherwise(2_250_000)
    income = pl.col("income_per_capita_month")
    status = (
        pl.when((income <= line) & (count >= 3))
        .then(pl.lit("poor"))
        .when(income <= line)
        .then(pl.lit("near_poor"))
        .when(income <= average)
        .then(pl.lit("average"))
        .otherwise(pl.lit("not_poor"))
    )
    return [status.alias("status"), line.alias("income_line"), count.alias("deprivation_count")]


def peer_members(households: pl.DataFrame, members: pl.DataFrame, year: int | None = None) -> pl.DataFrame:
    """Status, line and count from raw answers: member flags, group-by, join, household flags
    (`year`: the surveys' year, when members have whole years but no birth date)."""
    lazy = members.lazy()
    on = None
    if "birth_date" in members.columns and "survey_date" in households.columns:
        lazy = lazy.join(households.lazy().select(KEY, "survey_date"), on=KEY, how="left")
        on = pl.col("survey_date")
    per_household = (
        lazy.select(KEY, *(flag.fill_null(False) for flag in member_flags(on, year)))
        .group_by(KEY)
        .agg(
            *(pl.col(c).any() for c in MEMBER_TESTS if c != "dependants"),
            (pl.col("dependants").mean() > 0.5).alias("dependants"),
        )
    )
    joined = households.lazy().join(per_household, on=KEY, how="left", maintain_order="left")
    flags = [pl.col(c).fill_null(False) for c in MEMBER_TESTS] + [
        f.fill_null(False) for f in household_flags()
    ]
    count = pl.sum_horizontal(flags).cast(pl.Int64)
    return joined.select(KEY, *status_from(count)).collect()


def peer_flags(households: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """Status, line and count from given `d_<code>` flags."""
    count = pl.sum_horizontal(pl.col(f"d_{c}").fill_null(False) for c in codes).cast(pl.Int64)
    return households.lazy().select(KEY, *status_from(count)).collect()
