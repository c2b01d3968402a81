"""The registry's households by village and current status (`VillageCount`), kept from facts.

A commune's households are scattered over the wide households table (23,000 households in
18,000 pages), so counting them for every dashboard cost a third of a second of PostgreSQL.
The counts are kept here instead, from what the write side says happened (`reports.receivers`):

- a household, or its current status, saved or deleted one at a time (Django's own
  `post_save` / `post_delete`, with what it was before read at `pre_save` / `pre_delete`): its
  count moves, one row up and one down;
- a run's batch (`run_batch_stored`): its frame holds each household's status before and after;
- a bulk writer (an import, the generator, a review's decisions written by one UPDATE) sends
  `registry_changed` with the communes it touched, which are recounted with one grouped query.

The dashboards then read a few rows per village.
"""

from collections.abc import Iterable

import polars as pl
from django.db import connection, transaction
from django.db.models import Count, Value
from django.db.models.functions import Coalesce

from giamngheo.households.models import Household
from giamngheo.reports.models import VillageCount

# Two concurrent recounts of one commune would both delete the old rows and both insert:
# on PostgreSQL a transaction-level advisory lock per commune orders them (this key's first
# half names the lock space; SQLite writes one transaction at a time anyway).
LOCK_SPACE = 180_018
_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, c) FROM (SELECT unnest(%s::int[]) AS c ORDER BY c) AS ids"


def recount_communes(commune_ids: Iterable[int | None]) -> None:
    """Replace the counts of the communes with a fresh count of their active households."""
    ids = sorted({int(pk) for pk in commune_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        _lock(ids)
        VillageCount.objects.filter(commune_id__in=ids).delete()
        VillageCount.objects.bulk_create(
            counted_rows(Household.objects.filter(commune_id__in=ids)), batch_size=1000
        )


def move_statuses(classified: pl.DataFrame) -> None:
    """Move a run's households from the status they had (`current_status`) to the one the run
    gave them (`status`) in the kept counts, by (commune, village): a run's batch knows both for
    each of its active households, so its communes need no recount (which reads every household
    of a commune: seconds for a province)."""
    changed = classified.filter(pl.col("status") != pl.col("current_status").fill_null(""))
    if changed.is_empty():
        return
    where = ["province_id", "commune_id", "village_id"]
    deltas = (
        pl.concat(
            [
                changed.select(
                    *where, pl.col("current_status").fill_null("").alias("to"), pl.lit(-1).alias("n")
                ),
                changed.select(*where, pl.col("status").alias("to"), pl.lit(1).alias("n")),
            ]
        )
        .group_by(*where, "to")
        .agg(pl.col("n").sum())
    )
    apply_deltas(deltas.iter_rows())


Counted = tuple[int, int, int | None, str]  # (province, commune, village, status) of an active household


def counted_as(household: Household) -> Counted | None:
    """Where an household is counted (None: inactive, so nowhere)."""
    if not household.is_active:
        return None
    return (household.province_id, household.commune_id, household.village_id, household.current_status or "")


def move_status(household: Household, before: str, after: str) -> None:
    """One household's current status set: one down where it was, one up where it is now."""
    if household.is_active:
        where = (household.province_id, household.commune_id, household.village_id)
        move_household((*where, before), (*where, after))


def move_household(before: Counted | None, after: Counted | None) -> None:
    """One household saved or deleted: one down where it was counted, one up where it is now."""
    if before == after:
        return
    deltas = [(*before, -1)] if before else []
    deltas += [(*after, 1)] if after else []
    apply_deltas(deltas)


def apply_deltas(deltas: Iterable[tuple[int, int, int | None, str, int]]) -> None:
    """Add each (province, commune, village, status, n) to the kept counts."""
    summed: dict[tuple, int] = {}
    for province, commune, village, status, n in deltas:
        key = (province, commune, village, status)
        summed[key] = summed.get(key, 0) + n
    summed = {key: n for key, n in summed.items() if n}
    if not summed:
        return
    ids = sorted({commune for _, commune, _, _ in summed})
    with transaction.atomic():
        _lock(ids)
        kept = {
            (row.commune_id, row.village_id, row.status): row
            for row in VillageCount.objects.filter(commune_id__in=ids)
        }
        added = []
        for (province, commune, village, status), n in summed.items():
            row = kept.get((commune, village, status))
            if row is None:
                row = VillageCount(
                    province_id=province, commune_id=commune, village_id=village, status=status
                )
                row.households = 0
                added.append(row)
            row.households += n
        VillageCount.objects.bulk_update([row for row in kept.values() if row.households > 0], ["households"])
        VillageCount.objects.filter(pk__in=[row.pk for row in kept.values() if row.households <= 0]).delete()
        VillageCount.objects.bulk_create([row for row in added if row.households > 0])


def _lock(commune_ids: list[int]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_SQL, [LOCK_SPACE, commune_ids])


def counted_rows(households) -> list[VillageCount]:
    """The counts of the active households of a queryset, as unsaved rows."""
    grouped = (
        households.filter(is_active=True)
        .annotate(status=Coalesce("current__status", Value("")))
        .values_list("province_id", "commune_id", "village_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        VillageCount(province_id=p, commune_id=c, village_id=v, status=s, households=n)
        for p, c, v, s, n in grouped
    ]


def assert_counts_match(commune_ids: Iterable[int] | None = None) -> None:
    """Raise AssertionError when the kept counts differ from a fresh count of the households
    (the tests' one check after every writer; `None`: every commune)."""
    kept = VillageCount.objects.all()
    households = Household.objects.all()
    if commune_ids is not None:
        ids = sorted(set(commune_ids))
        kept, households = kept.filter(commune_id__in=ids), households.filter(commune_id__in=ids)

    def key(row: VillageCount) -> tuple:
        return (row.province_id, row.commune_id, row.village_id, row.status)

    expected = {key(row): row.households for row in counted_rows(households)}
    actual: dict[tuple, int] = {}
    for row in kept:
        actual[key(row)] = actual.get(key(row), 0) + row.households
    actual = {k: n for k, n in actual.items() if n}
    assert actual == expected, f"kept {sorted(actual.items())} != counted {sorted(expected.items())}"
