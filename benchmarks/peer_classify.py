"""Minimal Polars peer for `giamngheo classify --standard 2022-2025`: read the CSV, derive
floor area, count the 12 indicators, apply the lines, write id/status/line/count/deprived."""

import sys

import polars as pl

IND = [
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "floor_area",
    "water",
    "latrine",
    "telecom",
    "info_assets",
]
src, dst = sys.argv[1], sys.argv[2]
lf = pl.scan_csv(
    src,
    schema_overrides={
        "household_id": pl.String,
        "area": pl.String,
        "income_per_capita_month": pl.Int64,
        "members": pl.Int32,
    },
)
line = pl.when(pl.col("area") == "urban").then(2_000_000).otherwise(1_500_000)
flags = [pl.col(f"d_{c}").fill_null(0).cast(pl.Int8) for c in IND if c != "floor_area"]
floor = pl.coalesce(
    pl.col("d_floor_area").cast(pl.Int8), ((pl.col("floor_area_m2") / pl.col("members")) < 8).cast(pl.Int8)
).fill_null(0)
count = pl.sum_horizontal(flags + [floor])
deprived = pl.concat_str(
    [pl.when(f == 1).then(pl.lit(c)) for f, c in zip(flags[:7] + [floor] + flags[7:], IND, strict=False)],
    separator=";",
    ignore_nulls=True,
)
inc = pl.col("income_per_capita_month")
status = (
    pl.when((inc <= line) & (count >= 3))
    .then(pl.lit("poor"))
    .when(inc <= line)
    .then(pl.lit("near_poor"))
    .when(inc <= line * 3 // 2)
    .then(pl.lit("average"))
    .otherwise(pl.lit("not_poor"))
)
(
    lf.select(
        pl.col("household_id"),
        pl.lit("2022-2025").alias("standard"),
        status.alias("status"),
        line.alias("income_line"),
        count.alias("deprivation_count"),
        deprived.alias("deprived"),
    ).sink_csv(dst)
)
