"""Import an .xlsx of N households (about 3.5 N members) into an empty province,
printing the seconds spent reading, validating and writing.

Target (issue 5): 100,000 households (~350,000 members) into PostgreSQL in ≤ 60 s.

    .venv/bin/python benchmarks/import_households.py                 # PostgreSQL, 100,000
    .venv/bin/python benchmarks/import_households.py --sqlite        # SQLite, same N
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database  # noqa: E402


def build_workbook(province, n_households: int) -> bytes:
    import polars as pl

    from giamngheo.demo.import_file import commune_specs, template_rows
    from giamngheo.demo.synthetic import synthetic_frames
    from giamngheo.households.imports.template import import_workbook

    specs = commune_specs(province)
    data = synthetic_frames(n_households, seed=1, communes=specs, cccd_province=f"{int(province.code):03d}")
    # Random CCCD serials collide now and then; a real file has each number once.
    members = data.members.with_columns(
        pl.when(pl.col("cccd").is_first_distinct()).then(pl.col("cccd")).alias("cccd")
    )
    households, members = template_rows(data.households, members, specs, prefix="BM-")
    return import_workbook([s.name for s in specs], [], households, members)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument(
        "--database", default="gn_bench_import", help="name of the scratch database to (re)create"
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    fresh_database(args.database, args.database_url, args.sqlite)

    from giamngheo.accounts.models import Role, User
    from giamngheo.households.imports.pipeline import import_file

    province = demo_province()
    started = time.perf_counter()
    content = build_workbook(province, args.households)
    path = Path(tempfile.mkdtemp(prefix="gn-bench-")) / "nhap.xlsx"
    path.write_bytes(content)
    print(f"built {path} ({len(content) / 1024 / 1024:.1f} MB) in {time.perf_counter() - started:.1f} s")

    from giamngheo.accounts.models import AreaAssignment

    user = User.objects.create_user("bench", password="bench", role=Role.PROVINCE_OFFICER)
    AreaAssignment.objects.create(user=user, unit=province)
    started = time.perf_counter()
    outcome = import_file(path.name, path.read_bytes(), user)
    total = time.perf_counter() - started
    if not outcome.ok:
        print("\n".join(str(p) for p in outcome.problems[:20]))
        raise SystemExit(1)
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    report(f"import into {engine}", outcome, total)
    started = time.perf_counter()
    again = import_file(path.name, path.read_bytes(), user)
    report("same file again (all updates)", again, time.perf_counter() - started)


def report(label: str, outcome, total: float) -> None:
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in outcome.seconds.items())
    counts = outcome.counts
    print(
        f"{label}: {counts.households:,} households ({counts.households_created:,} new), "
        f"{counts.members:,} members ({counts.members_created:,} new) in {total:.1f} s [{stages}]"
    )


if __name__ == "__main__":
    main()
