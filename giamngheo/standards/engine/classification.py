"""Classify households under a standard: one lazy Polars query over the whole frame, one collect."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import polars as pl

from giamngheo.standards.engine import scoring
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.derive import KEY, flag_column, member_segments, with_deprivation_flags
from giamngheo.standards.engine.errors import EngineInputError
from giamngheo.standards.engine.explain import groups_for, reason_from_key, reason_key, template_from_key
from giamngheo.standards.engine.rules import (
    INCOME,
    REGION,
    SCORE,
    URBAN_FLAG,
    branch,
    for_area,
    income_band,
    status,
    uses_score,
)
from giamngheo.standards.engine.standard import Standard

OUTPUT_COLUMNS = [
    "household_id",
    "standard",
    "status",
    "income_line",
    "deprivation_count",
    "deprived",
    "reason",
]
DEPRIVED_MASK = "deprived_mask"
REASON_KEY = "reason_key"
_BAD_AREA = "__bad_area"
_NO_INCOME = "__no_income"

FrameLike = pl.DataFrame | pl.LazyFrame


def classify(
    standard: Standard,
    households: FrameLike,
    members: FrameLike | None = None,
    *,
    include_flags: bool = False,
    reasons: Literal["text", "template"] = "text",
) -> pl.DataFrame:
    """One row per household, in the input order: household_id, standard, status, income_line,
    deprivation_count, deprived (codes `;`-joined in the standard's order), reason; with
    `include_flags`, also one Boolean `d_<code>` column per indicator; where incomes may be
    estimated by score, last the `score` each household was judged on (given, or computed from
    its B1 answers when it has neither income nor score). With `reasons="template"`
    the reason comes as `reason_template`, its own figures left out (`explain.render_reason`
    fills them in): what a store that keeps each distinct text once needs.

    `households` needs household_id, area ('rural'/'urban'), income_per_capita_month (VND per
    person per month; may be null where `region` and a `score`, or the answers the standard's B1
    items read, are given and the standard has a scorecard), and for each indicator either `d_<code>` (0/1) or the raw answers its test reads;
    member-level answers come in `members` (one row per member, keyed by household_id).
    """
    result = _plan(standard, households, members, include_flags=include_flags, reasons=reasons).collect()
    _raise_on_bad_rows(result)
    return _without_checks(result)


def classify_compact(
    standard: Standard,
    households: FrameLike,
    members: FrameLike | None = None,
    *,
    include_flags: bool = False,
) -> pl.DataFrame:
    """What `classify` decides, before any text is built: household_id, status (`pl.Enum`),
    income_line, deprivation_count, `deprived_mask` (bit i: the standard's i-th indicator),
    `reason_key` (which sentence) and the figures the sentence quotes. `render` turns it, or the
    rows of it that are shown or written, into the columns of `classify`."""
    result = _plan(standard, households, members, include_flags=include_flags, reasons="compact").collect()
    _raise_on_bad_rows(result)
    return _without_checks(result)


def classify_lazy(
    standard: Standard,
    households: FrameLike,
    members: FrameLike | None = None,
    *,
    include_flags: bool = False,
    reasons: Literal["text", "template"] = "text",
) -> pl.LazyFrame:
    """`classify` as a lazy query, for a caller that has already checked every area and income
    (the household CSV reader does): it can be streamed to a file without holding every reason."""
    plan = _plan(standard, households, members, include_flags=include_flags, reasons=reasons)
    return plan.drop(_BAD_AREA, _NO_INCOME)


def _plan(
    standard: Standard,
    households: FrameLike,
    members: FrameLike | None,
    *,
    include_flags: bool,
    reasons: Literal["text", "template", "compact"],
) -> pl.LazyFrame:
    lazy = _readable_only(households.lazy())
    ages_complete = _ages_complete(members)
    segments = (
        member_segments(households, members)
        if isinstance(households, pl.DataFrame) and isinstance(members, pl.DataFrame)
        else None
    )
    if members is not None:
        members = _readable_only(members.lazy())
    schema = lazy.collect_schema()
    missing = [name for name in (KEY, "area") if name not in schema]
    member_schema = members.collect_schema() if members is not None else None
    computing = scoring.can_compute(standard, schema, member_schema) and scoring.needs_computing(households)
    by_score = uses_score(standard, set(schema) | ({SCORE} if computing else set()))
    if INCOME not in schema:
        if not by_score:
            missing.append(INCOME)
        lazy = lazy.with_columns(pl.lit(None, pl.Int64).alias(INCOME))
    if missing:
        raise EngineInputError(f"households: required column {missing[0]} is missing")
    income_type = lazy.collect_schema()[INCOME]
    if income_type == pl.Null:
        lazy = lazy.with_columns(pl.col(INCOME).cast(pl.Int64))
    elif not income_type.is_integer():
        raise EngineInputError(
            f"households: {INCOME} must hold whole VND amounts (integers), not {income_type}"
        )
    if computing:
        lazy = scoring.with_computed_scores(standard, lazy, members)
    lazy = lazy.with_columns((pl.col("area") == v.URBAN).alias(URBAN_FLAG))
    flagged = with_deprivation_flags(standard, lazy, members, ages_complete=ages_complete, segments=segments)

    flags = [pl.col(flag_column(code)) for code in standard.indicator_codes]
    # The count is the number of bits of the deprived mask: one pass over the flags for both.
    count = pl.col(DEPRIVED_MASK).bitwise_count_ones().cast(pl.Int64) if flags else pl.lit(0, pl.Int64)
    measured = pl.col(INCOME).is_not_null()
    if by_score:
        measured = measured | (pl.col(SCORE).is_not_null() & pl.col(REGION).is_in(list(v.REGIONS)))
    staged = (
        flagged.with_columns(_deprived_mask(standard).alias(DEPRIVED_MASK))
        .with_columns(
            count.alias("deprivation_count"),
            income_band(standard, by_score).alias("__band"),
            (~(pl.col(URBAN_FLAG) | (pl.col("area") == v.RURAL)).fill_null(False)).alias(_BAD_AREA),
            (~measured).alias(_NO_INCOME),
        )
        .with_columns(branch(standard, pl.col("__band"), pl.col("deprivation_count")).alias("__branch"))
    )
    poor_line = standard.income_lines["poor"]
    compact = staged.select(
        KEY,
        status(pl.col("__branch")).alias("status"),
        for_area(poor_line.rural, poor_line.urban).cast(pl.Int64).alias("income_line"),
        "deprivation_count",
        DEPRIVED_MASK,
        reason_key(pl.col("__branch"), by_score).alias(REASON_KEY),
        INCOME,
        *([SCORE] if by_score else []),
        *(
            flag.alias(f"d_{code}")
            for code, flag in zip(standard.indicator_codes, flags, strict=True)
            if include_flags
        ),
        _BAD_AREA,
        _NO_INCOME,
    )
    if reasons == "compact":
        return compact
    groups = groups_for(_largest_income(households))
    return _rendered(
        standard, compact, include_flags=include_flags, reasons=reasons, by_score=by_score, groups=groups
    )


def render(
    standard: Standard, compact: FrameLike, *, reasons: Literal["text", "template"] = "text"
) -> pl.DataFrame:
    """The columns of `classify` from the frame of `classify_compact` (for the rows shown or written)."""
    lazy = compact.lazy()
    names = lazy.collect_schema().names()
    by_score = SCORE in names
    include_flags = any(name.startswith("d_") for name in names)
    groups = groups_for(_largest_income(compact))
    return _rendered(
        standard, lazy, include_flags=include_flags, reasons=reasons, by_score=by_score, groups=groups
    ).collect()


def _largest_income(frame: FrameLike) -> int | None:
    """The largest income of an in-memory frame (its reasons then format only the digit groups
    it needs); None for a lazy one."""
    if not isinstance(frame, pl.DataFrame) or INCOME not in frame.columns:
        return None
    if not frame.schema[INCOME].is_integer():
        return None
    largest = frame.get_column(INCOME).max()
    return None if largest is None else int(largest)


def _rendered(
    standard: Standard,
    compact: pl.LazyFrame,
    *,
    include_flags: bool,
    reasons: Literal["text", "template"],
    by_score: bool,
    groups: int = 7,
) -> pl.LazyFrame:
    key, count = pl.col(REASON_KEY), pl.col("deprivation_count")
    names = compact.collect_schema().names()
    return compact.select(
        KEY,
        pl.lit(standard.id).alias("standard"),
        pl.col("status").cast(pl.String),
        "income_line",
        "deprivation_count",
        _codes_of_mask(standard, pl.col(DEPRIVED_MASK)).alias("deprived"),
        (
            template_from_key(standard, key, by_score).alias("reason_template")
            if reasons == "template"
            else reason_from_key(standard, key, count, by_score, groups).alias("reason")
        ),
        *(f"d_{code}" for code in standard.indicator_codes if include_flags),
        *([SCORE] if by_score else []),
        *(name for name in (_BAD_AREA, _NO_INCOME) if name in names),
    )


def _ages_complete(members: FrameLike | None) -> bool:
    """True when an in-memory members frame gives every member's age: then the ages need not
    be derived from birth dates (which costs a join of every member with its survey date)."""
    return isinstance(members, pl.DataFrame) and "age" in members.columns and not members["age"].null_count()


def _deprived_mask(standard: Standard) -> pl.Expr:
    """The indicators a household is deprived on, as the bits of one number (bit i: the
    standard's i-th indicator)."""
    if not standard.indicators:
        return pl.lit(0, pl.UInt16)
    bits = [
        pl.col(flag_column(code)).cast(pl.UInt16) * (1 << i)
        for i, code in enumerate(standard.indicator_codes)
    ]
    return pl.sum_horizontal(bits)


def _codes_of_mask(standard: Standard, mask: pl.Expr) -> pl.Expr:
    """The `;`-joined codes of the indicators a household is deprived on, in the standard's order,
    picked by the mask from a table of every combination (4,096 for 12 indicators): much faster
    than joining strings row by row."""
    if not standard.indicators:
        return pl.lit("")
    return pl.lit(_code_lists(standard.indicator_codes)).gather(mask)


@lru_cache(maxsize=32)
def _code_lists(codes: tuple[str, ...]) -> pl.Series:
    texts = [
        ";".join(code for i, code in enumerate(codes) if mask >> i & 1) for mask in range(1 << len(codes))
    ]
    return pl.Series(texts, dtype=pl.String)


def _without_checks(result: pl.DataFrame) -> pl.DataFrame:
    """The result without its two check columns, sharing the other columns' memory (an eager
    `drop` goes through the query engine: 4-7 ms on a million rows, half the compute)."""
    return pl.DataFrame(
        [column for column in result.get_columns() if column.name not in (_BAD_AREA, _NO_INCOME)]
    )


def _raise_on_bad_rows(result: pl.DataFrame) -> None:
    checks = {
        _BAD_AREA: "area must be 'rural' or 'urban'",
        _NO_INCOME: (
            "income_per_capita_month is empty and no B1 score (given, or computed from the answers) "
            "with a known region stands in for it"
        ),
    }
    if not any(result.select(pl.col(column).any() for column in checks).row(0)):
        return
    for column, problem in checks.items():
        bad = result.filter(pl.col(column))
        if bad.height:
            raise EngineInputError(
                f"{problem}: {bad.height} household(s), the first being household_id {bad[KEY][0]!r}"
            )


# Every column a standard can read: keys, answers, survey context and `d_<code>` flags.
READABLE = frozenset(
    {KEY, *v.HOUSEHOLD_ANSWERS, *v.MEMBER_ANSWERS, *v.SURVEY_CONTEXT, *v.MEMBER_BIRTH_ANSWERS}
    | {f"d_{code}" for code in v.INDICATOR_CODES}
)


def _readable_only(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Drop what no standard reads (names, addresses, registry ids): carrying those through
    the member aggregation and joins costs more than the classification itself."""
    return frame.select([name for name in frame.collect_schema().names() if name in READABLE])
