"""Ages at the survey date, computed over whole columns.

Convention (documented in `giamngheo/standards/data/README.md`): `age` is the number of
completed years on the survey date, so "under 16" means the 16th birthday has not been
reached and "from 6" includes the 6th birthday itself. Someone born on 29 February reaches
a new year on 1 March in common years. When only a birth year is known, the birth date is
taken as 1 July of that year.
"""

import polars as pl

BIRTH_YEAR_MONTH = 7
BIRTH_YEAR_DAY = 1


def completed_years(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed years between two date columns: the year difference, less one before the birthday."""
    before_birthday = (_month_day(on) < _month_day(birth)).cast(pl.Int64)
    return on.dt.year().cast(pl.Int64) - birth.dt.year().cast(pl.Int64) - before_birthday


def birth_date_from_year(year: pl.Expr) -> pl.Expr:
    """The conventional birth date (1 July) standing for a known birth year."""
    return pl.date(year, BIRTH_YEAR_MONTH, BIRTH_YEAR_DAY)


def _month_day(day: pl.Expr) -> pl.Expr:
    return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)


# Retirement-age roadmap of the Labour Code 2019 (Điều 169) and NĐ 135/2020/NĐ-CP: in 2021
# 60 years 3 months for men and 55 years 4 months for women, rising each year by 3 months
# (men, to 62 in 2028) and by 4 months (women, to 60 in 2035). Before 2021: 60 and 55.
# Best understanding (standards.md §2): data here so both standards read one rule.
ROADMAP_START_YEAR = 2021
RETIREMENT_ROADMAP: dict[str, tuple[int, int, int, int]] = {
    # sex: (age in months before the roadmap, in its first year, added per year, final)
    "male": (60 * 12, 60 * 12 + 3, 3, 62 * 12),
    "female": (55 * 12, 55 * 12 + 4, 4, 60 * 12),
}
WORKING_AGE_FROM_YEARS = 15


def retirement_age_months(sex: str, year: int) -> int:
    """The retirement age in months for workers of `sex` reaching it in `year`."""
    before, first, step, final = RETIREMENT_ROADMAP[sex]
    if year < ROADMAP_START_YEAR:
        return before
    return min(first + step * (year - ROADMAP_START_YEAR), final)


def completed_months(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed months between two date columns (a month is completed on the same day of the month)."""
    months = (on.dt.year().cast(pl.Int64) - birth.dt.year().cast(pl.Int64)) * 12 + (
        on.dt.month().cast(pl.Int64) - birth.dt.month().cast(pl.Int64)
    )
    return months - (on.dt.day().cast(pl.Int32) < birth.dt.day().cast(pl.Int32)).cast(pl.Int64)


def retirement_months_expr(sex: pl.Expr, on: pl.Expr) -> pl.Expr:
    """The retirement age in months at the date `on`, per row, by sex (null for another sex)."""
    year = on.dt.year().cast(pl.Int64)
    exprs = {}
    for name, (before, first, step, final) in RETIREMENT_ROADMAP.items():
        rising = pl.min_horizontal(pl.lit(first) + pl.lit(step) * (year - ROADMAP_START_YEAR), pl.lit(final))
        exprs[name] = pl.when(year < ROADMAP_START_YEAR).then(pl.lit(before)).otherwise(rising)
    return pl.when(sex == "male").then(exprs["male"]).when(sex == "female").then(exprs["female"])


def working_age(age_months: pl.Expr, sex: pl.Expr, on: pl.Expr) -> pl.Expr:
    """From 15 years old until the retirement age of the roadmap at the date `on` (not included)."""
    return (age_months >= WORKING_AGE_FROM_YEARS * 12) & (age_months < retirement_months_expr(sex, on))
