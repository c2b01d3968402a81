"""Classify a generated province end to end from the database: read every latest survey and
its members, classify under 2022-2025, write the classifications, refresh each household's
current status and the summaries. Timed against a hand-written peer, interleaved.

Target (issue 21): 1,000,000 households from PostgreSQL in ≤ 15 s on 2 cores.

    .venv/bin/python benchmarks/classify_from_db.py --households 1000000
    .venv/bin/python benchmarks/classify_from_db.py --template NAME   # copy a database generate.py left
    .venv/bin/python benchmarks/classify_from_db.py --households 100000 --sqlite   # product only

The product is `execute_run` over the province. Its first run gives every household its first
status (a million rows into the narrow current-status table); the following runs find them
classified, as a yearly review does. The peer is the minimal path a competent engineer would write by hand: COPY the
latest surveys and their members out as CSV, the 2022-2025 standard as one Polars lazy query
(`peers.py`), COPY the results into a bare table and the statuses into a narrow
(household, status) table; no summaries. Before the times are printed, every product run is
checked to give the same status to every household as the first (0 differences) and as the
households' current status, and the peer's statuses are compared with the product's.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import add_province_arguments, cpu_seconds, load_average, prepared_province  # noqa: E402

_SURVEYS = """
COPY (SELECT s.id, h.id, s.area, s.members, s.income_per_capita_month, s.floor_area_m2, s.has_dwelling,
             s.durable_walls, s.durable_columns, s.durable_roof, s.water_source, s.latrine, s.uses_internet,
             s.has_tv, s.has_radio, s.has_computer, s.has_smartphone, s.has_tablet
      FROM households_survey s JOIN households_household h ON h.id = s.household_id
      WHERE h.province_id = {province} AND h.is_active AND s.state = 'submitted'
        AND s.survey_date BETWEEN '2025-01-01' AND '2025-12-31') TO STDOUT (FORMAT csv)
"""
_MEMBERS = """
COPY (SELECT m.survey_id, m.age, m.sex, m.has_health_insurance, m.schooling, m.qualification, m.employment,
             m.severe_disability, m.malnourished, m.ill_untreated, m.social_allowance, m.employer_certified_training
      FROM households_surveymember m JOIN households_survey s ON s.id = m.survey_id
      JOIN households_household h ON h.id = s.household_id
      WHERE h.province_id = {province} AND h.is_active AND s.state = 'submitted'
        AND s.survey_date BETWEEN '2025-01-01' AND '2025-12-31') TO STDOUT (FORMAT csv)
"""
_BOOL = ["has_dwelling", "durable_walls", "durable_columns", "durable_roof", "uses_internet", "has_tv",
         "has_radio", "has_computer", "has_smartphone", "has_tablet"]  # fmt: skip
_MEMBER_BOOL = ["has_health_insurance", "severe_disability", "malnourished", "ill_untreated", "social_allowance",
                "employer_certified_training"]  # fmt: skip


def _copy_out(cursor, sql: str, columns: list[str], booleans: list[str]):
    import polars as pl

    buffer = io.BytesIO()
    with cursor.copy(sql) as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    frame = pl.read_csv(buffer, has_header=False, new_columns=columns, infer_schema_length=10_000)
    return frame.with_columns(pl.col(c).cast(pl.String) == "t" for c in booleans)


def peer_surveys(cursor, province) -> tuple:
    """The province's surveys of 2025 (answers as they come) and their members, by COPY."""
    households = _copy_out(
        cursor,
        _SURVEYS.format(province=province.pk),
        ["household_id", "household_pk", "area", "members", "income_per_capita_month", "floor_area_m2",
         *_BOOL[:4], "water_source", "latrine", *_BOOL[4:]],
        _BOOL,
    )  # fmt: skip
    members = _copy_out(
        cursor,
        _MEMBERS.format(province=province.pk),
        ["household_id", "age", "sex", *_MEMBER_BOOL[:1], "schooling", "qualification", "employment",
         *_MEMBER_BOOL[1:]],
        _MEMBER_BOOL,
    )  # fmt: skip
    return households, members


def peer(province) -> "object":
    import peers
    from django.db import connection, transaction

    connection.ensure_connection()
    with transaction.atomic():
        cursor = connection.connection.cursor()
        households, members = peer_surveys(cursor, province)
        result = peers.peer_members(households, members, year=2025).join(
            households.select("household_id", "household_pk"), on="household_id"
        )
        cursor.execute("TRUNCATE peer_classification, peer_status")
        for table, frame in (
            ("peer_classification", result.select("household_id", "household_pk", "status", "income_line",
                                                  "deprivation_count")),
            ("peer_status", result.select("household_pk", "status")),
        ):  # fmt: skip
            with cursor.copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(frame.write_csv(include_header=False))
    return result


def product(province):
    from giamngheo.standards.runs import create_run, execute_run

    return execute_run(create_run(province, 2025, standard_id="2022-2025"))


def check(cursor, runs: list[int]) -> None:
    """Every run gave every household the same status, which is its current status."""
    first = runs[0]
    for other in runs[1:]:
        cursor.execute(
            """SELECT count(*) FROM standards_classification a
               FULL JOIN (SELECT household_id, status FROM standards_classification WHERE run_id = %s) b
                 ON a.household_id = b.household_id
               WHERE a.run_id = %s AND (b.status IS DISTINCT FROM a.status)""",
            [other, first],
        )
        (differ,) = cursor.fetchone()
        assert differ == 0, f"run {other} differs from run {first} on {differ} households"
    cursor.execute(
        """SELECT count(*) FROM standards_classification c
           LEFT JOIN households_currentstatus s ON s.household_id = c.household_id
           WHERE c.run_id = %s AND s.status IS DISTINCT FROM c.status""",
        [runs[-1]],
    )
    (stale,) = cursor.fetchone()
    assert stale == 0, f"{stale} households' current status is not their latest classification"


def compare_with_peer(cursor) -> int:
    cursor.execute(
        """SELECT count(*) FROM peer_status p LEFT JOIN households_currentstatus s ON s.household_id = p.household_pk
           WHERE s.status IS DISTINCT FROM p.status"""
    )
    return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_province_arguments(parser, "gn_bench_classify")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    province = prepared_province(args)
    from django.db import connection

    if args.sqlite:
        for label in ("first run", "second run"):
            started = time.perf_counter()
            run = product(province)
            print(f"classify from SQLite ({label}): {run.households:,} households in {time.perf_counter() - started:.1f} s")  # fmt: skip
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE peer_classification (id bigserial PRIMARY KEY, household_id bigint, "
                       "household_pk bigint, status varchar(10), income_line bigint, deprivation_count bigint)")  # fmt: skip
        cursor.execute("CREATE TABLE peer_status (household_pk bigint PRIMARY KEY, status varchar(10))")
    times: dict[str, list[float]] = {"product": [], "peer": []}
    cpus: dict[str, list[float]] = {"product": [], "peer": []}
    runs, loads = [], [load_average()]
    for attempt in range(args.runs):
        for name in ("product", "peer"):
            cpu, started = cpu_seconds(), time.perf_counter()
            result = product(province) if name == "product" else peer(province)
            times[name].append(time.perf_counter() - started)
            cpus[name].append(cpu_seconds() - cpu)
            if name == "product":
                runs.append(result.pk)
                label = "first status of every household" if attempt == 0 else "households already classified"
                print(f"  product run {attempt + 1} ({label}): {result.households:,} households, {times[name][-1]:.1f} s", flush=True)  # fmt: skip
            else:
                print(
                    f"  peer run {attempt + 1}: {result.height:,} households, {times[name][-1]:.1f} s",
                    flush=True,
                )
        loads.append(load_average())
    with connection.cursor() as cursor:
        check(cursor, runs)
        disagree = compare_with_peer(cursor)
    print(f"checked: {len(runs)} product runs, 0 status differences between them and the registry; "
          f"the peer disagrees on {disagree:,} households")  # fmt: skip
    product_s, peer_s = statistics.median(times["product"]), statistics.median(times["peer"])
    print(
        f"classify a province from PostgreSQL, {result.height:,} households, median of {args.runs}: "
        f"product {product_s:.1f} s (cpu {statistics.median(cpus['product']):.1f} s; first run {times['product'][0]:.1f} s), "
        f"peer {peer_s:.1f} s (cpu {statistics.median(cpus['peer']):.1f} s), ratio {product_s / peer_s:.2f}× "
        f"(target ≤ 15 s); load average {min(loads):.1f}-{max(loads):.1f}"
    )


if __name__ == "__main__":
    main()
