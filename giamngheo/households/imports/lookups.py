"""Set-based reads of what the registry already holds for the codes and CCCDs
in a file: one query per kind (chunked on SQLite), never one per row."""

from collections.abc import Sequence

import polars as pl

from giamngheo.core.frames import is_postgres, read_frame

SQLITE_CHUNK = 10_000

HOUSEHOLD_SCHEMA = {
    "household_pk": pl.Int64, "code": pl.String, "db_province_id": pl.Int64, "db_commune_id": pl.Int64,
    "db_village_id": pl.Int64, "db_head_name": pl.String,
}  # fmt: skip
MEMBER_SCHEMA = {
    "member_pk": pl.Int64, "household_pk": pl.Int64, "db_search_name": pl.String, "db_birth_date": pl.Date,
    "db_cccd": pl.String, "db_full_name": pl.String, "db_sex": pl.String, "db_relation": pl.String,
    "db_status": pl.String, "db_ethnicity": pl.String,
}  # fmt: skip
CCCD_SCHEMA = {
    "cccd": pl.String, "owner_name": pl.String, "owner_code": pl.String, "owner_province_id": pl.Int64,
    "owner_commune_id": pl.Int64, "owner_village_id": pl.Int64,
}  # fmt: skip


def read_in(query: str, column: str, values: Sequence, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run `query` (with `{in}` where the membership test goes) for every value."""
    distinct = pl.Series(values, strict=False).drop_nulls().unique(maintain_order=True)
    if distinct.is_empty():
        return pl.DataFrame(schema=schema)
    if is_postgres():
        kind = "bigint" if distinct.dtype.is_integer() else "text"
        condition = f"{column} = ANY(%s::{kind}[])"
        return read_frame(query.format(condition=condition), [_array_literal(distinct)], schema)
    frames = []
    values = distinct.to_list()
    for start in range(0, len(values), SQLITE_CHUNK):
        chunk = values[start : start + SQLITE_CHUNK]
        condition = f"{column} IN ({', '.join(['%s'] * len(chunk))})"
        frames.append(read_frame(query.format(condition=condition), chunk, schema))
    return pl.concat(frames)


def _array_literal(values: pl.Series) -> str:
    """A PostgreSQL array literal: one string to send instead of a list adapted item by item
    (a second for the 356,000 ids of a province's import), built by Polars."""
    if values.dtype.is_integer():
        items = values.cast(pl.String)
    else:
        escaped = values.cast(pl.String).str.replace_all("\\", "\\\\", literal=True)
        items = '"' + escaped.str.replace_all('"', '\\"', literal=True) + '"'
    return "{" + items.str.join(",").item() + "}"


def existing_households(codes: Sequence[str]) -> pl.DataFrame:
    return read_in(
        "SELECT id, code, province_id, commune_id, village_id, head_name "
        "FROM households_household WHERE {condition}",
        "code",
        codes,
        HOUSEHOLD_SCHEMA,
    )


def existing_members(household_pks: Sequence[int]) -> pl.DataFrame:
    return read_in(
        "SELECT id, household_id, search_name, birth_date, cccd, full_name, sex, relation, status, ethnicity "
        "FROM households_member WHERE {condition}",
        "household_id",
        household_pks,
        MEMBER_SCHEMA,
    )


def cccd_owners(numbers: Sequence[str]) -> pl.DataFrame:
    """Present members of active households holding these CCCD numbers."""
    return read_in(
        "SELECT m.cccd, m.full_name, h.code, h.province_id, h.commune_id, h.village_id "
        "FROM households_member m "
        "JOIN households_household h ON h.id = m.household_id "
        "WHERE m.status = 'present' AND h.is_active AND {condition}",
        "m.cccd",
        numbers,
        CCCD_SCHEMA,
    )
