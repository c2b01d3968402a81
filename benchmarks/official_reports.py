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
  - the peer: PostgreSQL counting the year's official classifications per commune and status;

interleaved, median of --repeats (≥ 3) rounds, CPU seconds of this process beside wall time,
after checking that reports 12 and 13 count what the peer counts (0 differences). Writing the
workbook is timed apart.
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


def interleaved(repeats: int, works: dict) -> dict[str, list[tuple[float, float]]]:
    """Each work once per round, in turn, for `repeats` rounds: (wall, cpu) seconds."""
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in works}
    loads = [load_average()]
    for _ in range(max(repeats, 3)):
        for name, work in works.items():
            started, used = time.perf_counter(), cpu_with_readers()
            work()
            timings[name].append((time.perf_counter() - started, cpu_with_readers() - used))
            loads.append(load_average())
    print(f"load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}")
    return timings


def measure(repeats: int) -> None:
    from django.db import connection

    from giamngheo.reports.official.build import build_report_set
    from giamngheo.reports.official.workbook import write_workbook

    province = demo_province()

    def sql_counts() -> dict[tuple[int, str], int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.commune_id, c.status, count(DISTINCT c.household_id) FROM standards_classification c "
                "JOIN households_survey s ON s.id = c.survey_id WHERE c.province_id = %s AND c.official "
                "AND c.standard_id = %s AND s.survey_date BETWEEN %s AND %s GROUP BY 1, 2",
                [province.pk, STANDARD, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)],
            )
            return {(commune, status): n for commune, status, n in cursor.fetchall()}

    report = build_report_set(province, YEAR, STANDARD, None)
    counted = sql_counts()
    differences = [
        (row.unit_id, status, row.values[key], counted.get((row.unit_id, status), 0))
        for number, status, key in ((12, "poor", "count"), (13, "near_poor", "count"))
        for row in report.table(number).rows
        if row.values[key] != counted.get((row.unit_id, status), 0)
    ]
    assert not differences, differences[:5]
    print("0 differences between reports 12-13 and PostgreSQL's count per commune and status")
    timings = interleaved(
        repeats,
        {
            "fifteen": lambda: build_report_set(province, YEAR, STANDARD, None),
            "sql": sql_counts,
        },
    )
    households = report.table(12).total.values["households"]
    listed = sum(len(h) for h in report.lists.values())
    print(
        f"province {province.name}: {households:,} households classified in {YEAR}, {listed:,} listed in 14-15"
    )
    median = {name: statistics.median(w for w, _ in runs) for name, runs in timings.items()}
    cpu_used = {name: statistics.median(c for _, c in runs) for name, runs in timings.items()}
    for name, label in (
        ("fifteen", "fifteen reports (frame + tables + lists)"),
        ("sql", "peer: PostgreSQL count by commune/status"),
    ):
        runs = ", ".join(f"{w:.2f}" for w, _ in timings[name])
        print(f"{label:42} median {median[name]:7.2f} s (cpu {cpu_used[name]:5.2f} s)  runs: {runs}")
    print(
        f"fifteen / peer: {median['fifteen'] / median['sql']:.1f}× wall, "
        f"{cpu_used['fifteen'] / max(cpu_used['sql'], 0.01):.1f}× cpu; target ≤ 10 s for the fifteen"
    )
    started = time.perf_counter()
    content = write_workbook(report)
    print(
        f"workbook of the fifteen (apart): {time.perf_counter() - started:7.2f} s   {len(content) / 1e6:.1f} MB"
    )


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
