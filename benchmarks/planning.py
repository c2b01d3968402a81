"""Impact of a standard change and every review-quality check over a province.

Target (issue 23), PostgreSQL, 1,000,000 households: impact and all checks ≤ 10 s.

    .venv/bin/python benchmarks/planning.py [--households 1000000] [--reuse DBNAME]

The peer, timed in the same run, reads the same survey and member frames and classifies them
under both standards with the engine alone, then counts the transitions with one Polars
group-by: the floor under the product's impact (which also groups by commune and village,
prices the health insurance and checks the area). Each figure is the median of 3 runs,
product and peer interleaved.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database  # noqa: E402

YEAR = 2026


def connect(args) -> None:
    if args.reuse:
        server = args.database_url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{server}/{args.reuse}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
        import django

        django.setup()
        return
    fresh_database("gn_bench_planning", args.database_url, False)
    from giamngheo.demo.generator import generate_province

    started = time.perf_counter()
    generate_province(demo_province(), args.households, seed=1, survey_date=dt.date(YEAR, 10, 1))
    print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.0f} s")


def peer(province) -> int:
    import polars as pl

    from giamngheo.areas.models import AdminUnit, Level
    from giamngheo.standards import engine
    from giamngheo.standards.survey_frames import latest_surveys

    communes = list(
        AdminUnit.objects.filter(province=province, level=Level.COMMUNE).values_list("pk", flat=True)
    )
    frames = latest_surveys(communes, YEAR)
    first = engine.classify(engine.load_standard("2022-2025"), frames.households, frames.members)
    second = engine.classify(engine.load_standard("2026-2030"), frames.households, frames.members)
    pairs = first.select("household_id", pl.col("status").alias("a")).join(
        second.select("household_id", pl.col("status").alias("b")), on="household_id"
    )
    return int(pairs.group_by("a", "b").len()["len"].sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--reuse", default="")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    connect(args)
    from giamngheo.accounts.models import Role, User
    from giamngheo.planning.quality import run_checks
    from giamngheo.planning.reading import impact_for

    province = demo_province()
    admin, _ = User.objects.get_or_create(username="bench-planning", defaults={"role": Role.ADMIN})
    times = {"impact": [], "checks": [], "peer": []}
    for _ in range(3):
        started = time.perf_counter()
        impact = impact_for(province, YEAR, "2022-2025", "2026-2030", admin)
        times["impact"].append(time.perf_counter() - started)
        started = time.perf_counter()
        results = run_checks(province, YEAR, admin)
        times["checks"].append(time.perf_counter() - started)
        started = time.perf_counter()
        counted = peer(province)
        times["peer"].append(time.perf_counter() - started)
    assert counted == impact.households, (counted, impact.households)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"households: {impact.households:,}; flags: {sum(r.flags.height for r in results):,}")
    for name in ("impact", "checks", "peer"):
        print(f"{name:7} median {median[name]:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    total = median["impact"] + median["checks"]
    print(
        f"impact + checks: {total:.2f} s (target 10 s); impact / peer: {median['impact'] / median['peer']:.2f}×"
    )


if __name__ == "__main__":
    main()
