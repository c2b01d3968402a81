"""Dated list snapshots, built set-based: one query reads every reviewed household of the
rounds, Polars sorts them into the six lists, and the rows are copied in bulk (COPY on
PostgreSQL). The rows hold copies of what they show, so a later registry edit never
changes a posted or decided list."""

import datetime as dt

import polars as pl
from django.db.models import Max
from django.utils import timezone

from giamngheo.core.frames import read_frame, write_frame
from giamngheo.households.models import Status
from giamngheo.reviews.listing import LISTED_STATUSES
from giamngheo.reviews.models import Decision, ListKind, ListRow, ListSnapshot, ListStage, Round

ROW_SCHEMA: dict[str, pl.DataType] = {
    "round_id": pl.Int64,
    "household_id": pl.Int64,
    "household_code": pl.String,
    "head_name": pl.String,
    "village_name": pl.String,
    "address": pl.String,
    "previous_status": pl.String,
    "status": pl.String,
}
_ROWS_SQL = """
SELECT rh.round_id, rh.household_id, h.code, h.head_name, v.name, h.address, rh.previous_status, rh.final_status
FROM reviews_roundhousehold rh
JOIN households_household h ON h.id = rh.household_id
LEFT JOIN areas_adminunit v ON v.id = h.village_id
WHERE rh.round_id IN ({rounds}) AND rh.final_status <> ''
  AND (rh.final_status IN (%s, %s, %s) OR rh.previous_status IN (%s, %s))
"""
# Only the households some list takes (KIND_RULES): those with a list of their own and those
# leaving the poor or near-poor list. The others, most of a province, are not read at all.
LISTED_FINAL = (*LISTED_STATUSES, Status.AVERAGE)

_previous, _status = pl.col("previous_status"), pl.col("status")
KIND_RULES: dict[str, pl.Expr] = {
    ListKind.POOR: _status == Status.POOR,
    ListKind.NEAR_POOR: _status == Status.NEAR_POOR,
    ListKind.AVERAGE: _status == Status.AVERAGE,
    ListKind.ESCAPED_POOR: (_previous == Status.POOR) & (_status != Status.POOR),
    ListKind.NEWLY_POOR: (_status == Status.POOR) & (_previous != Status.POOR),
    ListKind.ESCAPED_NEAR_POOR: (_previous == Status.NEAR_POOR)
    & _status.is_in([Status.AVERAGE, Status.NOT_POOR]),
}


def reviewed_rows(rounds: list[Round]) -> pl.DataFrame:
    marks = ", ".join(["%s"] * len(rounds))
    params = [*(r.pk for r in rounds), *LISTED_FINAL, *LISTED_STATUSES]
    frame = read_frame(_ROWS_SQL.format(rounds=marks), params, ROW_SCHEMA)
    return frame.with_columns(pl.col(c).fill_null("") for c in ROW_SCHEMA if ROW_SCHEMA[c] == pl.String)


def sorted_into_lists(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per (household, list it belongs to), with a `kind` column."""
    parts = [
        rows.filter(rule).with_columns(pl.lit(str(kind)).alias("kind")) for kind, rule in KIND_RULES.items()
    ]
    return pl.concat(parts) if parts else rows.with_columns(pl.lit("").alias("kind"))


def build_snapshots(
    rounds: list[Round],
    stage: str,
    *,
    posted_from: dt.date | None = None,
    posted_until: dt.date | None = None,
    decision: Decision | None = None,
) -> dict[int, int]:
    """Freeze the six lists of every round; returns the new version number per round."""
    if not rounds:
        return {}
    now = timezone.now()
    latest = dict(
        ListSnapshot.objects.filter(round__in=rounds).values_list("round_id").annotate(v=Max("version"))
    )
    versions = {r.pk: latest.get(r.pk, 0) + 1 for r in rounds}
    snapshots = ListSnapshot.objects.bulk_create(
        ListSnapshot(
            round=r,
            unit_id=r.commune_id or r.unit_id,
            year=r.year,
            kind=kind,
            stage=stage,
            version=versions[r.pk],
            created_at=now,
            posted_from=posted_from if stage == ListStage.PRELIMINARY else None,
            posted_until=posted_until if stage == ListStage.PRELIMINARY else None,
            decision=decision,
        )
        for r in rounds
        for kind in ListKind.values
    )
    keys = pl.DataFrame(
        {
            "round_id": [s.round_id for s in snapshots],
            "kind": [str(s.kind) for s in snapshots],
            "snapshot_id": [s.pk for s in snapshots],
        },
        schema={"round_id": pl.Int64, "kind": pl.String, "snapshot_id": pl.Int64},
    )
    listed = sorted_into_lists(reviewed_rows(rounds)).join(keys, on=["round_id", "kind"])
    listed = listed.sort("snapshot_id", "village_name", "head_name", "household_id").with_columns(
        (pl.int_range(pl.len()).over("snapshot_id") + 1).alias("position")
    )
    columns = [f.column for f in ListRow._meta.concrete_fields if f.column != "id"]
    write_frame(ListRow._meta.db_table, listed.select(columns))
    counts = dict(listed.group_by("snapshot_id").len().iter_rows())
    for snapshot in snapshots:
        snapshot.households = counts.get(snapshot.pk, 0)
    ListSnapshot.objects.bulk_update(snapshots, ["households"], batch_size=500)
    return versions
