"""One unit's frames for a review year, read once and shared by everything that judges the
year's surveys as a whole: a classification run's batch, the impact of a standard change and
the review-quality checks. It
lives here, the lowest layer that owns both the surveys it reads and the classifications it
computes; the apps above receive a `ProvinceFrame` and never read the surveys again.

`households`: each active household's latest submitted survey of the year (latest date,
then version, then id), keyed `household_id` = the survey's id as the engine expects, with
the survey's keys (`survey_frames.HOUSEHOLD_SCHEMA`'s first six columns), the answers read,
the `region`, and the registry's columns (`REGISTRY_SCHEMA`).
`members`: the answers read of those surveys' members. Each standard classifies the frame
once (`statuses`), whoever asks first.

Only the answers the caller's standards read are read (`answers_read`), with those it names
itself: on a province the read is most of the cost, a value a column (42 million member
answers). Without standards every answer is read.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import BooleanField, CharField, PositiveIntegerField, PositiveSmallIntegerField

from giamngheo.core.frames import Packed, in_background, is_postgres, ranges_read, read_arrow, read_arrows
from giamngheo.households.models import CurrentStatus, Household, Survey, SurveyMember
from giamngheo.standards import engine
from giamngheo.standards.engine.standard import Standard
from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, with_region

# From the registry: the status a run refreshes (and the village, where the kept village counts
# move it), the flags the summaries count, and what the checks read.
REGISTRY_SCHEMA: dict[str, pl.DataType] = {
    "current_status": pl.String,
    "village_id": pl.Int64,
    "agricultural": pl.Boolean,
    "ethnic_minority": pl.Boolean,
    "meritorious": pl.Boolean,
    "no_labour_capacity": pl.Boolean,
}
_KEYS = list(HOUSEHOLD_SCHEMA)[
    :6
]  # household_id (the survey), household_pk, province, commune, date, version
_ANSWERS = list(HOUSEHOLD_SCHEMA)[6:]
_MEMBER_ANSWERS = list(MEMBER_SCHEMA)[1:]
# What every standard and the impact read: the area, the size, the income or the B1 score.
ALWAYS_READ = ("area", "members", "income_per_capita_month", "score")
# Every member test may read an age or the working age, derived from the age and the sex.
MEMBERS_ALWAYS_READ = ("age", "sex")

_H, _S, _M = Household._meta.db_table, Survey._meta.db_table, SurveyMember._meta.db_table
_CS = CurrentStatus._meta.db_table
# The registry's columns read from elsewhere than the household's row ('': not classified).
_IN_REGISTRY = {"current_status": "COALESCE(cs.status, '')"}
_HOUSEHOLD_COLUMNS = [n for n in REGISTRY_SCHEMA if n not in _IN_REGISTRY]
# PostgreSQL: the registry's households, then their surveys (and beside them their current
# statuses, kept in a narrow table of their own), then the members of the latest surveys, each
# by the ids the read before gave (`core.frames.ranges_read`) and without a join: the two hash
# joins of surveys, households and members cost the server more than sending the rows (5.5 s
# against 2.2 s of server CPU for the members of a 1,000,000-household province), and joining
# the statuses cost 0.6 s a batch of 380,000 households.
_REGISTRY_SQL = (
    f"SELECT h.id, h.province_id, h.commune_id, {', '.join(f'h.{n}' for n in _HOUSEHOLD_COLUMNS)} "
    f"FROM {_H} h WHERE h.commune_id {{communes}} AND h.is_active"
)
_STATUSES_SQL = f"SELECT cs.household_id, cs.status FROM {_CS} cs WHERE cs.household_id {{ids}}"
_STATUSES_SCHEMA = {"household_pk": pl.Int64, "current_status": pl.String}
# Each with the ids' bounds (`ranges_read`'s `column`): the ranges alone scanned the whole table
# for every batch of a run.
_SURVEYS_SQL = (
    f"SELECT s.id, s.household_id, s.survey_date, s.version{{answers}} FROM {_S} s "
    "WHERE s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s AND s.household_id {{ids}}"
)
_MEMBERS_SQL = f"SELECT m.survey_id{{answers}} FROM {_M} m WHERE m.survey_id {{{{ids}}}}"
# SQLite (and the same on PostgreSQL would be slower): one join each.
_IN_YEAR = (
    "h.commune_id {communes} AND h.is_active AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s"
)
_JOINED_SURVEYS_SQL = (
    "SELECT s.id, h.id, h.province_id, h.commune_id, s.survey_date, s.version{answers}, "
    f"{', '.join(_IN_REGISTRY.get(n, f'h.{n}') for n in REGISTRY_SCHEMA)} "
    f"FROM {_S} s JOIN {_H} h ON h.id = s.household_id LEFT JOIN {_CS} cs ON cs.household_id = h.id "
    f"WHERE {_IN_YEAR}"
)
_JOINED_MEMBERS_SQL = (
    f"SELECT m.survey_id{{answers}} FROM {_M} m JOIN {_S} s ON s.id = m.survey_id "
    f"JOIN {_H} h ON h.id = s.household_id WHERE {_IN_YEAR}"
)


def answers_read(
    standards: Sequence[Standard] | None, extra: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """The survey answers (household, member) classifying under `standards` reads: its
    indicators' tests and, where it can compute a B1 score, its scorecard's items; with
    `extra` (household answers the caller reads itself). None: every answer."""
    if standards is None:
        return list(_ANSWERS), list(_MEMBER_ANSWERS)
    households, members = set(ALWAYS_READ) | set(extra), set(MEMBERS_ALWAYS_READ)
    for standard in standards:
        for indicator in standard.indicators:
            (members if indicator.test.on_members else households).update(indicator.test.expression.names)
        scorecard = standard.scorecard
        for item in scorecard.items if scorecard is not None and scorecard.computable else ():
            (members if item.on_members else households).update(item.reads)
    return [n for n in _ANSWERS if n in households], [n for n in _MEMBER_ANSWERS if n in members]


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

    def can_classify(self, *standards: Standard) -> bool:
        """Whether the frame holds every answer the standards read."""
        households, members = answers_read(standards)
        return set(households) <= set(self.households.columns) and set(members) <= set(self.members.columns)

    def statuses(self, standard: Standard) -> pl.DataFrame:
        """household_id (the survey), status under `standard`: classified once per standard."""
        key = f"{standard.id}:{id(standard)}"
        if key not in self._statuses:
            compact = engine.classify_compact(standard, self.households, self.members)
            self._statuses[key] = compact.select("household_id", pl.col("status").cast(pl.String))
        return self._statuses[key]


def read_province_frame(
    commune_ids: list[int], year: int, standards: Sequence[Standard] | None = None, extra: Iterable[str] = ()
) -> ProvinceFrame:
    """The frames of the communes' latest surveys of `year` (see the module's docstring), with
    the answers `standards` read and the household answers named in `extra`."""
    answers, member_answers = answers_read(standards, extra)
    schema = {**{k: HOUSEHOLD_SCHEMA[k] for k in _KEYS + answers}, **REGISTRY_SCHEMA}
    member_schema = {k: MEMBER_SCHEMA[k] for k in ["household_id", *member_answers]}
    if not commune_ids:
        return _empty(commune_ids, year, schema, member_schema)
    dates = [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    read = _read_by_ids if is_postgres() else _read_joined
    households, members = read(commune_ids, dates, schema, member_schema)
    if households.is_empty():
        return _empty(commune_ids, year, schema, member_schema)
    return ProvinceFrame(list(commune_ids), year, with_region(households), members)


def _latest(surveys: pl.DataFrame) -> pl.DataFrame:
    if not surveys["household_pk"].is_duplicated().any():  # one survey a household: sorting costs more
        return surveys
    return surveys.sort("household_pk", "survey_date", "version", "household_id").unique(
        subset="household_pk", keep="last", maintain_order=True
    )


def _selected(answers: Iterable[str], alias: str) -> str:
    return "".join(f", {alias}.{name}" for name in answers)


def _read_by_ids(
    commune_ids: list[int], dates: list[dt.date], schema: dict, member_schema: dict
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """PostgreSQL: registry, surveys, members, each by the ids of the read before."""
    test, communes = _communes_test(commune_ids)
    registry_schema = {
        k: schema[k] for k in ("household_pk", "province_id", "commune_id", *_HOUSEHOLD_COLUMNS)
    }
    registry = read_arrow(_REGISTRY_SQL.format(communes=test), communes, registry_schema)
    statuses = in_background(
        read_arrow,
        *ranges_read(_STATUSES_SQL, [], registry["household_pk"], _STATUSES_SCHEMA, column="cs.household_id"),
    )
    keys = {k: schema[k] for k in ("household_id", "household_pk", "survey_date", "version")}
    answers = list(schema)[6 : -len(REGISTRY_SCHEMA)]
    surveys = _read_answers(
        _SURVEYS_SQL, "s.household_id", Survey, dates, registry["household_pk"], keys, answers, schema
    )
    registry = registry.join(statuses.result(), on="household_pk", how="left").with_columns(
        pl.col("current_status").fill_null("")
    )
    households = _latest(surveys).join(registry, on="household_pk").select(list(schema))
    keys, answers = {"household_id": pl.Int64}, list(member_schema)[1:]
    members = _read_answers(
        _MEMBERS_SQL,
        "m.survey_id",
        SurveyMember,
        [],
        households["household_id"],
        keys,
        answers,
        member_schema,
    )
    return households, members


def _read_answers(
    template: str,
    column: str,
    model,
    params: list,
    ids: pl.Series,
    keys: dict,
    answers: list[str],
    schema: dict,
) -> pl.DataFrame:
    """`template`'s rows (`{answers}`, then `{ids}`, the test on `column`) for the ids, with the
    keys and the answers; its NOT NULL booleans and choices sent as one number
    (`core.frames.Packed`), or plainly when a value is none of its column's choices."""
    alias = column.split(".")[0]
    plain, packed = _packing(model, answers)
    types = {**keys, **{name: schema[name] for name in answers}}
    if packed.fields:
        query = template.format(
            answers=_selected(plain, alias) + "".join(f", {w}" for w in packed.sql(alias))
        )
        packed_types = {
            **keys,
            **{name: schema[name] for name in plain},
            **dict.fromkeys(packed.words, pl.Int64),
        }
        unpacked = packed.unpacked(read_arrow(*ranges_read(query, params, ids, packed_types, column=column)))
        if unpacked is not None:
            return unpacked.select(list(types))
    query = template.format(answers=_selected(answers, alias))
    return read_arrow(*ranges_read(query, params, ids, types, column=column))


# The bits of the integers packed: PostgreSQL's smallint and integer, not negative (CHECK).
_INTEGER_BITS = {PositiveSmallIntegerField: 15, PositiveIntegerField: 31}


def _packing(model, answers: list[str]) -> tuple[list[str], Packed]:
    """The answers sent plainly, and those packed: NOT NULL booleans, text choices and
    non-negative integers."""
    plain, packed = [], []
    for name in answers:
        column = model._meta.get_field(name)
        if column.null:
            plain.append(name)
        elif isinstance(column, BooleanField):
            packed.append((name, None))
        elif isinstance(column, CharField) and column.choices:
            packed.append((name, tuple(choice for choice, _ in column.choices)))
        elif type(column) in _INTEGER_BITS:
            packed.append((name, _INTEGER_BITS[type(column)]))
        else:
            plain.append(name)
    return plain, Packed(tuple(packed))


def _read_joined(
    commune_ids: list[int], dates: list[dt.date], schema: dict, member_schema: dict
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """SQLite: the surveys with their households, and the members of all the year's surveys."""
    test, communes = _communes_test(commune_ids)
    answers = _selected(list(schema)[6 : -len(REGISTRY_SCHEMA)], "s")
    member_answers = _selected(list(member_schema)[1:], "m")
    surveys, members = read_arrows(
        [
            (_JOINED_SURVEYS_SQL.format(answers=answers, communes=test), [*communes, *dates], schema),
            (
                _JOINED_MEMBERS_SQL.format(answers=member_answers, communes=test),
                [*communes, *dates],
                member_schema,
            ),
        ]
    )
    latest = _latest(surveys)
    if members.height and latest.height < surveys.height:  # an earlier survey of the year
        members = members.join(latest.select("household_id"), on="household_id", how="semi")
    return latest, members


def _empty(commune_ids: list[int], year: int, schema: dict, member_schema: dict) -> ProvinceFrame:
    empty = pl.DataFrame(schema=schema).with_columns(pl.lit(None, pl.String).alias("region"))
    return ProvinceFrame(list(commune_ids), year, empty, pl.DataFrame(schema=member_schema))
