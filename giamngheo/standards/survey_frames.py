"""Reads the surveys a classification run needs as Polars frames, in the shape
the engine expects: one household row per survey (keyed `household_id` = the
survey id) and one member row per surveyed member."""

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
from django.db import connection

from giamngheo.areas.models import AdminUnit
from giamngheo.areas.regions import province_regions
from giamngheo.core.frames import is_postgres, read_arrow, read_frame

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
# What a run also needs from the registry: the status it refreshes (and the village, where the
# kept village counts move it) and the flags its summaries count.
REGISTRY_SCHEMA: dict[str, pl.DataType] = {
    "current_status": pl.String,
    "village_id": pl.Int64,
    "ethnic_minority": pl.Boolean,
    "meritorious": pl.Boolean,
    "no_labour_capacity": pl.Boolean,
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
_SURVEY_SOURCE = ", ".join(
    ["s.id", "h.id", "h.province_id", "h.commune_id", "s.survey_date", "s.version"]
    + [f"s.{name}" for name in list(HOUSEHOLD_SCHEMA)[6:]]
    + [f"h.{name}" for name in REGISTRY_SCHEMA]
)
_SURVEYS_SQL = f"""
SELECT {_SURVEY_SOURCE}
FROM households_survey s JOIN households_household h ON h.id = s.household_id
WHERE h.commune_id IN ({{communes}}) AND h.is_active AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s
"""
_MEMBERS_SQL = f"""
SELECT m.survey_id, {", ".join(f"m.{name}" for name in list(MEMBER_SCHEMA)[1:])}
FROM households_surveymember m
JOIN households_survey s ON s.id = m.survey_id
JOIN households_household h ON h.id = s.household_id
WHERE h.commune_id IN ({{communes}}) AND h.is_active AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s
"""

# On PostgreSQL the members of the surveys already chosen are fetched through the index
# on survey_id: scanning and joining every member of the province again for each batch
# of communes cost more than the classification itself.
_MEMBERS_OF_SURVEYS_SQL = f"""
SELECT m.survey_id, {", ".join(f"m.{name}" for name in list(MEMBER_SCHEMA)[1:])}
FROM households_surveymember m
WHERE m.survey_id = ANY(%s)
"""


@dataclass(frozen=True)
class SurveyFrames:
    households: pl.DataFrame
    members: pl.DataFrame


def latest_surveys(commune_ids: list[int], year: int) -> SurveyFrames:
    """Each active household's latest submitted survey (latest date, then version) of the year,
    in the given communes, with the household's `REGISTRY_SCHEMA` columns."""
    params = (*commune_ids, dt.date(year, 1, 1), dt.date(year, 12, 31))
    communes = ", ".join(["%s"] * len(commune_ids))
    # Outside a transaction (a run's reader thread) over binary COPY: half the client CPU of CSV.
    surveys = read_arrow(_SURVEYS_SQL.format(communes=communes), params, HOUSEHOLD_SCHEMA | REGISTRY_SCHEMA)
    latest = surveys.sort(["household_pk", "survey_date", "version", "household_id"]).unique(
        subset="household_pk", keep="last", maintain_order=True
    )
    if is_postgres():
        members = read_arrow(_MEMBERS_OF_SURVEYS_SQL, [latest["household_id"].to_list()], MEMBER_SCHEMA)
    else:
        members = read_frame(_MEMBERS_SQL.format(communes=communes), params, MEMBER_SCHEMA)
        members = members.filter(pl.col("household_id").is_in(latest["household_id"].implode()))
    return SurveyFrames(with_region(latest), members)


def surveys_by_batch(batches: list[list[int]], year: int) -> Iterator[SurveyFrames]:
    """`latest_surveys` of each batch of communes, in order.

    On PostgreSQL, outside a transaction, the next batch is read on a second connection while
    the caller classifies and stores the current one: the database then produces one batch's
    rows while it writes the other's. Inside a transaction (a test, a commune's review step)
    a second connection would not see uncommitted rows, so batches are read one after another."""
    if not is_postgres() or connection.in_atomic_block or len(batches) < 2:
        yield from (latest_surveys(batch, year) for batch in batches)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-reader") as reader:
        pending = reader.submit(_read_on_own_connection, batches[0], year)
        for following in batches[1:]:
            frames = pending.result()
            pending = reader.submit(_read_on_own_connection, following, year)
            yield frames
        yield pending.result()


def _read_on_own_connection(commune_ids: list[int], year: int) -> SurveyFrames:
    try:
        return latest_surveys(commune_ids, year)
    finally:
        connection.close()  # the reader thread's own connection


def with_region(households: pl.DataFrame) -> pl.DataFrame:
    """Add each survey's socio-economic `region` (from its province), which the scorecard
    thresholds need when income is estimated by score."""
    ids = households["province_id"].unique().drop_nulls().to_list()
    codes = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "code"))
    regions = {pk: province_regions().get(code) for pk, code in codes.items()}
    region = pl.col("province_id").replace_strict(regions, default=None, return_dtype=pl.String)
    return households.with_columns(region.alias("region"))
