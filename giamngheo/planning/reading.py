"""The impact of a standard change for a unit the user may see, from the latest surveys of the
year (`standards.province_frame`: read once, classified once per standard)."""

import datetime as dt

import polars as pl
from django.core.exceptions import PermissionDenied

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units, unit_in_scope
from giamngheo.households.models import Household
from giamngheo.planning.drafts import resolve_standard
from giamngheo.planning.impact import Impact, impact_of
from giamngheo.planning.parameters import health_insurance
from giamngheo.standards.province_frame import ProvinceFrame, read_province_frame


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


def impact_for(
    unit: AdminUnit, year: int, standard_from: str, standard_to: str, user, frame: ProvinceFrame | None = None
) -> Impact:
    """`frame`: the province's frame of the year when the caller has read it already (the
    province's planning job shares it with the checks); it may cover more communes than the
    user's, and only theirs are counted."""
    communes = communes_of(unit, user)
    first, second = resolve_standard(standard_from), resolve_standard(standard_to)
    insurance = health_insurance(effective_day(year))
    ids = [c.pk for c in communes]
    if frame is None or frame.year != year or not frame.can_classify(first, second):
        frame = read_province_frame(ids, year, [first, second])
    households = frame.households.filter(pl.col("commune_id").is_in(ids))
    if unit.level == Level.VILLAGE:
        households = households.filter(pl.col("village_id") == unit.pk)
    if households.is_empty():
        raise NoSurveys(", ".join(c.name for c in communes))
    return impact_of(
        households,
        frame.statuses(first),
        frame.statuses(second),
        standard_from=first.id,
        standard_to=second.id,
        year=year,
        insurance=insurance,
    )


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
    resolved = [resolve_standard(sid) for sid in standards]
    frame = read_province_frame([commune.pk], year, resolved)
    households = frame.households
    if village_id is not None:
        households = households.filter(pl.col("village_id") == village_id)
    if households.is_empty():
        return []
    results = [
        frame.statuses(standard).select("household_id", pl.col("status").alias(f"status_{i}"))
        for i, standard in enumerate(resolved)
    ]
    pairs = (
        households.select("household_id", "household_pk")
        .join(results[0], on="household_id")
        .join(results[1], on="household_id")
        .filter((pl.col("status_0") == statuses[0]) & (pl.col("status_1") == statuses[1]))
    )
    pks = pairs["household_pk"].to_list()
    return list(Household.objects.filter(pk__in=pks).select_related("village").order_by("code"))
