"""The impact of a standard change for a unit the user may see, read from the latest surveys of
the year batch by batch (the same frames as an official run)."""

import datetime as dt

import polars as pl
from django.core.exceptions import PermissionDenied

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units, unit_in_scope
from giamngheo.core.frames import read_frame
from giamngheo.households.models import Household
from giamngheo.planning.drafts import resolve_standard
from giamngheo.planning.impact import Impact, impact_of
from giamngheo.planning.parameters import health_insurance
from giamngheo.standards import engine
from giamngheo.standards.runs import commune_batches
from giamngheo.standards.survey_frames import SurveyFrames, surveys_by_batch


class NoSurveys(Exception):
    """No submitted survey of the year in the unit; names the communes without any."""


def communes_of(unit: AdminUnit, user) -> list[AdminUnit]:
    if not unit_in_scope(unit, user):
        raise PermissionDenied("Đơn vị này nằm ngoài địa bàn của bạn.")
    if unit.level == Level.PROVINCE:
        communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=unit)
        return list(scoped_units(communes, user).order_by("code"))
    if unit.level == Level.VILLAGE:
        return [unit.parent]
    return [unit]


def effective_day(year: int) -> dt.date:
    """A periodic review of `year` sets the lists that take effect on 1 January of the next year."""
    return dt.date(year + 1, 1, 1)


def _with_villages(frames: SurveyFrames) -> pl.DataFrame:
    communes = frames.households["commune_id"].unique().to_list()
    villages = read_frame(
        f"SELECT id AS household_pk, village_id, agricultural FROM {Household._meta.db_table} "
        f"WHERE commune_id IN ({', '.join(['%s'] * len(communes))})",
        communes,
        {"household_pk": pl.Int64, "village_id": pl.Int64, "agricultural": pl.Boolean},
    )
    return frames.households.join(villages, on="household_pk", how="left")


def impact_for(unit: AdminUnit, year: int, standard_from: str, standard_to: str, user) -> Impact:
    communes = communes_of(unit, user)
    first, second = resolve_standard(standard_from), resolve_standard(standard_to)
    insurance = health_insurance(effective_day(year))
    parts = []
    for frames in surveys_by_batch(commune_batches([c.pk for c in communes]), year):
        if frames.households.is_empty():
            continue
        households = _with_villages(frames)
        if unit.level == Level.VILLAGE:
            households = households.filter(pl.col("village_id") == unit.pk)
        result_from = engine.classify(first, households, frames.members, reasons="template")
        result_to = engine.classify(second, households, frames.members, reasons="template")
        parts.append(
            impact_of(
                households,
                result_from,
                result_to,
                standard_from=first.id,
                standard_to=second.id,
                year=year,
                insurance=insurance,
            ).cells
        )
    if not parts or sum(part["households"].sum() for part in parts) == 0:
        raise NoSurveys(", ".join(c.name for c in communes))
    return Impact(first.id, second.id, year, pl.concat(parts), insurance)


def households_of_cell(
    commune: AdminUnit,
    village_id: int | None,
    year: int,
    standards: tuple[str, str],
    statuses: tuple[str, str],
    user,
) -> list[Household]:
    """The households behind one cell of the matrix (recomputed for the cell's commune only)."""
    communes_of(commune, user)
    frames = next(surveys_by_batch([[commune.pk]], year))
    if frames.households.is_empty():
        return []
    households = _with_villages(frames)
    if village_id is not None:
        households = households.filter(pl.col("village_id") == village_id)
    results = [
        engine.classify(resolve_standard(sid), households, frames.members).select(
            "household_id", pl.col("status").alias(f"status_{i}")
        )
        for i, sid in enumerate(standards)
    ]
    pairs = (
        households.select("household_id", "household_pk")
        .join(results[0], on="household_id")
        .join(results[1], on="household_id")
        .filter((pl.col("status_0") == statuses[0]) & (pl.col("status_1") == statuses[1]))
    )
    pks = pairs["household_pk"].to_list()
    return list(Household.objects.filter(pk__in=pks).select_related("village").order_by("code"))
