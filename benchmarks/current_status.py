"""Where a household's current status should live, measured: a narrow table (household id,
status), the layout the product now has (`households_currentstatus`), against the
`current_status` column of the wide households row it replaced (issue 21 point 3).

    .venv/bin/python benchmarks/current_status.py --households 1000000 \
        --database postgresql://postgres@127.0.0.1:5432/NAME

It builds two scratch tables shaped like the real ones in a schema of its own (dropped at the
end), loads them with COPY, then times, interleaved (median of --runs):

- a first run: every household gets a status (wide: UPDATE ... FROM a COPY'd temporary table;
  narrow: TRUNCATE + COPY);
- a yearly run: 10% of households change status (wide: UPDATE of those rows; narrow: the same
  UPDATE on the narrow table, and a full TRUNCATE + COPY rewrite);
- the dashboard count by commune and status (wide: one table; narrow: a join).

Each narrow-table figure is printed with its ratio to the wide row's from the same run (the
peer: below 1× the narrow table is faster).
"""

from __future__ import annotations

import argparse
import statistics
import time

import polars as pl
import psycopg

SCHEMA = "bench_current_status"
STATUSES = ["poor", "near_poor", "average", "not_poor"]


def households(n: int) -> pl.DataFrame:
    row = pl.int_range(0, n, dtype=pl.Int64, eager=True)
    return pl.DataFrame({"id": row + 1}).with_columns(
        pl.format("56-{}", pl.col("id")).alias("code"),
        pl.lit(56, pl.Int64).alias("province_id"),
        (pl.col("id").hash(1) % 65 + 100).cast(pl.Int64).alias("commune_id"),
        (pl.col("id").hash(2) % 900 + 1000).cast(pl.Int64).alias("village_id"),
        pl.format("Nguyễn Văn {}", pl.col("id")).alias("head_name"),
        pl.format("Thôn {}, xã {}", pl.col("id") % 17, pl.col("id") % 65).alias("address"),
        pl.lit("nguyen van an thon xa khanh hoa 056123456789 nguyen thi binh").alias("search_text"),
        pl.lit(pl.Series(STATUSES)).gather(pl.col("id").hash(3) % 4).alias("current_status"),
    )


def copy_in(cursor: psycopg.Cursor, table: str, frame: pl.DataFrame) -> None:
    """COPY from a CSV text Polars writes at once (far faster than a Python loop of rows)."""
    with cursor.copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN (FORMAT CSV)") as copy:
        copy.write(frame.write_csv(include_header=False))


def timed(runs: int, contenders: dict) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, work in contenders.items():
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    frame = households(args.households)
    statuses = frame.select("id", "current_status")
    # Each timed run must change what it says: runs alternate between two assignments.
    following = dict(zip(STATUSES, STATUSES[1:] + STATUSES[:1], strict=True))
    every_row = statuses.with_columns(pl.col("current_status").replace_strict(following))
    tenth = pl.col("id").hash(9) % 10 == 0
    some_rows = statuses.with_columns(
        pl.when(tenth)
        .then(pl.col("current_status").replace_strict(following))
        .otherwise(pl.col("current_status"))
    )
    with psycopg.connect(args.database, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        cursor.execute(f"SET search_path TO {SCHEMA}")
        cursor.execute(
            "CREATE TABLE wide (id bigint PRIMARY KEY, code varchar(40) UNIQUE, province_id bigint NOT NULL,"
            " commune_id bigint NOT NULL, village_id bigint, head_name varchar(120) NOT NULL,"
            " address varchar(255) NOT NULL, ethnic_minority boolean NOT NULL DEFAULT false,"
            " meritorious boolean NOT NULL DEFAULT false, no_labour_capacity boolean NOT NULL DEFAULT false,"
            " registered_to_escape boolean NOT NULL DEFAULT false, current_status varchar(10) NOT NULL,"
            " is_active boolean NOT NULL DEFAULT true, search_text text NOT NULL,"
            " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute("CREATE INDEX ON wide (commune_id, current_status)")
        cursor.execute("CREATE TABLE narrow (household_id bigint PRIMARY KEY, status varchar(10) NOT NULL)")
        started = time.perf_counter()
        copy_in(cursor, "wide", frame)
        print(f"{args.households:,} households loaded by COPY in {time.perf_counter() - started:.1f} s")
        cursor.execute("VACUUM ANALYZE wide")

        def wide_update(rows: pl.DataFrame) -> None:
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id bigint, status varchar(10))")
            cursor.execute("TRUNCATE incoming")
            copy_in(cursor, "incoming", rows.rename({"current_status": "status"}))
            cursor.execute(
                "UPDATE wide SET current_status = incoming.status FROM incoming"
                " WHERE wide.id = incoming.id AND wide.current_status <> incoming.status"
            )

        def narrow_rewrite(rows: pl.DataFrame) -> None:
            cursor.execute("TRUNCATE narrow")
            copy_in(cursor, "narrow", rows.rename({"id": "household_id", "current_status": "status"}))

        def narrow_update(rows: pl.DataFrame) -> None:
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id bigint, status varchar(10))")
            cursor.execute("TRUNCATE incoming")
            copy_in(cursor, "incoming", rows.rename({"current_status": "status"}))
            cursor.execute(
                "UPDATE narrow SET status = incoming.status FROM incoming"
                " WHERE narrow.household_id = incoming.id AND narrow.status <> incoming.status"
            )

        turn = {"wide": 0, "narrow": 0}

        def alternate(table: str, rows: pl.DataFrame) -> pl.DataFrame:
            turn[table] += 1
            return rows if turn[table] % 2 else statuses

        first = timed(
            args.runs,
            {
                "wide UPDATE, every row": lambda: wide_update(alternate("wide", every_row)),
                "narrow TRUNCATE + COPY": lambda: narrow_rewrite(alternate("narrow", every_row)),
            },
        )
        wide_update(statuses)
        narrow_rewrite(statuses)
        turn.update(wide=0, narrow=0)
        cursor.execute("VACUUM ANALYZE")
        changed = statuses.join(some_rows, on="id").filter(
            pl.col("current_status") != pl.col("current_status_right")
        )
        print(f"yearly run: {changed.height:,} households change status")
        yearly = timed(
            args.runs,
            {
                "wide UPDATE, 10% of rows": lambda: wide_update(alternate("wide", some_rows)),
                # The rewrite puts the narrow table back to `statuses` for the next update.
                "narrow UPDATE, 10% of rows": lambda: narrow_update(some_rows),
                "narrow TRUNCATE + COPY, all": lambda: narrow_rewrite(statuses),
            },
        )
        cursor.execute("VACUUM ANALYZE")
        count = timed(
            args.runs,
            {
                "wide count by commune, status": lambda: cursor.execute(
                    "SELECT commune_id, current_status, count(*) FROM wide WHERE is_active GROUP BY 1, 2"
                ).fetchall(),
                "narrow join count": lambda: cursor.execute(
                    "SELECT w.commune_id, n.status, count(*) FROM wide w JOIN narrow n ON n.household_id = w.id"
                    " WHERE w.is_active GROUP BY 1, 2"
                ).fetchall(),
            },
        )
        for label, figures in (("first run", first), ("yearly run", yearly), ("dashboard", count)):
            (wide_name, wide_seconds), *narrow = figures.items()
            print(
                f"{label}: {wide_name} {wide_seconds:.2f} s; "
                + "; ".join(
                    f"{name} {seconds:.2f} s ({seconds / wide_seconds:.2f}×)" for name, seconds in narrow
                )
            )
        cursor.execute(f"DROP SCHEMA {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
