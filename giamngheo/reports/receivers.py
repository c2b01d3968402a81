"""The summary tables listen for stored classifications and recount what changed.

The write side (runs, survey submission, review decisions, the registry's writers) only
records the fact (`giamngheo.standards.events`, `giamngheo.households.events`, and Django's own
save and delete signals of a household and of its current status); it never calls a projection.
"""

import polars as pl
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from giamngheo.households.events import registry_changed
from giamngheo.households.models import CurrentStatus, Household
from giamngheo.reports.summaries import SUMMARY_FLAGS, refresh_commune_summary, replace_summaries
from giamngheo.reports.village_counts import (
    counted_as,
    move_household,
    move_status,
    move_statuses,
    recount_communes,
)
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


def _recount_village_counts(sender, commune_ids, **kwargs) -> None:
    recount_communes(commune_ids)


def _remember_counted(sender, instance: Household, raw: bool = False, **kwargs) -> None:
    """Before a household is saved or deleted: where it is counted now (as stored, not as in
    memory; before a deletion takes its current status with it)."""
    if raw:
        return
    stored = None
    if instance.pk is not None:
        stored = Household.objects.select_related("current").filter(pk=instance.pk).first()
    instance._counted_before = counted_as(stored) if stored is not None else None


def _move_saved(sender, instance: Household, raw: bool = False, **kwargs) -> None:
    if not raw:
        move_household(getattr(instance, "_counted_before", None), counted_as(instance))


def _move_deleted(sender, instance: Household, **kwargs) -> None:
    move_household(getattr(instance, "_counted_before", None), None)


def _remember_status(sender, instance: CurrentStatus, raw: bool = False, **kwargs) -> None:
    if not raw:
        stored = CurrentStatus.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        instance._status_before = stored or ""


def _move_status(sender, instance: CurrentStatus, raw: bool = False, **kwargs) -> None:
    if not raw:
        move_status(instance.household, getattr(instance, "_status_before", ""), instance.status)


def connect() -> None:
    run_batch_stored.connect(_recount_run_batch, dispatch_uid="reports.recount_run_batch")
    classification_recorded.connect(_recount_commune, dispatch_uid="reports.recount_commune")
    registry_changed.connect(_recount_village_counts, dispatch_uid="reports.recount_village_counts")
    pre_save.connect(_remember_counted, sender=Household, dispatch_uid="reports.household_counted_before")
    post_save.connect(_move_saved, sender=Household, dispatch_uid="reports.household_saved")
    pre_delete.connect(_remember_counted, sender=Household, dispatch_uid="reports.household_counted_deleted")
    post_delete.connect(_move_deleted, sender=Household, dispatch_uid="reports.household_deleted")
    pre_save.connect(_remember_status, sender=CurrentStatus, dispatch_uid="reports.status_before")
    post_save.connect(_move_status, sender=CurrentStatus, dispatch_uid="reports.status_saved")
