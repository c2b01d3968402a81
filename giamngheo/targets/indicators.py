"""The indicator catalogue (data in `indicators.yaml`) and the values of computed
indicators, read from the summary tables (never from households)."""

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from giamngheo.reports import queries
from giamngheo.reports.queries import Area

CATALOGUE_FILE = Path(__file__).resolve().parent / "indicators.yaml"


@lru_cache(maxsize=1)
def catalogue() -> list[dict]:
    """Every indicator of the catalogue as a dict of model fields."""
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    rows: list[dict] = []
    for item in data["computed"]:
        rows.append(item | {"kind": "computed"})
    for code, label in data["deprivations"].items():
        rows.append(
            {
                "code": f"deprivation_rate_{code}",
                "name": f"Tỷ lệ hộ nghèo, cận nghèo thiếu hụt: {label}",
                "measure": "percent",
                "computation": "deprivation_rate",
                "parameter": code,
                "kind": "computed",
                "definition": (
                    f"Số hộ nghèo và cận nghèo thiếu hụt chỉ số “{label}” / tổng số hộ nghèo và cận nghèo × 100."
                ),
            }
        )
    for item in data["entered"]:
        rows.append(item | {"kind": "entered", "computation": "", "parameter": ""})
    for position, row in enumerate(rows, start=1):
        row["position"] = position
        row.setdefault("parameter", "")
        row["parameter"] = row["parameter"] or ""
    return rows


def sync_indicators(model=None) -> int:
    """Upsert the catalogue on `code`; `model` lets a migration pass its historical model."""
    if model is None:
        from giamngheo.targets.models import Indicator as model
    for row in catalogue():
        fields = {k: v for k, v in row.items() if k != "code"}
        model.objects.update_or_create(code=row["code"], defaults=fields)
    return len(catalogue())


# ---------------------------------------------------------------- computations

Computation = Callable[[Area, int, str, str, object], float | None]


def _statuses(parameter: str) -> list[str]:
    return [s for s in parameter.split(",") if s]


def _standard(area: Area, year: int, standard_id: str, user) -> str | None:
    """The standard asked for when the year has it, else the one covering most households."""
    found = queries.standards_by_size(area, year, user)
    if standard_id and standard_id in found:
        return standard_id
    return found[0] if found else None


def _figures(
    area: Area, year: int, standard_id: str, user, group: str = "all"
) -> queries.StatusFigures | None:
    chosen = _standard(area, year, standard_id, user)
    if chosen is None:
        return None
    return queries.status_figures(area, year, chosen, user, group=group)


def status_rate(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    figures = _figures(area, year, standard_id, user)
    return figures.rate(*_statuses(parameter)) if figures and figures.total_households else None


def status_households(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    figures = _figures(area, year, standard_id, user)
    return sum(figures.households[s] for s in _statuses(parameter)) if figures else None


def status_people(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    figures = _figures(area, year, standard_id, user)
    return sum(figures.people[s] for s in _statuses(parameter)) if figures else None


def rate_reduction(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    before = status_rate(area, year - 1, "", parameter, user)
    now = status_rate(area, year, standard_id, parameter, user)
    return None if before is None or now is None else before - now


def households_reduction(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    before = status_households(area, year - 1, "", parameter, user)
    now = status_households(area, year, standard_id, parameter, user)
    return None if before is None or now is None else before - now


def group_rate(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    group, status = parameter.split(":")
    figures = _figures(area, year, standard_id, user, group=group)
    return figures.rate(status) if figures and figures.total_households else None


def group_households(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    group, status = parameter.split(":")
    figures = _figures(area, year, standard_id, user, group=group)
    return figures.households[status] if figures else None


def deprivation_rate(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    chosen = _standard(area, year, standard_id, user)
    if chosen is None:
        return None
    figures = queries.status_figures(area, year, chosen, user)
    base = figures.households["poor"] + figures.households["near_poor"]
    if not base:
        return None
    rows = {r.indicator: r.total for r in queries.deprivation_rows(area, year, chosen, user)}
    return 100 * rows.get(parameter, 0) / base


def movement(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    chosen = _standard(area, year, standard_id, user)
    if chosen is None:
        return None
    moves = queries.movements(area, year, chosen, user)
    return getattr(moves, parameter) if moves.has_previous_year else None


def total_households(area: Area, year: int, standard_id: str, parameter: str, user) -> float | None:
    figures = _figures(area, year, standard_id, user)
    return figures.total_households if figures else None


COMPUTATIONS: dict[str, Computation] = {
    "status_rate": status_rate,
    "status_households": status_households,
    "status_people": status_people,
    "rate_reduction": rate_reduction,
    "households_reduction": households_reduction,
    "group_rate": group_rate,
    "group_households": group_households,
    "deprivation_rate": deprivation_rate,
    "movement": movement,
    "total_households": total_households,
}


def computed_value(indicator, area: Area, year: int, user, standard_id: str = "") -> Decimal | None:
    """The indicator's value for the area and year from the summaries (None: no data)."""
    function = COMPUTATIONS.get(indicator.computation)
    if function is None:
        return None
    value = function(area, year, standard_id, indicator.parameter, user)
    if value is None:
        return None
    return Decimal(str(round(value, 4)))
