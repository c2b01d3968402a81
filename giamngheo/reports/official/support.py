"""Support received, for report 8: the support ledger belongs to the programmes app, which
sits above this one. Programs hands the function that reads its ledger to this module when
it starts (`programs.apps`), so the report set never reads the programmes' tables itself.

A reader takes household ids and a period (first and last day) and returns one row per
household and policy category delivered to it in the period: `household_id`, `category`.
"""

import datetime as dt
from collections.abc import Callable

import polars as pl
from django.core.exceptions import ImproperlyConfigured

SupportReader = Callable[[list[int], dt.date, dt.date], pl.DataFrame]
SCHEMA = {"household_id": pl.Int64, "category": pl.String}

_readers: list[SupportReader] = []


def provide_support(reader: SupportReader) -> None:
    """Called once by the app that keeps the support ledger."""
    _readers[:] = [reader]


def support_delivered(household_ids: list[int], start: dt.date, end: dt.date) -> pl.DataFrame:
    if not _readers:
        raise ImproperlyConfigured("No support ledger is installed (the programs app provides it).")
    if not household_ids:
        return pl.DataFrame(schema=SCHEMA)
    return _readers[0](household_ids, start, end).select(*(pl.col(n).cast(t) for n, t in SCHEMA.items()))
