"""The shape of surveys as the engine reads them: one household row per survey (keyed
`household_id` = the survey id) and one member row per surveyed member; and reading a run's
batches of communes ahead of the one being classified. What a batch reads is
`province_frame.read_province_frame`."""

from collections.abc import Callable, Iterator
from typing import TypeVar

import polars as pl
from django.db import connection

from giamngheo.areas.models import AdminUnit
from giamngheo.areas.regions import province_regions
from giamngheo.core.frames import in_background, is_postgres

HOUSEHOLD_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.Int64,
    "household_pk": pl.Int64,
    "province_id": pl.Int64,
    "commune_id": pl.Int64,
    "survey_date": pl.Date,
    "version": pl.Int64,
    "area": pl.String,
    "members": pl.Int64,
    "income_per_capita_month": pl.Int64,
    "score": pl.Float64,
    "floor_area_m2": pl.Float64,
    "has_dwelling": pl.Boolean,
    "durable_walls": pl.Boolean,
    "durable_columns": pl.Boolean,
    "durable_roof": pl.Boolean,
    "water_source": pl.String,
    "latrine": pl.String,
    "uses_internet": pl.Boolean,
    "has_phone_subscription": pl.Boolean,
    "has_tv": pl.Boolean,
    "has_radio": pl.Boolean,
    "has_computer": pl.Boolean,
    "has_smartphone": pl.Boolean,
    "has_tablet": pl.Boolean,
    "hears_loudspeaker": pl.Boolean,
    "waste_treated": pl.Boolean,
    "has_fridge": pl.Boolean,
    "has_air_conditioner": pl.Boolean,
    "has_washing_machine": pl.Boolean,
    "has_car": pl.Boolean,
    "motorbikes": pl.Int64,
    "electricity_kwh_month": pl.Int64,
    "farm_land_m2": pl.Float64,
    "large_livestock": pl.Int64,
}
MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.Int64,
    "age": pl.Int64,
    "sex": pl.String,
    "has_health_insurance": pl.Boolean,
    "schooling": pl.String,
    "qualification": pl.String,
    "employment": pl.String,
    "severe_disability": pl.Boolean,
    "malnourished": pl.Boolean,
    "ill_untreated": pl.Boolean,
    "social_allowance": pl.Boolean,
    "employer_certified_training": pl.Boolean,
}
Frames = TypeVar("Frames")


def surveys_by_batch(batches: list[list[int]], read: Callable[[list[int]], Frames]) -> Iterator[Frames]:
    """`read(communes)` of each batch of communes, in order.

    On PostgreSQL, outside a transaction, the next batch is read on a second connection while
    the caller classifies and stores the current one: the database then produces one batch's
    rows while it writes the other's. Inside a transaction (a test, a commune's review step)
    a second connection would not see uncommitted rows, so batches are read one after another."""
    if not is_postgres() or connection.in_atomic_block or len(batches) < 2:
        yield from (read(batch) for batch in batches)
        return
    pending = in_background(read, batches[0])
    for following in batches[1:]:
        frames = pending.result()
        pending = in_background(read, following)
        yield frames
    yield pending.result()


def with_region(households: pl.DataFrame) -> pl.DataFrame:
    """Add each survey's socio-economic `region` (from its province), which the scorecard
    thresholds need when income is estimated by score."""
    ids = households["province_id"].unique().drop_nulls().to_list()
    codes = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "code"))
    regions = {pk: province_regions().get(code) for pk, code in codes.items()}
    region = pl.col("province_id").replace_strict(regions, default=None, return_dtype=pl.String)
    return households.with_columns(region.alias("region"))
