"""One unit's frames for a review year, read once and shared by everything that judges the
year's surveys as a whole: the impact of a standard change, the review-quality checks and
the official reports' survey facts. It lives here, the lowest layer that owns both the
surveys it reads and the classifications it computes; the apps above receive a
`ProvinceFrame` and never read the surveys again.

`households`: each active household's latest submitted survey of the year (latest date,
then version, then id), keyed `household_id` = the survey's id as the engine expects, with
the survey's answers (`survey_frames.HOUSEHOLD_SCHEMA`), the `region`, and the registry's
`current_status`, `village_id` and `agricultural`. `members`: the answers of those surveys'
members. Each standard classifies the frame once (`statuses`), whoever asks first.
"""

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from giamngheo.core.frames import is_postgres, read_arrows
from giamngheo.households.models import Household, Survey, SurveyMember
from giamngheo.standards import engine
from giamngheo.standards.engine.standard import Standard
from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, with_region

REGISTRY_SCHEMA: dict[str, pl.DataType] = {
    "current_status": pl.String,
    "village_id": pl.Int64,
    "agricultural": pl.Boolean,
}
_H, _S, _M = Household._meta.db_table, Survey._meta.db_table, SurveyMember._meta.db_table
_SURVEY_COLUMNS = ", ".join(
    ["s.id", "h.id", "h.province_id", "h.commune_id", "s.survey_date", "s.version"]
    + [f"s.{name}" for name in list(HOUSEHOLD_SCHEMA)[6:]]
    + [f"h.{name}" for name in REGISTRY_SCHEMA]
)
_IN_YEAR = (
    "h.commune_id {communes} AND h.is_active AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s"
)
_SURVEYS_SQL = f"SELECT {_SURVEY_COLUMNS} FROM {_S} s JOIN {_H} h ON h.id = s.household_id WHERE {_IN_YEAR}"
# The members of every survey of the year in the communes, in one join: for a whole province
# one pass over the member answers costs less than probing their index once per survey.
_MEMBERS_SQL = f"""
SELECT m.survey_id, {", ".join(f"m.{name}" for name in list(MEMBER_SCHEMA)[1:])}
FROM {_M} m JOIN {_S} s ON s.id = m.survey_id JOIN {_H} h ON h.id = s.household_id
WHERE {_IN_YEAR}
"""


def _communes_test(commune_ids: list[int]) -> tuple[str, list]:
    if is_postgres():
        return "= ANY(%s)", [list(commune_ids)]
    return f"IN ({', '.join(['%s'] * len(commune_ids))})", list(commune_ids)


@dataclass
class ProvinceFrame:
    commune_ids: list[int]
    year: int
    households: pl.DataFrame
    members: pl.DataFrame
    _statuses: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    # Other reads of the same judgement, started beside the frame's by whoever reads it
    # (`core.frames.in_background`), by name: a Future or a frame.
    extras: dict[str, Any] = field(default_factory=dict, repr=False)

    def extra(self, name: str) -> pl.DataFrame | None:
        """The read started as `name` beside the frame (waiting for it), or None."""
        value = self.extras.get(name)
        return value.result() if isinstance(value, Future) else value

    @property
    def is_empty(self) -> bool:
        return self.households.is_empty()

    def statuses(self, standard: Standard) -> pl.DataFrame:
        """household_id (the survey), status under `standard`: classified once per standard."""
        key = f"{standard.id}:{id(standard)}"
        if key not in self._statuses:
            compact = engine.classify_compact(standard, self.households, self.members)
            self._statuses[key] = compact.select("household_id", pl.col("status").cast(pl.String))
        return self._statuses[key]


def read_province_frame(commune_ids: list[int], year: int) -> ProvinceFrame:
    """The frames of the communes' latest surveys of `year` (see the module's docstring).
    The surveys and their members are read side by side, each on its own connection."""
    test, communes = _communes_test(commune_ids)
    params = [*communes, dt.date(year, 1, 1), dt.date(year, 12, 31)]
    schema = HOUSEHOLD_SCHEMA | REGISTRY_SCHEMA
    if not commune_ids:
        return _empty(commune_ids, year, schema)
    surveys, members = read_arrows(
        [
            (_SURVEYS_SQL.format(communes=test), params, schema),
            (_MEMBERS_SQL.format(communes=test), params, MEMBER_SCHEMA),
        ]
    )
    if surveys.is_empty():
        return _empty(commune_ids, year, schema)
    latest = surveys.sort("household_pk", "survey_date", "version", "household_id").unique(
        subset="household_pk", keep="last", maintain_order=True
    )
    if members.height and latest.height < surveys.height:  # an earlier survey of the year
        members = members.join(latest.select("household_id"), on="household_id", how="semi")
    return ProvinceFrame(list(commune_ids), year, with_region(latest), members)


def _empty(commune_ids: list[int], year: int, schema: dict[str, pl.DataType]) -> ProvinceFrame:
    empty = pl.DataFrame(schema=schema).with_columns(pl.lit(None, pl.String).alias("region"))
    return ProvinceFrame(list(commune_ids), year, empty, pl.DataFrame(schema=MEMBER_SCHEMA))
