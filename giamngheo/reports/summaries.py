"""Refreshing the summary tables of one commune and year, set-based.

The source of every figure: for each household, its LATEST official
classification (latest `created_at`, then id) among those of surveys dated in the
year under one standard. When the same survey year was classified under two
standards (e.g. the 2020 review under 2016-2020 and 2021-2025), each standard has
its own summary. Group flags (ethnic minority, meritorious, no labour capacity) are
the household's current flags. People are the survey's `members`.

Transitions compare with the household's latest official classification of the
previous year, under whichever standard it was (blank when it had none).

Called by `standards.runs` at the end of each commune of an official run, inside
its transaction, and by `giamngheo refresh_summaries`.
"""

import datetime as dt

import polars as pl
from django.db import transaction
from django.db.models.functions import ExtractYear

from giamngheo.areas.models import AdminUnit, Era
from giamngheo.core.frames import read_frame
from giamngheo.households.models import Status
from giamngheo.reports.models import (
    CommuneSummary,
    DeprivationCount,
    Group,
    StatusCount,
    TransitionCount,
)
from giamngheo.standards.models import Classification

DEPRIVATION_STATUSES = (Status.POOR, Status.NEAR_POOR)

LATEST_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.Int64,
    "status": pl.String,
    "deprived": pl.String,
    "people": pl.Int64,
    "ethnic_minority": pl.Boolean,
    "meritorious": pl.Boolean,
    "no_labour_capacity": pl.Boolean,
}
_LATEST_SQL = """
SELECT x.household_id, x.status, x.deprived, x.people,
       h.ethnic_minority, h.meritorious, h.no_labour_capacity
FROM (
    SELECT c.household_id, c.status, c.deprived, s.members AS people,
           ROW_NUMBER() OVER (PARTITION BY c.household_id ORDER BY c.created_at DESC, c.id DESC) AS rn
    FROM standards_classification c
    JOIN households_survey s ON s.id = c.survey_id
    WHERE c.commune_id = %s AND c.official AND c.standard_id = %s AND s.survey_date BETWEEN %s AND %s
) x
JOIN households_household h ON h.id = x.household_id
WHERE x.rn = 1
"""
PREVIOUS_SCHEMA: dict[str, pl.DataType] = {"household_id": pl.Int64, "status_from": pl.String}
_PREVIOUS_SQL = """
WITH this_year AS (
    SELECT DISTINCT c2.household_id FROM standards_classification c2
    JOIN households_survey s2 ON s2.id = c2.survey_id
    WHERE c2.commune_id = %s AND c2.official AND c2.standard_id = %s AND s2.survey_date BETWEEN %s AND %s
)
SELECT x.household_id, x.status
FROM (
    SELECT c.household_id, c.status,
           ROW_NUMBER() OVER (PARTITION BY c.household_id ORDER BY c.created_at DESC, c.id DESC) AS rn
    FROM this_year t
    JOIN standards_classification c ON c.household_id = t.household_id AND c.official
    JOIN households_survey s ON s.id = c.survey_id
    WHERE s.survey_date BETWEEN %s AND %s
) x
WHERE x.rn = 1
"""


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def official_standards(commune_id: int, year: int) -> list[str]:
    """Standards under which the commune has official classifications of surveys of the year."""
    start, end = _year_bounds(year)
    rows = Classification.objects.filter(
        commune_id=commune_id, official=True, survey__survey_date__range=(start, end)
    )
    return sorted(set(rows.values_list("standard_id", flat=True)))


def latest_classifications(commune_id: int, year: int, standard_id: str) -> pl.DataFrame:
    """One row per household: its latest official classification of the year under the standard."""
    start, end = _year_bounds(year)
    return read_frame(_LATEST_SQL, (commune_id, standard_id, start, end), LATEST_SCHEMA)


def previous_statuses(commune_id: int, year: int, standard_id: str) -> pl.DataFrame:
    """The same households' latest official status of the previous year (any standard)."""
    prev_start, prev_end = _year_bounds(year - 1)
    start, end = _year_bounds(year)
    params = (commune_id, standard_id, start, end, prev_start, prev_end)
    return read_frame(_PREVIOUS_SQL, params, PREVIOUS_SCHEMA)


def status_counts(latest: pl.DataFrame) -> pl.DataFrame:
    """Households and people per (group, status)."""
    flags = {
        Group.ALL: pl.lit(True),
        Group.ETHNIC_MINORITY: pl.col("ethnic_minority"),
        Group.MERITORIOUS: pl.col("meritorious"),
        Group.NO_LABOUR: pl.col("no_labour_capacity"),
    }
    parts = [
        latest.filter(condition).select(pl.lit(str(group)).alias("group"), "status", "people")
        for group, condition in flags.items()
    ]
    return (
        pl.concat(parts)
        .group_by("group", "status")
        .agg(pl.len().alias("households"), pl.col("people").fill_null(0).sum().alias("people"))
        .sort("group", "status")
    )


def deprivation_counts(latest: pl.DataFrame) -> pl.DataFrame:
    """Poor and near-poor households per deprivation indicator."""
    return (
        latest.filter(pl.col("status").is_in([str(s) for s in DEPRIVATION_STATUSES]))
        .select("status", pl.col("deprived").fill_null("").str.split(";").alias("indicator"))
        .explode("indicator")
        .filter(pl.col("indicator").str.strip_chars() != "")
        .group_by("status", "indicator")
        .agg(pl.len().alias("households"))
        .sort("status", "indicator")
    )


def transition_counts(latest: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    return (
        latest.select("household_id", pl.col("status").alias("status_to"))
        .join(previous, on="household_id", how="left")
        .with_columns(pl.col("status_from").fill_null(""))
        .group_by("status_from", "status_to")
        .agg(pl.len().alias("households"))
        .sort("status_from", "status_to")
    )


def refresh_commune_summary(
    commune_id: int, year: int, *, run=None, standard_id: str | None = None, follow: bool = True
) -> list[CommuneSummary]:
    """Recompute the commune's summaries of the year (every standard with official
    results, or only `standard_id`); drop those of standards that no longer have any.
    With `follow`, the next year's summaries are refreshed too, since their
    transitions start from this year's statuses."""
    with transaction.atomic():
        present = official_standards(commune_id, year)
        existing = CommuneSummary.objects.filter(commune_id=commune_id, year=year)
        if standard_id is None:
            existing.exclude(standard_id__in=present).delete()
            wanted = present
        else:
            if standard_id not in present:
                existing.filter(standard_id=standard_id).delete()
            wanted = [standard_id] if standard_id in present else []
        province_id = AdminUnit.objects.values_list("province_id", flat=True).get(pk=commune_id)
        summaries = [_refresh_one(commune_id, province_id, year, sid, run) for sid in wanted]
        if follow and CommuneSummary.objects.filter(commune_id=commune_id, year=year + 1).exists():
            refresh_commune_summary(commune_id, year + 1, follow=False)
    return summaries


def _refresh_one(commune_id: int, province_id: int, year: int, standard_id: str, run) -> CommuneSummary:
    latest = latest_classifications(commune_id, year, standard_id)
    previous = previous_statuses(commune_id, year, standard_id)
    key = {"commune_id": commune_id, "year": year, "standard_id": standard_id}
    old = CommuneSummary.objects.filter(**key).first()
    produced = (
        run is not None
        and Classification.objects.filter(run=run, commune_id=commune_id, standard_id=standard_id).exists()
    )
    keep_run = run if produced else (old.run if old else None)
    CommuneSummary.objects.filter(**key).delete()
    summary = CommuneSummary.objects.create(
        province_id=province_id,
        households=latest.height,
        people=int(latest["people"].fill_null(0).sum()) if latest.height else 0,
        run=keep_run,
        **key,
    )
    StatusCount.objects.bulk_create(
        StatusCount(summary=summary, group=g, status=s, households=h, people=p)
        for g, s, h, p in status_counts(latest).select("group", "status", "households", "people").iter_rows()
    )
    DeprivationCount.objects.bulk_create(
        DeprivationCount(summary=summary, status=s, indicator=i, households=h)
        for s, i, h in deprivation_counts(latest).iter_rows()
    )
    TransitionCount.objects.bulk_create(
        TransitionCount(summary=summary, status_from=f, status_to=t, households=h)
        for f, t, h in transition_counts(latest, previous).iter_rows()
    )
    return summary


def commune_years(province_code: str | None = None, year: int | None = None) -> list[tuple[int, int]]:
    """(commune id, survey year) pairs that have official classifications."""
    rows = Classification.objects.filter(official=True)
    if province_code:
        rows = rows.filter(province__code=province_code, province__era=Era.CURRENT)
    rows = rows.annotate(survey_year=ExtractYear("survey__survey_date"))
    if year:
        rows = rows.filter(survey_year=year)
    pairs = rows.values_list("commune_id", "survey_year").distinct()
    return sorted(set(pairs), key=lambda pair: (pair[1], pair[0]))


def refresh_all(province_code: str | None = None, year: int | None = None) -> int:
    """Refresh every (commune, year) with official results, oldest year first; returns
    the number of summaries written. Summaries of communes without any official
    result left (in the selection) are removed."""
    pairs = commune_years(province_code, year)
    stale = CommuneSummary.objects.all()
    if province_code:
        stale = stale.filter(province__code=province_code, province__era=Era.CURRENT)
    if year:
        stale = stale.filter(year=year)
    keep = set(pairs)
    for commune_id, summary_year in set(stale.values_list("commune_id", "year")) - keep:
        CommuneSummary.objects.filter(commune_id=commune_id, year=summary_year).delete()
    written = 0
    for commune_id, summary_year in pairs:
        written += len(refresh_commune_summary(commune_id, summary_year, follow=False))
    return written
