"""Moving whole tables between the database and Polars frames, fast.

PostgreSQL uses COPY in both directions; SQLite uses one cursor and
executemany. Both run inside the caller's transaction. `read_arrow` reads large frames
over ADBC (Arrow, from PostgreSQL's binary COPY) when no transaction is open.
"""

import io
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl
from django.db import connection

# Rows per chunk of CSV sent to COPY. A writer thread sends each chunk while Polars writes the
# next (it releases the GIL): the server parses as the client formats. Smaller chunks overlap
# better; 50,000 rows of 3.5 M members took 4.3-4.9 s against 6.5-6.7 s unqueued in chunks of
# 200,000.
COPY_CHUNK_ROWS = 50_000
IDS_PER_QUERY = 500  # SQLite: ids per IN list
T = TypeVar("T")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_planner_statistics(*tables: str) -> None:
    """ANALYZE tables a bulk job is about to read (PostgreSQL only). After a bulk load the
    planner's row counts are stale until autovacuum catches up, and it then picks plans
    that probe an index once per row of the whole table. A table whose rows changed by less
    than `STALE_SHARE` since its last ANALYZE is skipped: sampling a million-row table costs
    seconds and would not change the plans."""
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        for table in tables:
            if _statistics_stale(cursor, table):
                cursor.execute(f'ANALYZE "{table}"')


# Autovacuum's own default threshold (autovacuum_analyze_scale_factor) is 10 %.
STALE_SHARE = 0.1


def _statistics_stale(cursor, table: str) -> bool:
    # `reltuples` alone does not tell whether a table was analysed: an index build sets it too
    # (a bulk load that rebuilt its indexes), and the activity counters start at zero in a
    # database copied from a template. Column statistics (pg_stats) are what the planner
    # lacks; without them it guessed 10 of a province's million surveys and probed the
    # households once per survey for every batch of a run.
    cursor.execute(
        """SELECT c.reltuples, s.n_mod_since_analyze, s.n_live_tup,
                  EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = c.relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
           WHERE c.oid = %s::regclass""",
        [table],
    )
    estimated, changed, live, analysed = cursor.fetchone()
    if estimated < 0 or changed is None or (estimated > 0 and not analysed):  # never analysed
        return True
    return changed > STALE_SHARE * max(estimated, live or 0, 1)


def read_frame(query: str, params: Sequence, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run a SELECT whose columns are exactly `schema`'s keys, in that order."""
    if is_postgres():
        return _read_postgres(query, params, schema)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(_cast(name, dtype) for name, dtype in schema.items())


def read_arrow(query: str, params: Sequence, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """`read_frame` for large reads: on PostgreSQL outside a transaction, through the ADBC
    driver, which reads PostgreSQL's binary COPY straight into Arrow columns (a third less
    time than text COPY parsed as CSV, and no text round trip for dates and booleans). Inside
    a transaction (a test, a write) a second connection would not see uncommitted rows, so
    the caller's own connection reads it as `read_frame` does. Columns of plain types only
    (integers, text, booleans, dates, floats): cast a NUMERIC in the query."""
    return read_arrows([(query, params, schema)])[0]


Read = tuple[str, Sequence, dict[str, pl.DataType]]


def read_arrows(reads: Sequence[Read]) -> list[pl.DataFrame]:
    """Several `read_arrow`s at once, each on its own connection: the server runs the queries
    side by side on its cores while this process decodes what has arrived. Inside a
    transaction, or on SQLite, one after the other on the caller's connection."""
    if not is_postgres() or connection.in_atomic_block:
        return [read_frame(*read) for read in reads]
    import psycopg
    from psycopg.conninfo import make_conninfo

    connection.ensure_connection()
    raw = connection.connection
    literals = [(psycopg.ClientCursor(raw).mogrify(query, params), schema) for query, params, schema in reads]
    # The readers' sessions in the caller's time zone: a timestamp cast to text reads the same.
    zone = raw.info.parameter_status("TimeZone") or "UTC"
    conninfo = make_conninfo(raw.info.dsn, password=raw.info.password or None, options=f"-c TimeZone={zone}")
    if len(literals) == 1:
        return [_read_adbc(conninfo, *literals[0])]
    with ThreadPoolExecutor(max_workers=len(literals), thread_name_prefix="arrow-reader") as pool:
        pending = [pool.submit(_read_adbc, conninfo, literal, schema) for literal, schema in literals]
        return [future.result() for future in pending]


# CPU seconds of the server backends that served `read_arrows` (when the server runs on this
# machine), counted only once a benchmark asks (`benchmarks/_setup.cpu_with_readers`): the
# database's work is part of what it measures, and asking costs each read one more query.
backend_cpu = {"track": False, "seconds": 0.0}


def _read_adbc(conninfo: str, literal: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    import adbc_driver_postgresql.dbapi as adbc

    with adbc.connect(conninfo, autocommit=True) as reader, reader.cursor() as cursor:
        pid = None
        if backend_cpu["track"]:
            cursor.execute("SELECT pg_backend_pid()")
            pid = pl.DataFrame(cursor.fetch_arrow()).item()
        # Named by position: the SELECT's own names may repeat ("?column?"), which Arrow refuses.
        cursor.execute(f"SELECT * FROM ({literal}) AS q({_names(schema)})")
        frame = pl.DataFrame(cursor.fetch_arrow())
        if pid is not None:
            backend_cpu["seconds"] += process_cpu_seconds(pid)
    return frame.with_columns(pl.col(name).cast(dtype) for name, dtype in schema.items())


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process of this machine (0 when it runs elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server runs elsewhere
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_background(work: Callable[..., T], *args) -> Future[T]:
    """Start `work(*args)` (a read) on a thread with its own database connection, so that it
    runs while the caller reads or computes something else; the caller takes `.result()` when
    it needs it. Inside a transaction (whose rows another connection would not see), or on
    SQLite, it runs at once on the caller's connection."""
    if not is_postgres() or connection.in_atomic_block:
        done: Future = Future()
        done.set_result(work(*args))
        return done
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="background-read")
    future = pool.submit(_on_own_connection, work, *args)
    pool.shutdown(wait=False)
    return future


def _on_own_connection(work: Callable[..., T], *args) -> T:
    try:
        return work(*args)
    finally:
        connection.close()  # the thread's own connection


def read_by_ids(query: str, params: Sequence, ids: list[int], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """`query` with `{ids}` standing for a membership test on the ids (its parameters after
    `params`): one array on PostgreSQL, IN lists of a few hundred on SQLite."""
    if is_postgres():
        return read_frame(*ids_read(query, params, ids, schema))
    parts = [
        read_frame(query.format(ids=f"IN ({', '.join(['%s'] * len(chunk))})"), [*params, *chunk], schema)
        for chunk in (ids[i : i + IDS_PER_QUERY] for i in range(0, len(ids), IDS_PER_QUERY))
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def ids_read(
    query: str, params: Sequence, ids: list[int] | pl.Series, schema: dict[str, pl.DataType]
) -> Read:
    """PostgreSQL: `read_by_ids`'s query as a `Read` (for `read_arrows`). The ids travel as one
    array literal built by Polars: quoting a hundred thousand integers one by one costs seconds."""
    return query.format(ids="= ANY(%s::bigint[])"), [*params, _id_array(ids)], schema


def _id_array(ids: list[int] | pl.Series) -> str:
    return "{" + pl.Series(ids, dtype=pl.Int64).cast(pl.String).str.join(",").item() + "}"


def ranges_read(
    query: str, params: Sequence, ids: pl.Series, schema: dict[str, pl.DataType], *, column: str = ""
) -> Read:
    """PostgreSQL: `query` with `{ids}` standing for a membership test on the ids as one
    `int8multirange` literal, a range per run of consecutive ids (its parameter after `params`).
    A province's ids come in a few long runs: the server then tests each row against a handful
    of ranges, where `= ANY` of a million-id array costs parsing the array and a hash probe per
    row (a third more server time on the survey members than reading them). Ids scattered in
    many short runs (a batch of communes among a province's households) go as `ids_read`'s
    array: a binary search among a hundred thousand ranges per row cost four times more.

    With `column` (the one `{ids}` follows), the ids' least and greatest go first, as
    `BETWEEN %s AND %s AND column`: ids that lie together (a batch of communes registered
    together) are then read through one range of the column's index instead of the whole table."""
    bounds, bound_params = "", []
    if column and ids.len():
        bounds, bound_params = f"BETWEEN %s AND %s AND {column} ", [ids.min(), ids.max()]
    ranges = id_runs(ids)
    if ranges.height > max(MULTIRANGE_RUNS, ids.len() // 100):
        test, literal = "= ANY(%s::bigint[])", _id_array(ids)
    else:
        test, literal = "<@ %s::int8multirange", _multirange(ranges)
    return query.format(ids=bounds + test), [*params, *bound_params, literal], schema


MULTIRANGE_RUNS = 64  # runs of ids a multirange literal always holds (ids_read beyond, when sparse)


def id_runs(ids: pl.Series) -> pl.DataFrame:
    """`start`, `end` (excluded) of each run of consecutive ids, in order (nulls dropped)."""
    sorted_ids = ids.drop_nulls().cast(pl.Int64).unique().sort()
    return (
        sorted_ids.to_frame("id")
        .group_by((pl.col("id").diff() != 1).fill_null(True).cum_sum().alias("run"), maintain_order=True)
        .agg(pl.col("id").first().alias("start"), (pl.col("id").last() + 1).alias("end"))
        .select("start", "end")
    )


def _multirange(runs: pl.DataFrame) -> str:
    """The runs as an `int8multirange` literal: "{[1,4),[7,8)}" for 1, 2, 3, 7."""
    if runs.is_empty():
        return "{}"
    return "{" + runs.select(pl.format("[{},{})", "start", "end").str.join(",")).item() + "}"


Bits = tuple[str, ...] | int | None  # a packed field: its choices, an integer's bits, or None (a boolean)
WORD_BITS = 63  # the bits of a non-negative BIGINT


@dataclass(frozen=True)
class Packed:
    """Columns the server sends as the bits of a few BIGINTs: a NOT NULL boolean takes one bit,
    a NOT NULL text column of known choices the bits of its choice's position (1, 2, ...; 0
    for a value that is none of them), a NOT NULL non-negative integer the bits its type
    allows (15 for a smallint, 31 for an integer). Reading a value costs about the same
    whatever its type (the reader's work is per value), so 15 answers in one number cost
    about a fifteenth: on a province's 3.5 million survey members, a third less CPU."""

    fields: tuple[tuple[str, Bits], ...]

    def _layout(self) -> list[tuple[str, Bits, int, int, int]]:
        """(name, bits, word, shift, width) of each field, a new word when one is full."""
        layout, word, shift = [], 0, 0
        for name, bits in self.fields:
            width = 1 if bits is None else bits if isinstance(bits, int) else len(bits).bit_length()
            if shift + width > WORD_BITS:
                word, shift = word + 1, 0
            layout.append((name, bits, word, shift, width))
            shift += width
        return layout

    @property
    def words(self) -> list[str]:
        """The names of the packed columns, in the order of `sql`."""
        layout = self._layout()
        return [f"packed_{word}" for word in range(layout[-1][2] + 1)] if layout else []

    def sql(self, alias: str) -> list[str]:
        """One expression per word, over the table aliased `alias`."""
        words: list[list[str]] = [[] for _ in self.words]
        for name, bits, word, shift, _ in self._layout():
            if bits is None:
                code = f"CAST({alias}.{name} AS INTEGER)"
            elif isinstance(bits, int):
                code = f"{alias}.{name}"
            else:
                whens = " ".join(f"WHEN '{choice}' THEN {i}" for i, choice in enumerate(bits, 1))
                code = f"(CASE {alias}.{name} {whens} ELSE 0 END)"
            words[word].append(f"(CAST({code} AS BIGINT) << {shift})")
        return [" + ".join(parts) for parts in words]

    def unpacked(self, frame: pl.DataFrame) -> pl.DataFrame | None:
        """`frame` with the packed words replaced by the fields (booleans, strings, Int64);
        None when a value was none of its column's choices (the caller then reads it plainly)."""
        layout = self._layout()
        # A mask, then a division only where the field is a number (a bit is tested as it is).
        codes = frame.select(
            (
                (pl.col(f"packed_{word}") & (1 << shift)) != 0
                if bits is None
                else (pl.col(f"packed_{word}") & (((1 << width) - 1) << shift)) // (1 << shift)
            ).alias(name)
            for name, bits, word, shift, width in layout
        )
        chosen = [name for name, bits, *_ in layout if isinstance(bits, tuple)]
        if chosen and codes.select(pl.any_horizontal(pl.col(chosen) == 0).any()).item():
            return None
        strings = [
            pl.lit(pl.Series(bits, dtype=pl.String)).gather(pl.col(name) - 1).alias(name)
            for name, bits, *_ in layout
            if isinstance(bits, tuple)
        ]
        return pl.concat([frame.drop(self.words), codes.with_columns(strings)], how="horizontal")


def read_all(reads: Sequence[Read], *, large: bool) -> list[pl.DataFrame]:
    """`read_arrows` for a large unit (a province); a small one reads in turn on the caller's
    connection, which costs less than opening a connection per read."""
    return read_arrows(reads) if large else [read_frame(*read) for read in reads]


def write_frame(table: str, frame: pl.DataFrame) -> int:
    """Insert every row of the frame into `table` (column names = frame columns)."""
    if frame.is_empty():
        return 0
    columns = frame.columns
    if is_postgres():
        connection.ensure_connection()
        raw = connection.connection
        names = _names(columns)
        statement = f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv)'
        with raw.cursor() as cursor, cursor.copy(statement, writer=_writer(cursor, frame.height)) as copy:
            for start in range(0, frame.height, COPY_CHUNK_ROWS):
                copy.write(frame.slice(start, COPY_CHUNK_ROWS).write_csv(include_header=False, null_value=""))
        return frame.height
    placeholders = ", ".join(["%s"] * len(columns))
    names = _names(columns)
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', frame.rows())
    return frame.height


def _writer(cursor, rows: int):
    """A writer thread for a COPY of several chunks; psycopg's own (in this thread) for one."""
    from psycopg.copy import QueuedLibpqWriter

    return QueuedLibpqWriter(cursor) if rows > COPY_CHUNK_ROWS else None


def update_from_frame(table: str, frame: pl.DataFrame, key: str = "id") -> int:
    """Set the frame's other columns on the rows of `table` whose `key` the frame gives.

    PostgreSQL copies the frame into a temporary table and updates with one join, which
    costs a fraction of one UPDATE per row or of joining a larger source table. The join
    probes the target's key index: the planner would otherwise scan the whole target
    (a province's households) for each batch of a run."""
    if frame.is_empty():
        return 0
    columns = [c for c in frame.columns if c != key]
    if is_postgres():
        assignments = ", ".join(f'"{c}" = u."{c}"' for c in columns)
        with connection.cursor() as cursor, _staged(cursor, table, frame.select(key, *columns)) as staging:
            cursor.execute(f'ANALYZE "{staging}"')
            cursor.execute("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
            cursor.execute(
                f'UPDATE "{table}" SET {assignments} FROM "{staging}" u WHERE "{table}"."{key}" = u."{key}"'
            )
            cursor.execute("RESET enable_hashjoin; RESET enable_mergejoin")
        return frame.height
    setters = ", ".join(f'"{c}" = %s' for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{table}" SET {setters} WHERE "{key}" = %s', frame.select(*columns, key).rows()
        )
    return frame.height


def upsert_from_frame(table: str, frame: pl.DataFrame, key: str) -> int:
    """Insert the frame's rows into `table`, or where a row with the same `key` exists, set
    the frame's other columns on it (one statement: safe beside another writer of the same
    keys). PostgreSQL copies the frame into a temporary table first."""
    if frame.is_empty():
        return 0
    columns = [c for c in frame.columns if c != key]
    names = _names([key, *columns])
    conflict = f'ON CONFLICT ("{key}") DO UPDATE SET ' + ", ".join(f'"{c}" = excluded."{c}"' for c in columns)
    if is_postgres():
        rows = frame.select(key, *columns).sort(key)
        with connection.cursor() as cursor, _staged(cursor, table, rows) as staging:
            cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{staging}" {conflict}')
        return frame.height
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({placeholders}) {conflict}',
            frame.select(key, *columns).rows(),
        )
    return frame.height


@contextmanager
def _staged(cursor, table: str, frame: pl.DataFrame) -> Iterator[str]:
    """PostgreSQL: the frame COPY'd into a temporary table with the types of `table`'s
    columns of the same names; dropped once the caller has read it."""
    staging = f"_staged_{table}"
    cursor.execute(
        f'CREATE TEMPORARY TABLE "{staging}" AS SELECT {_names(frame.columns)} FROM "{table}" WITH NO DATA'
    )
    write_frame(staging, frame)
    yield staging
    cursor.execute(f'DROP TABLE "{staging}"')


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _read_postgres(query: str, params: Sequence, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    literal = psycopg.ClientCursor(raw).mogrify(query, params)
    buffer = io.BytesIO()
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY ({literal}) TO STDOUT WITH (FORMAT csv)") as copy,
    ):
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    text_schema = {
        name: (pl.String if dtype in (pl.Boolean, pl.Date) else dtype) for name, dtype in schema.items()
    }
    frame = pl.read_csv(buffer, has_header=False, schema=text_schema)
    return frame.with_columns(_cast(name, dtype) for name, dtype in schema.items())


def _cast(name: str, dtype: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if dtype == pl.Boolean:
        text = column.cast(pl.String).str.to_lowercase()
        return text.is_in(["t", "true", "1"]).and_(column.is_not_null()).alias(name)
    if dtype == pl.Date:
        return column.cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d").alias(name)
    return column.cast(dtype).alias(name)
