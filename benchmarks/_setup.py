"""Shared set-up for the benchmarks that need a database: a fresh PostgreSQL
database of their own (or a temporary SQLite file), migrated, with the units loaded."""

import argparse
import datetime as dt
import os
import tempfile
import time

PROVINCE_CODE = "56"  # Khánh Hòa, 65 communes


def fresh_database(name: str, database_url: str, sqlite: bool, template: str = "") -> None:
    """Create (or recreate) the database `name`, migrated and with the units loaded; with
    `template`, as a copy of that database (e.g. one a benchmark already generated a province
    into: copying the files takes seconds where generating takes minutes)."""
    if sqlite:
        os.environ.pop("DATABASE_URL", None)
        os.environ["GIAMNGHEO_DATA_DIR"] = tempfile.mkdtemp(prefix="gn-bench-")
    else:
        import psycopg

        server = database_url.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        os.environ["DATABASE_URL"] = f"{server}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from giamngheo.areas.loading import load_units

    call_command("migrate", verbosity=0)
    if not template:
        load_units()


def add_province_arguments(parser: argparse.ArgumentParser, database: str) -> None:
    """The options of a benchmark that generates a province (or copies one) into a database."""
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--database", default=database, help="name of the scratch database to (re)create")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--template", default="", help="copy this database (a generated province) instead")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")


def prepared_province(args: argparse.Namespace):
    """A fresh database as `add_province_arguments` asked, with the demo province generated
    in it (surveys of 1 October 2025), unless it was copied from a template that holds one."""
    fresh_database(args.database, args.database_url, args.sqlite, template=args.template)
    province = demo_province()
    if not args.template:
        from giamngheo.demo.generator import generate_province

        started = time.perf_counter()
        generate_province(province, args.households, seed=1, survey_date=dt.date(2025, 10, 1))
        print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.1f} s")
    return province


def demo_province():
    from giamngheo.areas.models import AdminUnit, Era, Level

    return AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE_CODE)


def timed(work):
    """(seconds, result) of calling `work()`."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def load_average() -> float:
    """The machine's one-minute load average (it is shared: say so beside every figure)."""
    return os.getloadavg()[0]


def cpu_seconds() -> float:
    """CPU seconds (user + system, all threads) of this process and of the PostgreSQL backend
    serving Django's connection, when the server runs on this machine (parallel workers the
    server starts for a statement are not counted)."""
    import time

    total = time.process_time()
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return total
    from giamngheo.core.frames import process_cpu_seconds

    return total + process_cpu_seconds(connection.connection.info.backend_pid)


def cpu_with_readers() -> float:
    """`cpu_seconds` plus the PostgreSQL backends that served the product's ADBC reads (counted
    from the first call on: call it once before the first timed run)."""
    from giamngheo.core.frames import backend_cpu

    backend_cpu["track"] = True
    return cpu_seconds() + backend_cpu["seconds"]
