"""The one frame every official report is counted from: a row per commune and household
classified in the area in the review year (its latest official classification of the year
under the standard, as the summary tables pick it) or in the previous year (any standard,
for the movements), read with a handful of set-based queries and joined in Polars.

Columns: `commune_id`, `household_id`, `village_id`, `status` ("" when not classified in
the commune this year), `status_from` ("" when not classified in the commune last year),
`was_poor_before` (poor in an official result before last year), `people`, one `d_<code>`
per indicator of the standard, the household's flags, the survey's causes of poverty and
wish to escape, `head_ethnicity`, one `support_<group>` per support group received in the
year, and the children's deprivation counts.
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl

from giamngheo.core.frames import Read, ids_read, is_postgres, read_all, read_by_ids
from giamngheo.households.models import CAUSE_FIELDS
from giamngheo.reports.official.layout import SUPPORT_GROUPS
from giamngheo.reports.official.support import support_delivered
from giamngheo.standards import engine

HOUSEHOLD_FLAGS = ("ethnic_minority", "meritorious", "no_labour_capacity", "indigenous", "agricultural")
FACTS = (*CAUSE_FIELDS, "wishes_to_escape")
PACKED = (*FACTS, *HOUSEHOLD_FLAGS)
CHILD_COUNTS = ("children", "child_no_insurance", "child_malnourished", "child_out_of_school")


@dataclass(frozen=True)
class Scope:
    """The communes counted: a province's (`province_id`) or one commune's."""

    province_id: int | None = None
    commune_id: int | None = None

    def condition(self, alias: str) -> tuple[str, list[int]]:
        if self.commune_id is not None:
            return f"{alias}.commune_id = %s", [self.commune_id]
        return f"{alias}.province_id = %s", [self.province_id]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# Booleans travel packed in one integer (bit i = `PACKED[i]`), and the deprivations, survey
# and village only for the poor and near-poor: a province's frame is read in a third of the bytes.
_CURRENT_SQL = """
SELECT c.commune_id, c.household_id, {created}, c.id, c.status,
       CASE WHEN {helped} THEN c.deprived END, CASE WHEN {helped} THEN c.survey_id END,
       s.members, {packed}, CASE WHEN {helped} THEN h.village_id END
FROM standards_classification c
JOIN households_survey s ON s.id = c.survey_id
JOIN households_household h ON h.id = c.household_id
WHERE {area} AND c.official AND c.standard_id = %s AND s.survey_date BETWEEN %s AND %s
"""
# A run classifies the surveys of its year, so its results need no join with the surveys;
# results of single surveys (no run) are dated through their survey.
_PREVIOUS_SQL = """
SELECT c.commune_id, c.household_id, {created}, c.id, c.status
FROM standards_classification c
WHERE {area} AND c.official AND c.run_id IN (SELECT r.id FROM standards_classificationrun r WHERE r.year = %s)
UNION ALL
SELECT c.commune_id, c.household_id, {created}, c.id, c.status
FROM standards_classification c
JOIN households_survey s ON s.id = c.survey_id
WHERE {area} AND c.official AND c.run_id IS NULL AND s.survey_date BETWEEN %s AND %s
"""
_POOR_BEFORE_SQL = """
SELECT DISTINCT c.household_id
FROM standards_classification c
JOIN households_survey s ON s.id = c.survey_id
WHERE c.official AND c.status = 'poor' AND s.survey_date < %s AND c.household_id {ids}
"""
_HEADS_SQL = """
SELECT m.household_id, m.ethnicity FROM households_member m
WHERE m.relation = 'head' AND m.status = 'present' AND m.household_id {ids}
"""
_CHILDREN_SQL = """
SELECT a.survey_id, a.age, a.has_health_insurance, a.malnourished, a.schooling
FROM households_surveymember a
WHERE a.age < 16 AND a.survey_id {ids}
"""


def _created() -> tuple[str, pl.DataType]:
    """`created_at` in an order-preserving form: microseconds since 1970 on PostgreSQL
    (half the bytes of its text, and integers sort faster), SQLite's own text otherwise."""
    if is_postgres():
        return "(EXTRACT(EPOCH FROM c.created_at) * 1000000)::bigint", pl.Int64
    return "c.created_at", pl.String


def _latest(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return frame.sort(["created_at", "id"], descending=True).unique(subset=keys, keep="first")


def _packed_sql() -> str:
    return " + ".join(
        f"(CASE WHEN {'s' if name in FACTS else 'h'}.{name} THEN {1 << bit} ELSE 0 END)"
        for bit, name in enumerate(PACKED)
    )


def _current_read(scope: Scope, year: int, standard_id: str) -> Read:
    area, params = scope.condition("c")
    created, created_type = _created()
    schema = {
        "commune_id": pl.Int64, "household_id": pl.Int64, "created_at": created_type, "id": pl.Int64,
        "status": pl.String, "deprived": pl.String, "survey_id": pl.Int64, "people": pl.Int64,
        "packed": pl.Int64, "village_id": pl.Int64,
    }  # fmt: skip
    helped = "c.status IN ('poor', 'near_poor')"
    query = _CURRENT_SQL.format(area=area, helped=helped, packed=_packed_sql(), created=created)
    return query, [*params, standard_id, *year_bounds(year)], schema


def _current(frame: pl.DataFrame) -> pl.DataFrame:
    latest = _latest(frame, ["commune_id", "household_id"]).drop("created_at", "id")
    return latest.with_columns(
        ((pl.col("packed") & (1 << bit)) != 0).alias(name) for bit, name in enumerate(PACKED)
    ).drop("packed")


def _previous_read(scope: Scope, year: int) -> Read:
    area, params = scope.condition("c")
    created, created_type = _created()
    schema = {
        "commune_id": pl.Int64, "household_id": pl.Int64, "created_at": created_type, "id": pl.Int64,
        "status_from": pl.String,
    }  # fmt: skip
    bounds = year_bounds(year - 1)
    return _PREVIOUS_SQL.format(area=area, created=created), [*params, year - 1, *params, *bounds], schema


def _previous(frame: pl.DataFrame) -> pl.DataFrame:
    return _latest(frame, ["household_id"]).drop("created_at", "id")


def _indicator_flags(frame: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    deprived = pl.col("deprived").fill_null("").str.split(";")
    return frame.with_columns(deprived.list.contains(code).alias(f"d_{code}") for code in codes).drop(
        "deprived"
    )


_CHILD_SCHEMA = {
    "survey_id": pl.Int64, "age": pl.Int64, "has_health_insurance": pl.Boolean,
    "malnourished": pl.Boolean, "schooling": pl.String,
}  # fmt: skip


def _children(answers: pl.DataFrame) -> pl.DataFrame:
    return answers.group_by("survey_id").agg(
        pl.len().cast(pl.Int64).alias("children"),
        (~pl.col("has_health_insurance")).sum().cast(pl.Int64).alias("child_no_insurance"),
        pl.col("malnourished").sum().cast(pl.Int64).alias("child_malnourished"),
        ((pl.col("age") >= 3) & (pl.col("schooling") != "right_level"))
        .sum()
        .cast(pl.Int64)
        .alias("child_out_of_school"),
    )


def _by_ids(reads: list[tuple[str, list, list[int], dict]], large: bool) -> list[pl.DataFrame]:
    """Reads of the households or surveys already chosen: side by side for a province."""
    if not is_postgres():
        return [read_by_ids(*read) for read in reads]
    return read_all([ids_read(*read) for read in reads], large=large)


def _support(household_ids: list[int], year: int) -> pl.DataFrame:
    records = support_delivered(household_ids, *year_bounds(year))
    by_category = {category: group for group, categories in SUPPORT_GROUPS.items() for category in categories}
    other = next(group for group, categories in SUPPORT_GROUPS.items() if not categories)
    records = records.with_columns(
        pl.col("category").replace_strict(by_category, default=other).alias("group")
    )
    return records.group_by("household_id").agg(
        pl.col("group").is_in([group]).any().alias(f"support_{group}") for group in SUPPORT_GROUPS
    )


def report_frame(scope: Scope, year: int, standard_id: str) -> pl.DataFrame:
    """The frame every official report of the scope, year and standard counts from. A
    province's reads run side by side, each on its own connection (`core.frames.read_arrows`):
    first the classifications of the two years, then the facts of the households they choose."""
    large = scope.province_id is not None
    codes = [indicator.code for indicator in engine.load_standard(standard_id).indicators]
    current, previous = read_all(
        [_current_read(scope, year, standard_id), _previous_read(scope, year)], large=large
    )
    current = _indicator_flags(_current(current), codes)
    frame = current.join(_previous(previous), on=["commune_id", "household_id"], how="full", coalesce=True)
    frame = frame.with_columns(pl.col("status").fill_null(""), pl.col("status_from").fill_null(""))
    newly_poor = frame.filter((pl.col("status") == "poor") & (pl.col("status_from") != "poor"))
    helped = frame.filter(pl.col("status").is_in(["poor", "near_poor"]))
    helped_ids = helped["household_id"].unique().sort().to_list()
    poor_before, heads, answers = _by_ids(
        [
            (
                _POOR_BEFORE_SQL,
                [year_bounds(year - 1)[0]],
                newly_poor["household_id"].unique().sort().to_list(),
                {"household_id": pl.Int64},
            ),
            (_HEADS_SQL, [], helped_ids, {"household_id": pl.Int64, "head_ethnicity": pl.String}),
            (_CHILDREN_SQL, [], helped["survey_id"].drop_nulls().unique().sort().to_list(), _CHILD_SCHEMA),
        ],
        large,
    )
    poor_before = poor_before.with_columns(pl.lit(True).alias("was_poor_before"))
    heads = heads.unique(subset=["household_id"], keep="first")
    support = _support(helped_ids, year)
    frame = (
        frame.join(poor_before, on="household_id", how="left")
        .join(heads, on="household_id", how="left")
        .join(_children(answers), on="survey_id", how="left")
        .join(support, on="household_id", how="left")
    )
    booleans = [*FACTS, *HOUSEHOLD_FLAGS, "was_poor_before", *(f"d_{c}" for c in codes)]
    booleans += [f"support_{group}" for group in SUPPORT_GROUPS]
    return frame.with_columns(
        *(pl.col(name).fill_null(False) for name in booleans),
        *(pl.col(name).fill_null(0) for name in (*CHILD_COUNTS, "people")),
    )
