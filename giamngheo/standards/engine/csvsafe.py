"""CSV cells that a spreadsheet will never run as formulas (OWASP "CSV injection").

A text cell starting with = + - @, a tab or a carriage return is prefixed with a
single quote, so Excel and LibreOffice show it as text. Numbers keep their sign:
only text columns are touched. Pure Polars, no Django.
"""

import polars as pl

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PATTERN = r"^[=+\-@\t\r]"


def escape_cell(value: str | None) -> str | None:
    """One cell as it should be written to a CSV."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def escape_columns(columns: tuple[str, ...] | list[str]) -> list[pl.Expr]:
    """`escape_cell` over whole text columns, as expressions (lazy frames stay lazy)."""
    return [
        pl.when(pl.col(name).cast(pl.String).str.contains(_PATTERN))
        .then(pl.lit("'") + pl.col(name).cast(pl.String))
        .otherwise(pl.col(name).cast(pl.String))
        .alias(name)
        for name in columns
    ]


def escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of the frame with `escape_cell` applied."""
    return frame.with_columns(escape_columns([n for n, dtype in frame.schema.items() if dtype == pl.String]))
