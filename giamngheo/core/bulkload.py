"""Loading many rows into tables that hold few: the way pg_restore does it.

Inserting a row keeps every index of its table up to date and checks each of its
foreign keys with a locked lookup of the referenced row. When a load at least
doubles a table, building each index once from the sorted rows and checking each
foreign key once with one join costs a fraction of that. Rebuilding re-checks
every unique index and every key, so a bad row still fails the transaction it is in.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

# Index builds sort in memory up to this; the default 64 MB spills a million-row build to disk.
BUILD_MEMORY = "256MB"


@dataclass(frozen=True)
class _Deferred:
    """What was dropped from one table and how to put it back."""

    table: str
    indexes: list[tuple[str, str]]  # (name, CREATE INDEX statement)
    constraints: list[tuple[str, str, str]]  # (name, kind, definition)


@contextmanager
def indexes_deferred(tables: Sequence[str], new_rows: int) -> Iterator[bool]:
    """Within a transaction, drop the secondary indexes, unique constraints and foreign
    keys of each of `tables` that holds fewer rows than `new_rows` (estimated), let the
    caller load, then rebuild them all. Primary keys stay. Yields whether anything was
    dropped. Does nothing outside PostgreSQL (SQLite's bulk path is fast enough as is)."""
    if connection.vendor != "postgresql":
        yield False
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_deferred must run inside a transaction")
    deferred = [_drop(table) for table in tables if _estimated_rows(table) < new_rows]
    yield bool(deferred)
    _rebuild(deferred)


def _estimated_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint, relpages FROM pg_class WHERE oid = %s::regclass", [table])
        tuples, pages = cursor.fetchone()
        if tuples >= 0:
            return tuples
        # Never analysed: count, but stop early since only "fewer than new_rows" matters.
        cursor.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{table}" LIMIT 10000000) t')
        return cursor.fetchone()[0]


def _drop(table: str) -> _Deferred:
    with connection.cursor() as cursor:
        # Unique constraints and foreign keys (not the primary key), dropped as constraints.
        cursor.execute(
            """SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname""",
            [table],
        )
        constraints = cursor.fetchall()
        # Plain indexes: neither the primary key nor an index behind a constraint.
        cursor.execute(
            """SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
               JOIN pg_class c ON c.oid = i.indexrelid
               WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
               ORDER BY c.relname""",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _kind, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return _Deferred(table, indexes, constraints)


def _rebuild(deferred: list[_Deferred]) -> None:
    if not deferred:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for table in deferred:
            for _name, statement in table.indexes:
                cursor.execute(statement)
            for name, kind, definition in table.constraints:
                if kind == "u":
                    cursor.execute(f'ALTER TABLE "{table.table}" ADD CONSTRAINT "{name}" {definition}')
        # Keys last: each one's check then reads tables whose indexes are back.
        for table in deferred:
            for name, kind, definition in table.constraints:
                if kind == "f":
                    cursor.execute(f'ALTER TABLE "{table.table}" ADD CONSTRAINT "{name}" {definition}')


def reserve_ids(table: str, count: int) -> int:
    """The first of `count` consecutive unused ids of `table`'s `id` column, so a bulk writer
    can give its rows their ids itself instead of reading them back. Within a transaction:
    on PostgreSQL the table is locked against other writers until it ends (nobody else takes
    a number meanwhile) and the sequence moved past the block; SQLite writers hold the whole
    database anyway."""
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids must run inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute(f'SELECT GREATEST((SELECT max(id) FROM "{table}"), nextval(%s) - 1)', [sequence])
            (last_used,) = cursor.fetchone()
            last_used = last_used or 0
            cursor.execute("SELECT setval(%s, %s)", [sequence, last_used + max(count, 1)])
            return last_used + 1
        cursor.execute(f'SELECT max(id) FROM "{table}"')
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        return max(highest or 0, row[0] if row else 0) + 1
