"""Generate and load a province of N households (about 3.5 N members, one survey each with
its member answers) into PostgreSQL (or SQLite), timed against a hand-written peer.

Target (issue 21): 1,000,000 households into PostgreSQL in ≤ 60 s on 2 cores.

    .venv/bin/python benchmarks/generate.py --database pgspeed_generate      # PostgreSQL, 1,000,000
    .venv/bin/python benchmarks/generate.py --sqlite --households 100000      # SQLite, product only
    .venv/bin/python benchmarks/generate.py --database gn_gen1m_c --by-commune --runs 1

By default each commune's households are spread over the whole province's ids (and their
surveys and members with them): the worst case for reading a batch of communes, every page
holds some. `--by-commune` numbers them commune by commune, as a registry imported from each
commune's lists lies; the other database benchmarks take either as `--template`.

The product is `generate_province` (build the frames, reserve ids, load the four tables with
their indexes and keys deferred, rebuild them, audit). The peer builds the same frames and
COPYs the same rows into bare copies of the four tables (no index, no key, no check): the
floor of what any loader must pay. Both run interleaved (median of --runs); before any time is
printed the product's rows are compared with the peer's, column by column (0 differences).
Between runs the tables are emptied (not timed).
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import cpu_seconds, demo_province, fresh_database, load_average  # noqa: E402

TABLES = ["households_household", "households_member", "households_survey", "households_surveymember"]
SURVEY_DATE = dt.date(2025, 10, 1)


def product(province, n: int, by_commune: bool = False):
    from giamngheo.demo.generator import generate_province

    return generate_province(province, n, seed=1, survey_date=SURVEY_DATE, by_commune=by_commune)


def peer(province, n: int, by_commune: bool = False) -> None:
    """The same frames, ids numbered from 1, COPY'd as CSV into bare tables."""
    import polars as pl
    from django.db import connection, transaction

    from giamngheo.demo import generator
    from giamngheo.demo.synthetic import synthetic_frames

    communes = generator._commune_specs(_communes(province), 1)
    data = synthetic_frames(
        n, seed=1, communes=communes, survey_date=SURVEY_DATE, cccd_province="056", by_commune=by_commune
    )
    households = data.households.with_columns(pl.int_range(1, pl.len() + 1).alias("household_pk"))
    members = (
        data.members.join(households.select("household_id", "household_pk"), on="household_id")
        .sort("household_pk", "member_no")
        .with_columns(pl.int_range(1, pl.len() + 1).alias("member_pk"))
    )
    now = dt.datetime.now(dt.UTC)
    rows = {
        "households_household": households.select(
            pl.col("household_pk").alias("id"), pl.col("household_id").alias("code"),
            pl.lit(province.pk).alias("province_id"), "commune_id", "village_id", "head_name", "address",
            "ethnic_minority", "meritorious", "no_labour_capacity", "registered_to_escape", "indigenous",
            "agricultural", pl.lit(True).alias("is_active"), "search_text",
            pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"),
        ),
        "households_member": members.select(
            pl.col("member_pk").alias("id"), pl.col("household_pk").alias("household_id"), "full_name",
            "birth_date", "sex", "ethnicity", "relation", pl.col("cccd").fill_null(""),
            pl.lit("present").alias("status"), "search_name",
        ),
        "households_survey": households.select(
            pl.col("household_pk").alias("id"), pl.col("household_pk").alias("household_id"),
            pl.lit(SURVEY_DATE).alias("survey_date"), pl.lit(1).alias("version"),
            pl.lit("").alias("correction_reason"), pl.lit("submitted").alias("state"),
            pl.lit(now).alias("submitted_at"), *generator.SURVEY_ANSWERS,
        ),
        "households_surveymember": members.select(
            pl.col("household_pk").alias("survey_id"), pl.col("member_pk").alias("member_id"),
            *generator.MEMBER_ANSWERS,
        ),
    }  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        for table, frame in rows.items():
            with cursor.cursor.copy(
                f"COPY peer.{table} ({', '.join(frame.columns)}) FROM STDIN (FORMAT csv)"
            ) as copy:
                for start in range(0, frame.height, 200_000):
                    copy.write(frame.slice(start, 200_000).write_csv(include_header=False))


def _communes(province):
    from giamngheo.areas.models import AdminUnit, Era, Level

    return list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province).order_by("code")
    )


PEER_COLUMNS = {
    "households_household": "code, commune_id, village_id, head_name, address, ethnic_minority, meritorious, "
    "no_labour_capacity, indigenous, agricultural, search_text",
    "households_member": "full_name, birth_date, sex, ethnicity, relation, cccd, search_name",
    "households_survey": "survey_date, members, income_per_capita_month, floor_area_m2, water_source, latrine, "
    "uses_internet, has_tv, cause_no_land, wishes_to_escape",
    "households_surveymember": "age, sex, has_health_insurance, schooling, qualification, employment, "
    "severe_disability, malnourished, ill_untreated",
}
# Rows are compared by their household's code (ids differ when the product's sequence moved on).
KEYS = {
    "households_household": ("{t}", "code"),
    "households_member": ("{t} x JOIN {s}households_household h ON h.id = x.household_id", "h.code"),
    "households_survey": ("{t} x JOIN {s}households_household h ON h.id = x.household_id", "h.code"),
    "households_surveymember": (
        "{t} x JOIN {s}households_survey v ON v.id = x.survey_id "
        "JOIN {s}households_household h ON h.id = v.household_id",
        "h.code",
    ),
}


def differences(cursor) -> dict[str, int]:
    """Rows of each table that the product and the peer do not both hold (multiset, both ways)."""
    found = {}
    for table, columns in PEER_COLUMNS.items():
        source, key = KEYS[table]
        qualified = ", ".join(
            f"x.{c.strip()}" if table != "households_household" else c for c in columns.split(",")
        )
        if table == "households_household":
            ours, theirs = (
                f"SELECT {key}, {columns} FROM public.{table}",
                f"SELECT {key}, {columns} FROM peer.{table}",
            )
        else:
            ours = f"SELECT {key}, {qualified} FROM " + source.format(t=f"public.{table}", s="public.")
            theirs = f"SELECT {key}, {qualified} FROM " + source.format(t=f"peer.{table}", s="peer.")
        cursor.execute(
            f"SELECT count(*) FROM (({ours} EXCEPT ALL {theirs}) UNION ALL ({theirs} EXCEPT ALL {ours})) d"
        )
        found[table] = cursor.fetchone()[0]
    return found


def empty_tables(cursor, schema: str) -> None:
    cursor.execute(f"TRUNCATE {', '.join(f'{schema}.{t}' for t in TABLES)} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument(
        "--database", default="gn_bench_generate", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--sqlite", action="store_true", help="time the product alone on a temporary SQLite file"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--by-commune",
        action="store_true",
        help="number the households commune by commune (a registry imported commune by commune); "
        "by default each commune's households are spread over the whole province",
    )
    args = parser.parse_args()
    fresh_database(args.database, args.database_url, args.sqlite)
    from django.db import connection

    province = demo_province()
    if args.sqlite:
        started = time.perf_counter()
        result = product(province, args.households, args.by_commune)
        print(f"generate into SQLite: {result.households:,} households, {result.members:,} members in "
              f"{time.perf_counter() - started:.1f} s [build {result.build_seconds:.1f} s, write {result.write_seconds:.1f} s]")  # fmt: skip
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA peer")
        for table in TABLES:
            cursor.execute(
                f"CREATE TABLE peer.{table} (LIKE public.{table} INCLUDING DEFAULTS INCLUDING IDENTITY)"
            )
    times: dict[str, list[float]] = {"product": [], "peer": []}
    cpus: dict[str, list[float]] = {"product": [], "peer": []}
    checked = False
    loads = [load_average()]
    for _ in range(args.runs):
        for name, work in (("product", product), ("peer", peer)):
            with connection.cursor() as cursor:
                empty_tables(cursor, "public" if name == "product" else "peer")
                cursor.execute("CHECKPOINT")
            cpu, started = cpu_seconds(), time.perf_counter()
            result = work(province, args.households, args.by_commune)
            times[name].append(time.perf_counter() - started)
            cpus[name].append(cpu_seconds() - cpu)
            if name == "product":
                phases = f"build frames {result.build_seconds:.1f} s, write {result.write_seconds:.1f} s"
                print(f"  product run: {times[name][-1]:.1f} s ({phases})", flush=True)
            else:
                print(f"  peer run: {times[name][-1]:.1f} s", flush=True)
        if not checked:
            with connection.cursor() as cursor:
                found = differences(cursor)
            assert not any(found.values()), f"product and peer differ: {found}"
            print(f"checked: 0 differences between the product's rows and the peer's ({', '.join(found)})")
            checked = True
        loads.append(load_average())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM households_household")
        (households,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM households_surveymember")
        (answers,) = cursor.fetchone()
    product_s, peer_s = statistics.median(times["product"]), statistics.median(times["peer"])
    print(
        f"generate into PostgreSQL, {households:,} households, {answers:,} members, median of {args.runs}: "
        f"product {product_s:.1f} s (cpu {statistics.median(cpus['product']):.1f} s), "
        f"peer {peer_s:.1f} s (cpu {statistics.median(cpus['peer']):.1f} s), ratio {product_s / peer_s:.2f}× "
        f"(target ≤ 60 s); load average {min(loads):.1f}-{max(loads):.1f}"
    )


if __name__ == "__main__":
    main()
