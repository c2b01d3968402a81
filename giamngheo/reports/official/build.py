"""The official report set of a commune or a province for a review year and standard,
within the user's area: one function shared by the pages, the workbook, the CLI and
sign-off. A unit outside the user's area is refused before anything is read."""

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.reports.official.columns import Column
from giamngheo.reports.official.frames import Scope, report_frame
from giamngheo.reports.official.lists import build_lists
from giamngheo.reports.official.tables import ReportSet, build_tables, columns_of
from giamngheo.standards import engine
from giamngheo.standards.engine.catalogue import standard_files
from giamngheo.standards.models import Classification

REPORT_LEVELS = (Level.PROVINCE, Level.COMMUNE)


class NoReportData(Exception):
    """The unit has no official results for the year and standard."""


def check_unit(unit: AdminUnit, user) -> None:
    """403 for a unit outside the user's area (or not a current commune or province).
    `user` None is the command line, run by the server's operator."""
    outside = user is not None and not unit_in_scope(unit, user)
    if unit.era != Era.CURRENT or unit.level not in REPORT_LEVELS or outside:
        raise PermissionDenied("Đơn vị không thuộc địa bàn được phân công.")


def scope_of(unit: AdminUnit) -> Scope:
    if unit.level == Level.PROVINCE:
        return Scope(province_id=unit.pk)
    return Scope(commune_id=unit.pk)


def standard_name(standard_id: str) -> str:
    if standard_id not in standard_files():
        return standard_id
    return engine.load_standard(standard_id).name


def unit_frame(unit: AdminUnit, year: int, standard_id: str) -> tuple[pl.DataFrame, dict[int, str]]:
    """The report frame of the unit and its communes (id → name, by code)."""
    frame = report_frame(scope_of(unit), year, standard_id)
    if frame.filter(pl.col("status") != "").is_empty():
        raise NoReportData(
            f"{unit.name} chưa có kết quả rà soát chính thức năm {year} theo chuẩn {standard_id}."
        )
    if unit.level == Level.COMMUNE:
        return frame.filter(pl.col("commune_id") == unit.pk), {unit.pk: unit.name}
    ids = frame["commune_id"].unique().to_list()
    communes = AdminUnit.objects.filter(pk__in=ids).order_by("code").values_list("pk", "name")
    return frame, dict(communes)


def build_report_set(
    unit: AdminUnit, year: int, standard_id: str, user, *, with_lists: bool = True
) -> ReportSet:
    """All fifteen reports (`with_lists=False`: the first thirteen)."""
    check_unit(unit, user)
    frame, communes = unit_frame(unit, year, standard_id)
    tables = build_tables(frame, standard_id, communes)
    lists = build_lists(frame, standard_id, communes) if with_lists else {}
    return ReportSet(unit.pk, unit.name, year, standard_id, tables, lists)


def cell_households(
    unit: AdminUnit, year: int, standard_id: str, user, number: int, key: str, commune_id: int | None
) -> list[int]:
    """Ids of the households a figure counts (`commune_id` None: the total)."""
    check_unit(unit, user)
    frame, _communes = unit_frame(unit, year, standard_id)
    columns: dict[str, Column] = columns_of(standard_id, frame).get(number, {})
    if key not in columns:
        raise KeyError(key)
    if commune_id is not None:
        frame = frame.filter(pl.col("commune_id") == commune_id)
    chosen = frame.filter(columns[key].households(columns))
    return chosen["household_id"].unique().sort().to_list()


def default_standard(unit: AdminUnit, year: int) -> str | None:
    """The standard under which most of the unit's households were officially classified that year."""
    rows = Classification.objects.filter(official=True, survey__survey_date__year=year)
    rows = rows.filter(province=unit) if unit.level == Level.PROVINCE else rows.filter(commune=unit)
    found = rows.values("standard_id").annotate(n=Count("id")).order_by("-n", "standard_id").first()
    return found["standard_id"] if found else None
