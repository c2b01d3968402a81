"""Classify a generated province end to end from the database: read every latest
survey and its members, classify under 2022-2025, write the classifications and
refresh each household's current status.

Target (issue 4): 1,000,000 households from PostgreSQL in ≤ 30 s.

    .venv/bin/python benchmarks/classify_from_db.py --households 1000000
    .venv/bin/python benchmarks/classify_from_db.py --households 100000 --sqlite

It makes its own database (PostgreSQL `gn_bench_classify`, or a temporary SQLite
file), loads the units, generates the province, then times the run.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time

PROVINCE_CODE = "56"


def _configure(args: argparse.Namespace) -> None:
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
        os.environ["GIAMNGHEO_DATA_DIR"] = tempfile.mkdtemp(prefix="gn-bench-")
    else:
        import psycopg

        admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS gn_bench_classify")
            connection.execute("CREATE DATABASE gn_bench_classify")
        os.environ["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + "/gn_bench_classify"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")
    args = parser.parse_args()
    _configure(args)

    from django.core.management import call_command

    from giamngheo.areas.loading import load_units
    from giamngheo.areas.models import AdminUnit, Era, Level
    from giamngheo.households.generator import generate_province
    from giamngheo.standards.runs import create_run, execute_run

    call_command("migrate", verbosity=0)
    load_units()
    province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE_CODE)
    started = time.perf_counter()
    generate_province(province, args.households, seed=1, survey_date=dt.date(2025, 10, 1))
    print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    run = execute_run(create_run(province, 2025, standard_id="2022-2025"))
    elapsed = time.perf_counter() - started
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"classify from {engine}: {run.households:,} households in {run.total_communes} communes, "
        f"read + classify + write + status refresh in {elapsed:.1f} s "
        f"({run.households / elapsed:,.0f} households/s; target ≤ 30 s for 1M on PostgreSQL)"
    )


if __name__ == "__main__":
    sys.exit(main())
