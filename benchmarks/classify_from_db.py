"""Classify a generated province end to end from the database: read every latest
survey and its members, classify under 2022-2025, write the classifications and
refresh each household's current status.

Target (issue 4): 1,000,000 households from PostgreSQL in ≤ 30 s.

    .venv/bin/python benchmarks/classify_from_db.py --households 1000000
    .venv/bin/python benchmarks/classify_from_db.py --households 100000 --sqlite

The first run over a freshly generated province gives every household its first status,
which rewrites every household row; the run is then timed a second time, as a yearly
review finds it: households already classified, a minority changing status.

It makes its own database (PostgreSQL `gn_bench_classify`, or a temporary SQLite
file), loads the units, generates the province, then times the run.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument(
        "--database", default="gn_bench_classify", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")
    args = parser.parse_args()
    fresh_database(args.database, args.database_url, args.sqlite)

    from giamngheo.demo.generator import generate_province
    from giamngheo.standards.runs import create_run, execute_run

    province = demo_province()
    started = time.perf_counter()
    generate_province(province, args.households, seed=1, survey_date=dt.date(2025, 10, 1))
    print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.1f} s")

    engine = "SQLite" if args.sqlite else "PostgreSQL"
    for label in ("first run, every household's first status", "second run, households already classified"):
        started = time.perf_counter()
        run = execute_run(create_run(province, 2025, standard_id="2022-2025"))
        elapsed = time.perf_counter() - started
        print(
            f"classify from {engine} ({label}): {run.households:,} households in {run.total_communes} "
            f"communes, read + classify + write + status refresh + summaries in {elapsed:.1f} s "
            f"({run.households / elapsed:,.0f} households/s; target ≤ 30 s for 1M on PostgreSQL)"
        )


if __name__ == "__main__":
    main()
