"""The fifteen official review reports of a generated province (issue 24).

Target, on PostgreSQL: all fifteen for a 1,000,000-household province in ≤ 10 s.

    .venv/bin/python benchmarks/official_reports.py --households 24000      # the demo province's size
    .venv/bin/python benchmarks/official_reports.py --households 1000000
    .venv/bin/python benchmarks/official_reports.py --reuse                 # keep a previous run's data

It makes its own PostgreSQL database (default `gn_bench_official`), loads the units,
generates the province with last year's surveys, classifies them, copies every survey to
this year with incomes moved up or down and classifies again, so the movement reports
have two reviews to compare. It then times, in the same run:

  - the fifteen reports (`build_report_set`: the frame read from the database, reports 1-13,
    the lists 14-15 with every member);
  - peer 1: a plain Polars group-by over the same frame (households, people and every
    boolean column summed per commune);
  - peer 2: PostgreSQL counting the official classifications per commune and status;

and prints the ratio of each to the fifteen. Writing the workbook is timed apart.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database  # noqa: E402

YEAR = 2025
STANDARD = "2022-2025"

_COPY_SURVEYS = """
INSERT INTO households_survey ({columns}, survey_date, income_per_capita_month)
SELECT {columns}, survey_date + INTERVAL '1 year',
       (income_per_capita_month * (0.7 + 0.15 * (household_id %% 5)))::bigint
FROM households_survey WHERE survey_date BETWEEN %s AND %s
"""
_COPY_ANSWERS = """
INSERT INTO households_surveymember (survey_id, member_id, age, {columns})
SELECT n.id, a.member_id, a.age + 1, {prefixed}
FROM households_surveymember a
JOIN households_survey o ON o.id = a.survey_id
JOIN households_survey n ON n.household_id = o.household_id AND n.survey_date = o.survey_date + INTERVAL '1 year'
WHERE o.survey_date BETWEEN %s AND %s
"""


def _second_year() -> None:
    """Copy last year's surveys (and member answers) to this year, incomes moved."""
    from django.db import connection, transaction

    from giamngheo.households.models import Survey, SurveyMember

    skip = {"id", "survey_date", "income_per_capita_month"}
    columns = [f.column for f in Survey._meta.concrete_fields if f.column not in skip]
    answers = [
        f.column
        for f in SurveyMember._meta.concrete_fields
        if f.column not in {"id", "survey_id", "member_id", "age"}
    ]
    bounds = (dt.date(YEAR - 1, 1, 1), dt.date(YEAR - 1, 12, 31))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_COPY_SURVEYS.format(columns=", ".join(columns)), bounds)
        cursor.execute(
            _COPY_ANSWERS.format(columns=", ".join(answers), prefixed=", ".join(f"a.{c}" for c in answers)),
            bounds,
        )
        cursor.execute("ANALYZE households_survey; ANALYZE households_surveymember")


def set_up(args) -> None:
    server = args.database_url.rsplit("/", 1)[0]
    if args.reuse:
        os.environ["DATABASE_URL"] = f"{server}/{args.database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
        import django

        django.setup()
        from giamngheo.reports.models import CommuneSummary

        if CommuneSummary.objects.filter(year=YEAR).exists():
            print("set-up: reusing the province already in the database")
            return
    else:
        fresh_database(args.database, args.database_url, sqlite=False)
    from giamngheo.demo.generator import generate_province
    from giamngheo.standards.runs import create_run, execute_run

    province = demo_province()
    started = time.perf_counter()
    generate_province(province, args.households, seed=1, survey_date=dt.date(YEAR - 1, 10, 1))
    execute_run(create_run(province, YEAR - 1, standard_id=STANDARD))
    _second_year()
    run = execute_run(create_run(province, YEAR, standard_id=STANDARD))
    print(f"set-up: {run.households:,} households, two reviews, in {time.perf_counter() - started:.0f} s")


def best_of(repeats: int, work) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def measure(repeats: int) -> None:
    import polars as pl
    from django.db import connection

    from giamngheo.reports.official.build import build_report_set, scope_of
    from giamngheo.reports.official.frames import report_frame
    from giamngheo.reports.official.workbook import write_workbook

    province = demo_province()
    fifteen, report = best_of(repeats, lambda: build_report_set(province, YEAR, STANDARD, None))
    frame_time, frame = best_of(repeats, lambda: report_frame(scope_of(province), YEAR, STANDARD))
    flags = [name for name, dtype in frame.schema.items() if dtype == pl.Boolean]

    def plain_group_by():
        return frame.group_by("commune_id").agg(
            pl.len(), pl.col("people").sum(), *(pl.col(f).sum() for f in flags)
        )

    peer, _ = best_of(repeats, plain_group_by)

    def sql_counts():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT commune_id, status, count(*) FROM standards_classification "
                "WHERE province_id = %s AND official AND standard_id = %s GROUP BY 1, 2",
                [province.pk, STANDARD],
            )
            return cursor.fetchall()

    sql_peer, _ = best_of(repeats, sql_counts)
    workbook_time, content = best_of(1, lambda: write_workbook(report))
    households = report.table(12).total.values["households"]
    listed = sum(len(h) for h in report.lists.values())
    print(
        f"province {province.name}: {households:,} households classified in {YEAR}, {listed:,} listed in 14-15"
    )
    print(f"fifteen reports (frame + tables + lists):   {fifteen:7.2f} s   target ≤ 10 s")
    print(f"  of which the frame read from the database: {frame_time:7.2f} s")
    print(f"peer 1, plain Polars group-by on the frame: {peer:7.3f} s   ratio {fifteen / peer:,.0f}×")
    print(f"peer 2, PostgreSQL count by commune/status: {sql_peer:7.3f} s   ratio {fifteen / sql_peer:,.1f}×")
    print(f"workbook of the fifteen (apart):            {workbook_time:7.2f} s   {len(content) / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=24_000)
    parser.add_argument("--database", default="gn_bench_official")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    set_up(args)
    measure(args.repeats)


if __name__ == "__main__":
    main()
