"""Generate and load a province of N households (about 3.5 N members, one survey
each with its member answers) into PostgreSQL, then into SQLite.

Target (issue 3): 1,000,000 households into PostgreSQL in ≤ 90 s on 2 cores.

    .venv/bin/python benchmarks/generate.py                   # PostgreSQL, 1,000,000
    .venv/bin/python benchmarks/generate.py --sqlite          # SQLite, same N
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
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    fresh_database("gn_bench_generate", args.database_url, args.sqlite)

    from giamngheo.demo.generator import generate_province

    started = time.perf_counter()
    result = generate_province(demo_province(), args.households, seed=1, survey_date=dt.date(2025, 10, 1))
    total = time.perf_counter() - started
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    rows = result.households * 2 + result.members * 2
    print(
        f"generate into {engine}: {result.households:,} households, {result.members:,} members "
        f"(+ surveys and member answers: {rows:,} rows) in {total:.1f} s "
        f"[build frames {result.build_seconds:.1f} s, write {result.write_seconds:.1f} s, {rows / total:,.0f} rows/s]"
    )


if __name__ == "__main__":
    main()
