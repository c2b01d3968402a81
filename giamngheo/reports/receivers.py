"""The summary tables listen for stored classifications and recount what changed.

The write side (runs, survey submission, review decisions, the registry's writers) only
records the fact (`giamngheo.standards.events`, `giamngheo.households.events`); it never calls a
projection.
"""

import polars as pl

from giamngheo.households.events import registry_changed
from giamngheo.reports.summaries import SUMMARY_FLAGS, refresh_commune_summary, replace_summaries
from giamngheo.reports.village_counts import move_statuses, recount_communes
from giamngheo.standards.events import classification_recorded, run_batch_stored


def _as_latest(classified: pl.DataFrame) -> pl.DataFrame:
    """A run's batch in the shape of `summaries.latest_classifications`."""
    return classified.select(
        "commune_id",
        pl.col("standard").alias("standard_id"),
        pl.col("household_pk").alias("household_id"),
        "status",
        "deprived",
        pl.col("members").alias("people"),
        *SUMMARY_FLAGS,
    )


def _recount_run_batch(sender, run, year: int, classified: pl.DataFrame, **kwargs) -> None:
    replace_summaries(_as_latest(classified), year, run)
    move_statuses(classified)


def _recount_commune(sender, commune_id: int, year: int, **kwargs) -> None:
    refresh_commune_summary(commune_id, year)
    recount_communes([commune_id])


def _recount_village_counts(sender, commune_ids, **kwargs) -> None:
    recount_communes(commune_ids)


def connect() -> None:
    run_batch_stored.connect(_recount_run_batch, dispatch_uid="reports.recount_run_batch")
    classification_recorded.connect(_recount_commune, dispatch_uid="reports.recount_commune")
    registry_changed.connect(_recount_village_counts, dispatch_uid="reports.recount_village_counts")
