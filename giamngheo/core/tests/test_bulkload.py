"""Bulk loading: reserved ids never collide, and indexes and keys dropped for a load come
back exactly as they were, still refusing a duplicate or a dangling key."""

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction

from giamngheo.core.bulkload import indexes_deferred, reserve_ids
from giamngheo.core.frames import write_frame
from giamngheo.households.models import Household

TABLE = Household._meta.db_table
# More rows than any test leaves in the table (its estimate may come from an earlier test's ANALYZE).
LOAD = 10**9
FLAGS = ["ethnic_minority", "meritorious", "no_labour_capacity", "registered_to_escape"]


def _household(geography, code: str) -> Household:
    return Household.objects.create(
        code=code, province=geography["province"], commune=geography["commune"], head_name="Lò Văn Páo"
    )


def _rows(geography, ids: list[int], codes: list[str], commune_id: int | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": ids,
            "code": codes,
            "province_id": [geography["province"].pk] * len(ids),
            "commune_id": [commune_id or geography["commune"].pk] * len(ids),
            "head_name": ["Hà Thị Mai"] * len(ids),
            "address": [""] * len(ids),
            **{flag: [False] * len(ids) for flag in FLAGS},
            "is_active": [True] * len(ids),
            "search_text": [""] * len(ids),
            "created_at": ["2026-01-02 03:04:05+00:00"] * len(ids),
            "updated_at": ["2026-01-02 03:04:05+00:00"] * len(ids),
        }
    )


def _definitions() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass
               UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s""",
            [TABLE, TABLE],
        )
        return set(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_reserved_ids_are_above_every_existing_id_and_never_handed_out_again(geography):
    before = _household(geography, "22402-00001")
    with transaction.atomic():
        first = reserve_ids(TABLE, 3)
        write_frame(TABLE, _rows(geography, [first, first + 1, first + 2], ["A-1", "A-2", "A-3"]))
    after = _household(geography, "22402-00002")
    assert first > before.pk
    assert after.pk > first + 2
    assert Household.objects.filter(pk__in=[first, first + 1, first + 2]).count() == 3


@pytest.mark.django_db(transaction=True)
def test_deferred_indexes_and_keys_come_back_as_they_were(geography):
    if connection.vendor != "postgresql":
        with transaction.atomic(), indexes_deferred([TABLE], LOAD) as dropped:
            assert dropped is False
        return
    before = _definitions()
    with transaction.atomic(), indexes_deferred([TABLE], LOAD) as dropped:
        assert dropped is True
        assert _definitions() < before  # only the primary key is left
        write_frame(TABLE, _rows(geography, [reserve_ids(TABLE, 1)], ["B-1"]))
    assert _definitions() == before
    assert Household.objects.filter(code="B-1").exists()


@pytest.mark.django_db(transaction=True)
def test_a_table_already_bigger_than_the_load_keeps_its_indexes(geography):
    _household(geography, "22402-00001")
    _household(geography, "22402-00002")
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{TABLE}"')
    with transaction.atomic(), indexes_deferred([TABLE], 1) as dropped:
        assert dropped is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("problem", ["duplicate code", "unknown commune"])
def test_a_bad_row_loaded_without_indexes_still_fails_the_transaction(geography, problem):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps its indexes and keys during a load")
    before = _definitions()
    codes, commune = (["C-1", "C-1"], None) if problem == "duplicate code" else (["C-1", "C-2"], 999_999)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with indexes_deferred([TABLE], LOAD):
            first = reserve_ids(TABLE, 2)
            write_frame(TABLE, _rows(geography, [first, first + 1], codes, commune))
    assert not Household.objects.filter(code__startswith="C-").exists()
    assert _definitions() == before
