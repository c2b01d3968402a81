"""Impact of a standard change and every review-quality check over a province, as the
province's planning job computes them: one frame read, classified once per standard, shared
by the impact and the checks.

Target (issue 23), PostgreSQL, 1,000,000 households: impact and all checks ≤ 10 s.

    .venv/bin/python benchmarks/planning.py [--households 1000000] [--reuse DBNAME] [--year 2025]

The peer, timed in the same run and interleaved with the product, reads the same answers as
the product (those the two standards read, `province_frame.answers_read`) the plain way (surveys
joined with their households, then the latest surveys' members by an array of their ids, plain
columns, as the classification run's reader did until it read through `province_frame` too),
classifies them under both standards with the engine alone and counts the transitions with
one Polars group-by: the floor under the product's impact (which also reads the registry
columns and every person of the province, groups by commune and village, prices the health
insurance, checks the area and runs seven checks).
Before any time is printed the product's transition counts must equal the peer's. Each figure
is the median of --runs runs (≥ 3); CPU seconds are printed beside wall time: this process
(all threads) plus the PostgreSQL backends that served it (Django's connection and every
ADBC reader; parallel workers the server starts for a query are not counted), with the
machine's load average.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import cpu_with_readers, demo_province, fresh_database, load_average  # noqa: E402


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
    generate_province(demo_province(), args.households, seed=1, survey_date=dt.date(args.year, 10, 1))
    print(f"setup: generated {args.households:,} households in {time.perf_counter() - started:.0f} s")


# The peer reads what the product reads (the answers the two standards read, plain columns)
# the plain way: the surveys joined with their households, then the members of the latest
# surveys by their ids.
_PEER_SURVEYS = """
SELECT s.id, h.id, h.province_id, h.commune_id, s.survey_date, s.version{answers}
FROM households_survey s JOIN households_household h ON h.id = s.household_id
WHERE h.commune_id = ANY(%s) AND h.is_active AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s
"""
_PEER_MEMBERS = "SELECT m.survey_id{answers} FROM households_surveymember m WHERE m.survey_id {{ids}}"


def peer(province, year: int):
    import polars as pl

    from giamngheo.areas.models import AdminUnit, Level
    from giamngheo.core.frames import ids_read, read_arrow
    from giamngheo.standards import engine
    from giamngheo.standards.province_frame import answers_read
    from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, with_region

    standards = [engine.load_standard("2022-2025"), engine.load_standard("2026-2030")]
    answers, member_answers = answers_read(standards)
    communes = list(
        AdminUnit.objects.filter(province=province, level=Level.COMMUNE).values_list("pk", flat=True)
    )
    schema = {k: HOUSEHOLD_SCHEMA[k] for k in [*list(HOUSEHOLD_SCHEMA)[:6], *answers]}
    query = _PEER_SURVEYS.format(answers="".join(f", s.{a}" for a in answers))
    surveys = read_arrow(query, [communes, dt.date(year, 1, 1), dt.date(year, 12, 31)], schema)
    latest = surveys.sort("household_pk", "survey_date", "version", "household_id").unique(
        subset="household_pk", keep="last", maintain_order=True
    )
    query = _PEER_MEMBERS.format(answers="".join(f", m.{a}" for a in member_answers))
    member_schema = {k: MEMBER_SCHEMA[k] for k in ["household_id", *member_answers]}
    members = read_arrow(*ids_read(query, [], latest["household_id"].to_list(), member_schema))
    households = with_region(latest)
    first, second = (engine.classify(standard, households, members) for standard in standards)
    pairs = first.select("household_id", pl.col("status").alias("status_from")).join(
        second.select("household_id", pl.col("status").alias("status_to")), on="household_id"
    )
    return pairs.group_by("status_from", "status_to").agg(pl.len().alias("households"))


def product(province, year: int, user):
    from giamngheo.planning.quality import communes_in_view, read_judged_frame, run_checks
    from giamngheo.planning.reading import impact_for

    frame = read_judged_frame(communes_in_view(province, user), year, ["2022-2025", "2026-2030"])
    impact = impact_for(province, year, "2022-2025", "2026-2030", user, frame=frame)
    return impact, run_checks(province, year, user, frame=frame)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--reuse", default="", help="an existing database holding a generated province")
    parser.add_argument("--year", type=int, default=2026, help="the survey year to judge")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    connect(args)
    import polars as pl

    from giamngheo.accounts.models import Role, User

    province = demo_province()
    admin, _ = User.objects.get_or_create(username="bench-planning", defaults={"role": Role.ADMIN})
    impact, results = product(province, args.year, admin)
    ours = impact.cells.group_by("status_from", "status_to").agg(pl.col("households").sum())
    theirs = peer(province, args.year)
    differences = ours.join(theirs, on=["status_from", "status_to"], how="full", coalesce=True).filter(
        pl.col("households").fill_null(-1) != pl.col("households_right").fill_null(-1)
    )
    assert differences.is_empty(), differences
    print(f"0 differences in the transition matrix ({impact.households:,} households)")
    times: dict[str, list[tuple[float, float]]] = {"product": [], "peer": []}
    loads = [load_average()]
    for _ in range(max(args.runs, 3)):
        for name, work in (
            ("product", lambda: product(province, args.year, admin)),
            ("peer", lambda: peer(province, args.year)),
        ):
            started, used = time.perf_counter(), cpu_with_readers()
            work()
            times[name].append((time.perf_counter() - started, cpu_with_readers() - used))
            loads.append(load_average())
    flags = {r.check.code: r.flags.height for r in results}
    print(f"flags per check: {flags}")
    median = {name: statistics.median(w for w, _ in runs) for name, runs in times.items()}
    cpu_median = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    for name, label in (
        ("product", "impact + 7 checks, one frame"),
        ("peer", "peer: read + 2 classifications + group-by"),
    ):
        runs = ", ".join(f"{w:.2f}" for w, _ in times[name])
        print(f"{label:42} median {median[name]:6.2f} s (cpu {cpu_median[name]:5.2f} s)  runs: {runs}")
    print(
        f"product / peer: {median['product'] / median['peer']:.2f}× wall, "
        f"{cpu_median['product'] / cpu_median['peer']:.2f}× cpu; target ≤ 10 s for the product"
    )
    print(f"load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}")


if __name__ == "__main__":
    main()
