"""Deprivation flags, one Boolean column per indicator, for the whole frame at once.

For each indicator of the standard, in this order of precedence:
1. a non-null value in the household's `d_<code>` column (0/1 or Boolean) is taken as given;
2. otherwise the flag is derived from raw answers with the standard's test: household-level
   tests on the household row, member-level tests on every member row, then aggregated per
   household (`any_member`, `share_of_members`) in one pass for all indicators: when the
   members come grouped by household in the households' order (`member_segments`), as
   counts over each household's run of rows (running sums read at the run ends, no hashing);
   otherwise with one group-by and join;
3. what is still unknown (an unanswered question, a household without member rows) counts
   as not deprived.

An indicator with neither a `d_<code>` column nor the raw answers its test reads is an
`EngineInputError` naming both.
"""

from __future__ import annotations

import polars as pl

from giamngheo.standards.engine.ages import (
    birth_date_from_year,
    completed_months,
    completed_years,
    working_age,
)
from giamngheo.standards.engine.errors import EngineInputError
from giamngheo.standards.engine.expressions import AnswerType
from giamngheo.standards.engine.standard import HOUSEHOLD_NAMES, MEMBER_NAMES, Indicator, Standard

KEY = "household_id"
FLAG_PREFIX = "__d_"  # internal flag columns; `d_<code>` is the caller's


def flag_column(code: str) -> str:
    return f"{FLAG_PREFIX}{code}"


def member_segments(households: pl.DataFrame, members: pl.DataFrame) -> pl.Series | None:
    """How many member rows each household has, when the members come as one run of rows per
    household in the households' own order (as a store or a generator gives them); None
    otherwise, or when a key is missing or repeated (then members are matched by a join)."""
    if KEY not in households.columns or KEY not in members.columns or households.height == 0:
        return None
    keys, member_keys = households.get_column(KEY), members.get_column(KEY)
    if keys.dtype != member_keys.dtype or keys.null_count() or member_keys.null_count():
        return None
    runs = member_keys.rle()
    if runs.len() != keys.len() or not (runs.struct.field("value") == keys).all():
        return None
    return runs.struct.field("len").cast(pl.UInt32).rename("__size")


def with_deprivation_flags(
    standard: Standard,
    households: pl.LazyFrame,
    members: pl.LazyFrame | None,
    *,
    ages_complete: bool = False,
    segments: pl.Series | None = None,
) -> pl.LazyFrame:
    """`households` with one Boolean `__d_<code>` column per indicator of the standard.
    `ages_complete`: every member row has an `age`, so none needs deriving from a birth date.
    `segments`: `member_segments` of the two frames, when the members are grouped that way."""
    household_reads = {
        n for i in standard.indicators if not i.test.on_members for n in i.test.expression.names
    }
    member_reads = {n for i in standard.indicators if i.test.on_members for n in i.test.expression.names}
    households = _conformed(households, household_reads, HOUSEHOLD_NAMES, "households")
    household_schema = households.collect_schema()
    member_schema = None
    if members is not None:
        members = _conformed(
            members, member_reads | {"age", "birth_date", "birth_year", "sex"}, MEMBER_NAMES, "members"
        )
        member_schema = members.collect_schema()
    member_names = _member_names(member_schema, household_schema, ages_complete)
    member_tests: list[Indicator] = []
    flags: dict[str, pl.Expr] = {}
    for indicator in standard.indicators:
        given = _given_flag(indicator, household_schema)
        derivable = _check_derivable(
            standard, indicator, household_schema, member_schema, member_names, given
        )
        derived = None
        if derivable and indicator.test.on_members:
            member_tests.append(indicator)
            derived = pl.col(flag_column(indicator.code))
        elif derivable:
            derived = indicator.test.expression.to_polars()
        parts = [part for part in (given, derived) if part is not None]
        flags[indicator.code] = pl.coalesce(parts).fill_null(False)
    if member_tests:
        households = _join_member_flags(
            households, members, member_schema, household_schema, member_names, member_tests, segments
        )
    return households.with_columns(expr.alias(flag_column(code)) for code, expr in flags.items())


def _conformed(
    frame: pl.LazyFrame, names: set[str], types: dict[str, AnswerType], label: str
) -> pl.LazyFrame:
    """The answer columns the tests read, in the types they expect: yes/no answers given as 0/1
    become Boolean (`not` on an integer would flip bits), all-empty columns get the answer's type,
    and a column of the wrong kind is an error naming it."""
    schema = frame.collect_schema()
    casts = []
    for name in sorted(names & set(schema)):
        kind, dtype = types[name].kind, schema[name]
        target = {"bool": pl.Boolean, "number": pl.Float64, "string": pl.String, "date": pl.Date}[kind]
        fits = {
            "bool": dtype == pl.Boolean,
            "number": dtype.is_numeric(),
            "string": dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum),
            "date": dtype == pl.Date,
        }[kind]
        if fits:
            continue
        if dtype == pl.Null or (kind == "bool" and dtype.is_integer()):
            casts.append(pl.col(name).cast(target))
        else:
            raise EngineInputError(f"{label}: column {name} must hold {_KIND_NAMES[kind]}, not {dtype}")
    return frame.with_columns(casts) if casts else frame


_KIND_NAMES = {"bool": "true/false or 0/1", "number": "numbers", "string": "text", "date": "dates"}


def _given_flag(indicator: Indicator, schema: pl.Schema) -> pl.Expr | None:
    if indicator.column not in schema:
        return None
    dtype = schema[indicator.column]
    if dtype == pl.Boolean:
        return pl.col(indicator.column)
    if dtype.is_integer() or dtype == pl.Null:
        return pl.col(indicator.column).cast(pl.Boolean)
    raise EngineInputError(f"column {indicator.column} must hold 0/1 or true/false, not {dtype}")


def _check_derivable(
    standard: Standard,
    indicator: Indicator,
    household_schema: pl.Schema,
    member_schema: pl.Schema | None,
    member_names: dict[str, pl.Expr],
    given: pl.Expr | None,
) -> bool:
    needed = indicator.test.expression.names
    if indicator.test.on_members:
        missing = needed - set(member_names) if member_schema is not None else needed
    else:
        missing = needed - set(household_schema)
    if not missing:
        return True
    if given is not None:
        return False
    where = "member" if indicator.test.on_members else "household"
    detail = "no members frame was given" if member_schema is None and indicator.test.on_members else ""
    raise EngineInputError(
        f"standard {standard.id}, indicator {indicator.code!r}: give column {indicator.column} (0/1) or the "
        f"{where} answers to derive it; missing: {', '.join(sorted(missing))}"
        + (f" ({detail})" if detail else "")
    )


def _member_names(
    member_schema: pl.Schema | None, household_schema: pl.Schema, ages_complete: bool = False
) -> dict[str, pl.Expr]:
    """How each name a member test may read is obtained: the member columns as given, plus
    `age` and `birth_year` derived from whichever dates exist (reading the household's survey_date)."""
    if member_schema is None:
        return {}
    expressions = {name: pl.col(name) for name in member_schema if name != KEY}
    survey = "survey_date" in household_schema
    on = pl.col("survey_date")
    age_sources = [pl.col("age")] if "age" in member_schema else []
    derive_ages = survey and not (ages_complete and age_sources)
    if derive_ages and "birth_date" in member_schema:
        age_sources.append(completed_years(pl.col("birth_date"), on))
    if derive_ages and "birth_year" in member_schema:
        age_sources.append(completed_years(birth_date_from_year(pl.col("birth_year")), on))
    year_sources = [pl.col("birth_year")] if "birth_year" in member_schema else []
    if "birth_date" in member_schema:
        year_sources.append(pl.col("birth_date").dt.year().cast(pl.Int64))
    if survey and "age" in member_schema:
        # Only an age: the birth year is taken as survey year - age (right for most of the year).
        year_sources.append(on.dt.year().cast(pl.Int64) - pl.col("age"))
    for name, sources in (("age", age_sources), ("birth_year", year_sources)):
        if sources:
            expressions[name] = pl.coalesce(sources) if len(sources) > 1 else sources[0]
    if survey and "sex" in member_schema:
        expressions |= _working_age(member_schema, on)
    return expressions


def _working_age(member_schema: pl.Schema, on: pl.Expr) -> dict[str, pl.Expr]:
    """`working_age` from the most precise age known: a birth date, else whole years, else a birth year."""
    months = []
    if "birth_date" in member_schema:
        months.append(completed_months(pl.col("birth_date"), on))
    if "age" in member_schema:
        months.append(pl.col("age").cast(pl.Int64) * 12)
    if "birth_year" in member_schema:
        months.append(completed_months(birth_date_from_year(pl.col("birth_year")), on))
    if not months:
        return {}
    return {"working_age": working_age(pl.coalesce(months), pl.col("sex"), on)}


def _join_member_flags(
    households: pl.LazyFrame,
    members: pl.LazyFrame,
    member_schema: pl.Schema,
    household_schema: pl.Schema,
    member_names: dict[str, pl.Expr],
    indicators: list[Indicator],
    segments: pl.Series | None = None,
) -> pl.LazyFrame:
    if KEY not in member_schema:
        raise EngineInputError(f"the members frame needs a {KEY} column")
    if member_schema[KEY] != household_schema[KEY]:
        raise EngineInputError(
            f"{KEY} is {household_schema[KEY]} in households but {member_schema[KEY]} in members"
        )
    read = set().union(*(indicator.test.expression.names for indicator in indicators))
    derived = {name: member_names[name] for name in read if not member_names[name].meta.eq(pl.col(name))}
    if any("survey_date" in expr.meta.root_names() for expr in derived.values()):
        if household_schema["survey_date"] not in (pl.Date, pl.Datetime):
            raise EngineInputError(f"survey_date must be a date, not {household_schema['survey_date']}")
        if segments is not None:
            # Each member row takes its household's date by position: its run's number.
            dates = households.select(pl.col("survey_date").gather(_run_numbers(segments)))
            members = pl.concat([members, dates], how="horizontal")
        else:
            members = members.join(
                households.select(KEY, "survey_date"), on=KEY, how="left", maintain_order="left"
            )
    if derived:
        members = members.with_columns(expr.alias(name) for name, expr in derived.items())
    per_member = members.select(
        KEY,
        *(
            indicator.test.expression.to_polars().fill_null(False).alias(flag_column(indicator.code))
            for indicator in indicators
        ),
    )
    if segments is not None:
        return _segment_flags(households, per_member, indicators, segments)
    per_household = per_member.group_by(KEY).agg(_aggregate(indicator) for indicator in indicators)
    joined = households.join(per_household, on=KEY, how="left", maintain_order="left")
    return joined


def _run_numbers(segments: pl.Series) -> pl.Series:
    """0, 0, 0, 1, 1, 2... : each member row's household position, from the run lengths."""
    return pl.int_range(0, segments.len(), dtype=pl.UInt32, eager=True).repeat_by(segments).explode()


def _segment_flags(
    households: pl.LazyFrame, per_member: pl.LazyFrame, indicators: list[Indicator], segments: pl.Series
) -> pl.LazyFrame:
    """Every member flag counted per household in one pass over the members: the running sum
    of a flag read at each run's last row, less the same at the run before."""
    ends = (segments.cum_sum() - 1).cast(pl.UInt32)
    size = pl.lit(segments)

    def counted(indicator: Indicator) -> pl.Expr:
        running = pl.col(flag_column(indicator.code)).cast(pl.UInt32).cum_sum().gather(ends)
        count = running - running.shift(1, fill_value=0)
        if indicator.test.kind == "any_member":
            return count > 0
        # Strictly more than the share: 2 dependants of 4 members (0.5) is not deprived, 3 of 5 is.
        return (count.cast(pl.Float64) / size.cast(pl.Float64)) > indicator.test.greater_than

    flags = per_member.select(
        counted(indicator).alias(flag_column(indicator.code)) for indicator in indicators
    )
    return pl.concat([households, flags], how="horizontal")


def _aggregate(indicator: Indicator) -> pl.Expr:
    flag = pl.col(flag_column(indicator.code))
    if indicator.test.kind == "any_member":
        return flag.any()
    # Strictly more than the share: 2 dependants of 4 members (0.5) is not deprived, 3 of 5 is.
    return (flag.mean() > indicator.test.greater_than).alias(flag_column(indicator.code))
