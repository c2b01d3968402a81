"""Refreshing the summary tables of communes for a year, set-based: two queries for
any number of communes (one commune after its run, or a whole province), the counts
in Polars, bulk inserts.

The source of every figure: for each household, its LATEST official
classification (latest `created_at`, then id) among those of surveys dated in the
year under one standard. When the same survey year was classified under two
standards (e.g. the 2020 review under 2016-2020 and 2021-2025), each standard has
its own summary. Group flags (ethnic minority, meritorious, no labour capacity) are
the household's current flags. People are the survey's `members`.

Transitions compare with the household's latest official classification of the
previous year, under whichever standard it was (blank when it had none).

Official runs replace the summaries of the communes of each batch from the results in
memory, inside the batch's transaction (`replace_summaries`); `refresh_commune_summary`
and `giamngheo refresh_summaries` (`refresh_all`, a province and year per pass) read
them back from the classifications.
"""

import datetime as dt

import polars as pl
from django.db import transaction
from django.db.models.functions import ExtractYear

from giamngheo.areas.models import AdminUnit, Era
from giamngheo.core.frames import is_postgres, ranges_read, read_frame
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
COMMUNES_PER_PASS = 200  # communes refreshed by one set-based pass of `refresh_all`

# Every official classification of a survey of the year in the communes, with the
# survey's members and the household's flags; the latest per (commune, standard,
# household) is picked in Polars (sorting there is far cheaper than a window function
# over a million rows). `created_at` travels as text: within one database it has one
# format, and text order is time order (PostgreSQL trims fractional zeros, and "+" of
# the zone sorts below the "." of a fraction).
CLASSIFIED_SCHEMA: dict[str, pl.DataType] = {
    "commune_id": pl.Int64,
    "standard_id": pl.String,
    "household_id": pl.Int64,
    "created_at": pl.String,
    "id": pl.Int64,
    "status": pl.String,
    "deprived": pl.String,
    "people": pl.Int64,
}
_CLASSIFIED_SQL = """
SELECT c.commune_id, c.standard_id, c.household_id, c.created_at, c.id, c.status, c.deprived,
       s.members AS people
FROM standards_classification c
JOIN households_survey s ON s.id = c.survey_id
WHERE c.commune_id IN ({communes}) AND c.official AND s.survey_date BETWEEN %s AND %s
"""
FLAGS_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.Int64,
    "ethnic_minority": pl.Boolean,
    "meritorious": pl.Boolean,
    "no_labour_capacity": pl.Boolean,
}
_FLAGS_SQL = """
SELECT h.id, h.ethnic_minority, h.meritorious, h.no_labour_capacity
FROM households_household h
WHERE h.id IN (SELECT c.household_id FROM standards_classification c
               WHERE c.commune_id IN ({communes}) AND c.official)
"""
PREVIOUS_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.Int64,
    "created_at": pl.String,
    "id": pl.Int64,
    "status_from": pl.String,
}
_PREVIOUS_SQL = """
SELECT c.household_id, c.created_at, c.id, c.status
FROM standards_classification c
JOIN households_survey s ON s.id = c.survey_id
WHERE c.official AND s.survey_date BETWEEN %s AND %s
  AND c.household_id IN (SELECT c2.household_id FROM standards_classification c2
                         WHERE c2.commune_id IN ({communes}) AND c2.official)
"""
# The same, for the households a run has just classified: their surveys of the previous year
# through the (household, survey_date) index, then those surveys' classifications. Starting
# from the households' classifications instead joined a survey to every classification of
# every year (1M households: 4.7 s per batch of 150k after two runs, 0.6 s this way). With the
# ids' bounds (`ranges_read`'s `column`) the index is read as one range when the households lie
# together (a commune's, registered together): 0.25 s → 0.01 s a batch of 150,000 with no
# survey the year before.
_PREVIOUS_OF_HOUSEHOLDS_SQL = """
SELECT c.household_id, c.created_at, c.id, c.status
FROM households_survey s
JOIN standards_classification c ON c.survey_id = s.id AND c.household_id = s.household_id
WHERE c.official AND s.survey_date BETWEEN %s AND %s AND s.household_id {ids}
"""
SUMMARY_KEYS = ["commune_id", "standard_id"]
SUMMARY_FLAGS = ["ethnic_minority", "meritorious", "no_labour_capacity"]


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _in_list(commune_ids: list[int]) -> str:
    return ", ".join(["%s"] * len(commune_ids))


def official_standards(commune_id: int, year: int) -> list[str]:
    """Standards under which the commune has official classifications of surveys of the year."""
    start, end = _year_bounds(year)
    rows = Classification.objects.filter(
        commune_id=commune_id, official=True, survey__survey_date__range=(start, end)
    )
    return sorted(set(rows.values_list("standard_id", flat=True)))


def _latest(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The latest row (by `created_at`, then id) per key."""
    return frame.sort(["created_at", "id"], descending=True).unique(subset=keys, keep="first")


def latest_classifications(commune_ids: list[int], year: int) -> pl.DataFrame:
    """One row per commune, standard and household: its latest official classification of
    the year, with the survey's members (`people`) and the household's current flags."""
    start, end = _year_bounds(year)
    communes = _in_list(commune_ids)
    classified = read_frame(
        _CLASSIFIED_SQL.format(communes=communes), (*commune_ids, start, end), CLASSIFIED_SCHEMA
    )
    flags = read_frame(_FLAGS_SQL.format(communes=communes), commune_ids, FLAGS_SCHEMA)
    latest = _latest(classified, ["commune_id", "standard_id", "household_id"])
    return (
        latest.drop("created_at", "id")
        .join(flags, on="household_id", how="left")
        .with_columns(pl.col(name).fill_null(False) for name in SUMMARY_FLAGS)
    )


def previous_statuses(commune_ids: list[int], year: int, households: pl.Series | None = None) -> pl.DataFrame:
    """The same households' latest official status of the previous year (any standard, any commune).
    On PostgreSQL, `households` (their ids, when known) are looked up directly."""
    prev_start, prev_end = _year_bounds(year - 1)
    if households is not None and is_postgres():
        dates = (prev_start, prev_end)
        read = ranges_read(
            _PREVIOUS_OF_HOUSEHOLDS_SQL, dates, households, PREVIOUS_SCHEMA, column="s.household_id"
        )
    else:
        query = _PREVIOUS_SQL.format(communes=_in_list(commune_ids))
        read = (query, (prev_start, prev_end, *commune_ids), PREVIOUS_SCHEMA)
    previous = read_frame(*read)
    return _latest(previous, ["household_id"]).select("household_id", "status_from")


def status_counts(latest: pl.DataFrame, keys: list[str] | None = None) -> pl.DataFrame:
    """Households and people per (keys..., group, status)."""
    keys = keys or []
    flags = {
        Group.ALL: pl.lit(True),
        Group.ETHNIC_MINORITY: pl.col("ethnic_minority"),
        Group.MERITORIOUS: pl.col("meritorious"),
        Group.NO_LABOUR: pl.col("no_labour_capacity"),
    }
    parts = [
        latest.filter(condition).select(*keys, pl.lit(str(group)).alias("group"), "status", "people")
        for group, condition in flags.items()
    ]
    return (
        pl.concat(parts)
        .group_by(*keys, "group", "status")
        .agg(pl.len().alias("households"), pl.col("people").fill_null(0).sum().alias("people"))
        .sort(*keys, "group", "status")
    )


def deprivation_counts(latest: pl.DataFrame, keys: list[str] | None = None) -> pl.DataFrame:
    """Poor and near-poor households per (keys..., status, deprivation indicator)."""
    keys = keys or []
    return (
        latest.filter(pl.col("status").is_in([str(s) for s in DEPRIVATION_STATUSES]))
        .select(*keys, "status", pl.col("deprived").fill_null("").str.split(";").alias("indicator"))
        .explode("indicator")
        .filter(pl.col("indicator").str.strip_chars() != "")
        .group_by(*keys, "status", "indicator")
        .agg(pl.len().alias("households"))
        .sort(*keys, "status", "indicator")
    )


def transition_counts(
    latest: pl.DataFrame, previous: pl.DataFrame, keys: list[str] | None = None
) -> pl.DataFrame:
    keys = keys or []
    return (
        latest.select(*keys, "household_id", pl.col("status").alias("status_to"))
        .join(previous, on="household_id", how="left")
        .with_columns(pl.col("status_from").fill_null(""))
        .group_by(*keys, "status_from", "status_to")
        .agg(pl.len().alias("households"))
        .sort(*keys, "status_from", "status_to")
    )


def refresh_commune_summary(
    commune_id: int, year: int, *, run=None, standard_id: str | None = None, follow: bool = True
) -> list[CommuneSummary]:
    """Recompute the commune's summaries of the year (every standard with official
    results, or only `standard_id`); drop those of standards that no longer have any.
    With `follow`, the next year's summaries are refreshed too, since their
    transitions start from this year's statuses."""
    with transaction.atomic():
        summaries = refresh_summaries([commune_id], year, run=run, standard_id=standard_id)
        if follow and CommuneSummary.objects.filter(commune_id=commune_id, year=year + 1).exists():
            refresh_summaries([commune_id], year + 1)
    return summaries


def refresh_summaries(
    commune_ids: list[int], year: int, *, run=None, standard_id: str | None = None
) -> list[CommuneSummary]:
    """Recompute the summaries of the communes for the year in one pass: two queries
    for all of them, the counts in Polars, bulk inserts. Summaries of standards without
    official results left (or, with `standard_id`, only that standard's) are replaced."""
    if not commune_ids:
        return []
    with transaction.atomic():
        latest = latest_classifications(commune_ids, year)
        if standard_id is not None:
            latest = latest.filter(pl.col("standard_id") == standard_id)
        previous = previous_statuses(commune_ids, year)
        existing = CommuneSummary.objects.filter(commune_id__in=commune_ids, year=year)
        if standard_id is not None:
            existing = existing.filter(standard_id=standard_id)
        old_runs = {(c, s): r for c, s, r in existing.values_list("commune_id", "standard_id", "run_id")}
        produced = set()
        if run is not None:
            by_run = Classification.objects.filter(run=run, commune_id__in=commune_ids)
            produced = set(by_run.values_list("commune_id", "standard_id").distinct())
        existing.delete()
        return _write_summaries(latest, previous, year, run, produced, old_runs)


def replace_summaries(latest: pl.DataFrame, year: int, run) -> list[CommuneSummary]:
    """Replace the summaries of each (commune, standard) of `latest`: the households an official
    run has just classified, one row each, in the shape of `latest_classifications`.

    The run's results are every household's latest official classification, so its summaries
    are counted from the frame in memory instead of being read back. They count the households
    the run classified; a household classified earlier in the year that has since left the
    registry drops out (`refresh_all`, which reads every classification back, still counts it)."""
    if latest.is_empty():
        return []
    commune_ids = latest["commune_id"].unique().to_list()
    standards = latest["standard_id"].unique().to_list()
    with transaction.atomic():
        previous = previous_statuses(commune_ids, year, households=latest["household_id"])
        CommuneSummary.objects.filter(
            commune_id__in=commune_ids, year=year, standard_id__in=standards
        ).delete()
        produced = set(latest.select(SUMMARY_KEYS).unique().iter_rows())
        return _write_summaries(latest, previous, year, run, produced, {})


def _write_summaries(
    latest: pl.DataFrame,
    previous: pl.DataFrame,
    year: int,
    run,
    produced: set[tuple[int, str]],
    old_runs: dict[tuple[int, str], int | None],
) -> list[CommuneSummary]:
    totals = (
        latest.group_by(SUMMARY_KEYS)
        .agg(pl.len().alias("households"), pl.col("people").fill_null(0).sum().alias("people"))
        .sort(SUMMARY_KEYS)
    )
    provinces = dict(
        AdminUnit.objects.filter(pk__in=totals["commune_id"].unique().to_list()).values_list(
            "pk", "province_id"
        )
    )
    summaries = CommuneSummary.objects.bulk_create(
        CommuneSummary(
            commune_id=commune_id,
            province_id=provinces[commune_id],
            year=year,
            standard_id=standard,
            households=households,
            people=people,
            run_id=run.pk if (commune_id, standard) in produced else old_runs.get((commune_id, standard)),
        )
        for commune_id, standard, households, people in totals.iter_rows()
    )
    ids = {(s.commune_id, s.standard_id): s.pk for s in summaries}
    if any(pk is None for pk in ids.values()):  # a backend that does not return ids
        found = CommuneSummary.objects.filter(commune_id__in=[c for c, _ in ids], year=year)
        ids = {(c, s): pk for c, s, pk in found.values_list("commune_id", "standard_id", "pk")}
        summaries = list(found)
    StatusCount.objects.bulk_create(
        StatusCount(summary_id=ids[(c, sid)], group=g, status=s, households=h, people=p)
        for c, sid, g, s, h, p in status_counts(latest, SUMMARY_KEYS).iter_rows()
    )
    DeprivationCount.objects.bulk_create(
        DeprivationCount(summary_id=ids[(c, sid)], status=s, indicator=i, households=h)
        for c, sid, s, i, h in deprivation_counts(latest, SUMMARY_KEYS).iter_rows()
    )
    TransitionCount.objects.bulk_create(
        TransitionCount(summary_id=ids[(c, sid)], status_from=f, status_to=t, households=h)
        for c, sid, f, t, h in transition_counts(latest, previous, SUMMARY_KEYS).iter_rows()
    )
    return summaries


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
    by_year: dict[int, list[int]] = {}
    for commune_id, summary_year in pairs:
        by_year.setdefault(summary_year, []).append(commune_id)
    written = 0
    for summary_year, commune_ids in sorted(by_year.items()):
        for start in range(0, len(commune_ids), COMMUNES_PER_PASS):
            batch = commune_ids[start : start + COMMUNES_PER_PASS]
            written += len(refresh_summaries(batch, summary_year))
    return written
