"""The summary tables listen for stored classifications and recount what changed.

The write side (runs, survey submission, review decisions) only records the fact
(`giamngheo.standards.events`); it never calls a projection.
"""

import polars as pl

from giamngheo.reports.summaries import SUMMARY_FLAGS, refresh_commune_summary, replace_summaries
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


def _recount_commune(sender, commune_id: int, year: int, **kwargs) -> None:
    refresh_commune_summary(commune_id, year)


def connect() -> None:
    run_batch_stored.connect(_recount_run_batch, dispatch_uid="reports.recount_run_batch")
    classification_recorded.connect(_recount_commune, dispatch_uid="reports.recount_commune")
