"""The support ledger as a frame for the read side below this app: which policy categories
each household received in a period. Handed to the official report set at start-up
(`reports.official.support`), which may not import this app."""

import datetime as dt

import polars as pl

from giamngheo.core.frames import read_by_ids
from giamngheo.programs.models import Policy, SupportRecord

_SQL = f"""
SELECT DISTINCT r.household_id, p.category
FROM {SupportRecord._meta.db_table} r
JOIN {Policy._meta.db_table} p ON p.id = r.policy_id
WHERE r.delivered_on BETWEEN %s AND %s AND r.household_id {{ids}}
"""


def categories_delivered(household_ids: list[int], start: dt.date, end: dt.date) -> pl.DataFrame:
    """household_id, category: one row per household and category delivered in [start, end]."""
    return read_by_ids(_SQL, [start, end], household_ids, {"household_id": pl.Int64, "category": pl.String})
