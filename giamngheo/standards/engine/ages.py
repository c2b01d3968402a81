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
