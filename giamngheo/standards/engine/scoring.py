"""The B1 score of every household, computed from its raw answers as column expressions.

Where a household has no declared income and no given score, its score is the base score of
its region and area plus the points of every item of the standard's scorecard
(`engine/scorecard.py`); one join brings in the member counts the member items need. The
result replaces the `score` column for those households only: a declared income is never
replaced, nor a score given by the caller.
"""

from __future__ import annotations

import polars as pl

from giamngheo.standards.engine.derive import KEY, _conformed, _member_names
from giamngheo.standards.engine.errors import EngineInputError
from giamngheo.standards.engine.expressions import MEMBER_NAMES
from giamngheo.standards.engine.scorecard import Scorecard, ScoreItem
from giamngheo.standards.engine.standard import Standard

INCOME = "income_per_capita_month"
SCORE = "score"
REGION = "region"
_COUNT = "__b1_count_"


def missing_answers(scorecard: Scorecard, households: pl.Schema, members: pl.Schema | None) -> list[str]:
    """The answers the scorecard's items read that the frames do not give (member answers
    prefixed `members.`); empty when every score can be computed."""
    missing = sorted({REGION, "area"} - set(households))
    for item in scorecard.items:
        if not item.on_members:
            missing += [item.answer] if item.answer not in households else []
            continue
        if members is None:
            missing.append("members (no members frame)")
            continue
        available = set(_member_names(members, households))
        missing += [f"members.{name}" for name in sorted(item.reads - available)]
    return sorted(set(missing))


def can_compute(standard: Standard, households: pl.Schema, members: pl.Schema | None) -> bool:
    scorecard = standard.scorecard
    return (
        scorecard is not None and scorecard.computable and not missing_answers(scorecard, households, members)
    )


def needs_computing(households: pl.DataFrame | pl.LazyFrame) -> bool:
    """False when an in-memory frame gives every household an income or a score: then nothing
    is computed (the member counts cost a pass over the members)."""
    if not isinstance(households, pl.DataFrame):
        return True
    measured = pl.lit(False)
    if INCOME in households.columns:
        measured = measured | pl.col(INCOME).is_not_null()
    if SCORE in households.columns:
        measured = measured | pl.col(SCORE).is_not_null()
    return not households.select(measured.all()).item()


def with_computed_scores(
    standard: Standard, households: pl.LazyFrame, members: pl.LazyFrame | None
) -> pl.LazyFrame:
    """`households` whose `score` is the given score, else (where income is missing) the score
    computed from the answers; call only when `can_compute`."""
    scorecard = standard.scorecard
    member_items = [item for item in scorecard.items if item.on_members]
    if member_items:
        households = _with_member_counts(households, members, member_items)
    computed = _total(scorecard)
    schema = households.collect_schema()
    given = pl.col(SCORE).cast(pl.Float64) if SCORE in schema else pl.lit(None, pl.Float64)
    score = pl.coalesce(given, pl.when(pl.col(INCOME).is_null()).then(computed))
    return households.with_columns(score.alias(SCORE)).drop([_COUNT + item.code for item in member_items])


def _total(scorecard: Scorecard) -> pl.Expr:
    key = pl.concat_str([pl.col(REGION), pl.col("area")], separator="|")
    table = {f"{region}|{area}": value for (region, area), value in scorecard.base_scores.items()}
    total = key.replace_strict(table, default=None, return_dtype=pl.Float64)
    for item in scorecard.items:
        total = total + item_points(item)
    return total


def item_points(item: ScoreItem) -> pl.Expr:
    """The points one item gives each household (null when its answer is missing)."""
    if item.kind == "options":
        answer = pl.col(item.answer)
        if item.options() == ("true", "false"):
            chosen = answer.cast(pl.Boolean)
            points = (
                pl.when(chosen).then(item.points.get("true", 0.0)).otherwise(item.points.get("false", 0.0))
            )
        else:
            points = answer.cast(pl.String).replace_strict(item.points, default=0.0, return_dtype=pl.Float64)
        return pl.when(answer.is_null()).then(None).otherwise(points).cast(pl.Float64)
    units = pl.col(_COUNT + item.code) if item.on_members else pl.col(item.answer)
    units = units.cast(pl.Float64).clip(lower_bound=0.0)
    if item.cap is not None:
        units = units.clip(upper_bound=item.cap)
    return units * item.per_unit


def _with_member_counts(
    households: pl.LazyFrame, members: pl.LazyFrame | None, items: list[ScoreItem]
) -> pl.LazyFrame:
    """One `__b1_count_<code>` column per member item: how many of the household's members its
    test holds for (0 for a household without member rows)."""
    if members is None:
        raise EngineInputError("the B1 member items need a members frame")
    reads = set().union(*(item.reads for item in items))
    members = _conformed(members, reads | {"age", "birth_date", "birth_year", "sex"}, MEMBER_NAMES, "members")
    household_schema = households.collect_schema()
    names = _member_names(members.collect_schema(), household_schema)
    derived = {name: names[name] for name in reads if not names[name].meta.eq(pl.col(name))}
    if any("survey_date" in expr.meta.root_names() for expr in derived.values()):
        members = members.join(households.select(KEY, "survey_date"), on=KEY, how="left")
    if derived:
        members = members.with_columns(expr.alias(name) for name, expr in derived.items())
    counts = members.group_by(KEY).agg(
        item.where.to_polars().fill_null(False).cast(pl.UInt32).sum().alias(_COUNT + item.code)
        for item in items
    )
    joined = households.join(counts, on=KEY, how="left", maintain_order="left")
    return joined.with_columns(pl.col(_COUNT + item.code).fill_null(0) for item in items)
