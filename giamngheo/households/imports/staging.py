"""Set-based UPDATE from a frame: COPY (or executemany) the new values into a
temporary table, then one UPDATE ... FROM joins it to the target by id."""

import datetime as dt

import polars as pl
from django.db import connection

from giamngheo.core.frames import is_postgres, write_frame

STAGE = "import_stage"


def update_rows(table: str, frame: pl.DataFrame) -> int:
    """Set every column of `frame` but `id` on the rows of `table` with that id."""
    if frame.is_empty():
        return 0
    columns = [c for c in frame.columns if c != "id"]
    stage = f"pg_temp.{STAGE}" if is_postgres() else f"temp.{STAGE}"
    names = ", ".join(f'"{c}"' for c in ["id", *columns])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f'CREATE TEMP TABLE {STAGE} AS SELECT {names} FROM "{table}" WHERE 1 = 0')
        write_frame(STAGE, frame.select("id", *columns))
        assignments = ", ".join(f'"{c}" = s."{c}"' for c in columns)
        cursor.execute(f'UPDATE "{table}" SET {assignments} FROM {stage} AS s WHERE "{table}".id = s.id')
        cursor.execute(f"DROP TABLE {stage}")
    return frame.height


def timestamp(now: dt.datetime) -> pl.Expr:
    """A timestamp literal the backend's bulk path accepts (SQLite stores naive UTC text)."""
    if is_postgres():
        return pl.lit(now)
    return pl.lit(now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" "))


def changed_only(
    table: str,
    frame: pl.DataFrame,
    ignore: tuple[str, ...] = ("updated_at",),
    current: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows of `frame` (keyed by `id`) whose values differ from what `table` holds,
    so an identical re-import writes nothing and reports 0 changed. `current` (id and
    `{column}__db` for each column) saves reading the rows when the caller has them."""
    if frame.is_empty():
        return frame
    from giamngheo.households.imports.lookups import read_in

    columns = [c for c in frame.columns if c != "id" and c not in ignore]
    if current is None:
        schema = {"id": pl.Int64, **{f"{c}__db": frame.schema[c] for c in columns}}
        aliases = ", ".join(f'"{c}" AS "{c}__db"' for c in columns)
        current = read_in(
            f'SELECT id, {aliases} FROM "{table}" WHERE {{condition}}', "id", frame["id"].to_list(), schema
        )
    joined = frame.join(current, on="id", how="left")
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}__db")) for c in columns)
    return joined.filter(differs).select(frame.columns)
