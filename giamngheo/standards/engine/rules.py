"""The classification rules, as Polars expressions over the whole frame.

A household is first placed in an income band by comparing its income (or, when income is
missing, its B1 score) with the standard's lines for its area; "≤" includes the line:

    band 0: at or below the poverty line
    band 1: above it, at or below the near-poor line (2011-2015, 2016-2020 only)
    band 2: above those, at or below the average-living-standard line (where defined)
    band 3: above every line

A rule then turns the band, and whether the household is deprived on at least the standard's
threshold of indicators, into a *branch*: the status plus why. Rules are plain functions of
those two values, written like the law; the engine evaluates a rule once for each of the
eight combinations and every household looks its combination up. The standard file names
its rule; `RULES` holds the three the law has used.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

import polars as pl

from giamngheo.standards.engine.standard import BANDED_LINES, Scorecard, Standard

INCOME = "income_per_capita_month"
SCORE = "score"
REGION = "region"


class Band(IntEnum):
    POOR_LINE = 0
    NEAR_POOR_LINE = 1
    AVERAGE_LINE = 2
    ABOVE = 3


BAND_OF_LINE = {"poor": Band.POOR_LINE, "near_poor": Band.NEAR_POOR_LINE, "average": Band.AVERAGE_LINE}


class Branch(IntEnum):
    POOR_BY_INCOME = 0  # income alone (2011-2015; 2016-2020 at or below the poverty line)
    POOR_BY_DEPRIVATION = 1  # income within the band and deprived on enough indicators
    NEAR_POOR = 2
    AVERAGE = 3
    NOT_POOR = 4


STATUS_OF_BRANCH = {
    Branch.POOR_BY_INCOME: "poor",
    Branch.POOR_BY_DEPRIVATION: "poor",
    Branch.NEAR_POOR: "near_poor",
    Branch.AVERAGE: "average",
    Branch.NOT_POOR: "not_poor",
}


URBAN_FLAG = "__urban"  # area == 'urban', computed once per household by the engine


def for_area(rural: float | None, urban: float | None) -> pl.Expr:
    """The rural or urban value for each household (reads the `__urban` flag)."""
    return pl.when(pl.col(URBAN_FLAG)).then(pl.lit(urban)).otherwise(pl.lit(rural))


def score_threshold(scorecard: Scorecard, line: str) -> pl.Expr:
    """The B1 threshold standing for `line` in each household's region and area (null if unknown)."""
    key = pl.concat_str([pl.col(REGION), pl.col("area")], separator="|")
    table = {f"{region}|{area}": values[line] for (region, area), values in scorecard.thresholds.items()}
    return key.replace_strict(table, default=None, return_dtype=pl.Float64)


def uses_score(standard: Standard, columns: set[str]) -> bool:
    """Whether missing incomes can be replaced by scores: the standard has a scorecard and the
    frame has `score` and `region`."""
    return standard.scorecard is not None and {SCORE, REGION} <= columns


def at_or_below(standard: Standard, line: str, by_score: bool) -> pl.Expr:
    values = standard.income_lines[line]
    income_test = pl.col(INCOME) <= for_area(values.rural, values.urban)
    if not by_score:
        return income_test
    score_test = pl.col(SCORE) <= score_threshold(standard.scorecard, line)
    return pl.when(pl.col(INCOME).is_not_null()).then(income_test).otherwise(score_test)


def income_band(standard: Standard, by_score: bool) -> pl.Expr:
    """Band of each household (see the module docstring), as UInt8: counts the lines its income
    (or score) is above, then names the band."""
    lines = [name for name in BANDED_LINES if standard.line(name)]
    above = pl.sum_horizontal([(~at_or_below(standard, name, by_score)).cast(pl.UInt8) for name in lines])
    bands = [BAND_OF_LINE[name] for name in lines] + [Band.ABOVE]
    return _table(bands).gather(above)


def income_only(band: Band, deprived: bool) -> Branch:
    """2011-2015: income decides alone."""
    return {
        Band.POOR_LINE: Branch.POOR_BY_INCOME,
        Band.NEAR_POOR_LINE: Branch.NEAR_POOR,
        Band.AVERAGE_LINE: Branch.AVERAGE,
    }.get(band, Branch.NOT_POOR)


def income_or_deprivation(band: Band, deprived: bool) -> Branch:
    """2016-2020: at or below the poverty line is poor whatever the deprivations; between the
    poverty and near-poor lines, enough deprivations make a household poor, else near-poor."""
    if band == Band.POOR_LINE:
        return Branch.POOR_BY_INCOME
    if band == Band.NEAR_POOR_LINE:
        return Branch.POOR_BY_DEPRIVATION if deprived else Branch.NEAR_POOR
    return Branch.AVERAGE if band == Band.AVERAGE_LINE else Branch.NOT_POOR


def income_and_deprivation(band: Band, deprived: bool) -> Branch:
    """2022 onwards: income at or below the line is necessary; the deprivation count then decides
    poor or near-poor. Above the line a household is never poor, however deprived."""
    if band == Band.POOR_LINE:
        return Branch.POOR_BY_DEPRIVATION if deprived else Branch.NEAR_POOR
    return Branch.AVERAGE if band == Band.AVERAGE_LINE else Branch.NOT_POOR


RULES: dict[str, Callable[[Band, bool], Branch]] = {
    "income_only": income_only,
    "income_or_deprivation": income_or_deprivation,
    "income_and_deprivation": income_and_deprivation,
}


def possible_branches(standard: Standard) -> set[Branch]:
    """The branches the standard's rule can give (for lines the standard defines)."""
    rule = RULES[standard.rule]
    bands = [BAND_OF_LINE[name] for name in BANDED_LINES if standard.line(name)] + [Band.ABOVE]
    return {rule(band, deprived) for band in bands for deprived in (False, True)}


def branch(standard: Standard, band: pl.Expr, count: pl.Expr) -> pl.Expr:
    """The standard's rule applied to every household, as a lookup in the rule's table."""
    rule = RULES[standard.rule]
    table = [rule(b, deprived) for b in Band for deprived in (False, True)]
    deprived = (count >= standard.deprivation_threshold) if standard.indicators else pl.lit(False)
    return _table(table).gather(band.cast(pl.UInt32) * 2 + deprived.cast(pl.UInt32))


STATUS = pl.Enum(["poor", "near_poor", "average", "not_poor"])


def status(branch: pl.Expr) -> pl.Expr:
    """The status of each branch, as a `pl.Enum` (`STATUS`)."""
    return pl.lit(pl.Series([STATUS_OF_BRANCH[b] for b in Branch], dtype=STATUS)).gather(branch)


def _table(values: list[int]) -> pl.Expr:
    return pl.lit(pl.Series([int(value) for value in values], dtype=pl.UInt8))
