"""Summary tables, the province dashboard and the annual review report on a generated province.

Targets (issue 7), on PostgreSQL:
  - refresh every summary table of the province after a classification run: ≤ 10 s
  - province dashboard, server time p95 over ~30 requests (Django test client): ≤ 300 ms
  - the province's annual review report as Excel: ≤ 5 s

    .venv/bin/python benchmarks/reports.py                         # PostgreSQL, 1,000,000 households
    .venv/bin/python benchmarks/reports.py --households 100000 --sqlite
    .venv/bin/python benchmarks/reports.py --reuse                 # keep the database of a previous run

It makes its own database (PostgreSQL `gn_bench_reports`, or a temporary SQLite file),
loads the units, generates the province and classifies it (official run, 2022-2025),
then times the three steps. `--reuse` skips the set-up when the PostgreSQL database
already holds a classified province.
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

DATABASE = "gn_bench_reports"
YEAR = 2025
STANDARD = "2022-2025"


def set_up(args) -> None:
    if args.reuse and not args.sqlite:
        os.environ["DATABASE_URL"] = f"{args.database_url.rsplit('/', 1)[0]}/{DATABASE}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from giamngheo.reports.models import CommuneSummary

        call_command("migrate", verbosity=0)

        if CommuneSummary.objects.exists():
            print("set-up: reusing the classified province already in the database")
            return
    else:
        fresh_database(DATABASE, args.database_url, args.sqlite)

    from giamngheo.demo.generator import generate_province
    from giamngheo.standards.runs import create_run, execute_run

    province = demo_province()
    started = time.perf_counter()
    generate_province(province, args.households, seed=1, survey_date=dt.date(YEAR, 10, 1))
    print(f"set-up: generated {args.households:,} households in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    run = execute_run(create_run(province, YEAR, standard_id=STANDARD))
    print(
        f"set-up: official classification run of {run.households:,} households in "
        f"{time.perf_counter() - started:.1f} s (summaries refreshed inside the run)"
    )


def time_refresh() -> None:
    from giamngheo.reports.models import CommuneSummary
    from giamngheo.reports.summaries import commune_years, refresh_all, refresh_summaries

    province = demo_province()
    communes = [commune for commune, year in commune_years(province.code, YEAR)]
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        written = len(refresh_summaries(communes, YEAR))
        timings.append(time.perf_counter() - started)
    households = sum(
        CommuneSummary.objects.filter(province=province, year=YEAR).values_list("households", flat=True)
    )
    print(
        f"refresh the summary tables of the run's {len(communes)} communes: {written} summaries, "
        f"{households:,} households, {min(timings):.2f} s best of {len(timings)} (target ≤ 10 s on PostgreSQL)"
    )
    started = time.perf_counter()
    written = refresh_all(province.code)
    print(
        f"refresh_all (giamngheo refresh_summaries --province): {written} summaries, every year, "
        f"including finding the communes and years: {time.perf_counter() - started:.2f} s"
    )


def _officer():
    from giamngheo.accounts.models import AreaAssignment, Role, User

    user, created = User.objects.get_or_create(
        username="bench-province", defaults={"role": Role.PROVINCE_OFFICER}
    )
    if created:
        AreaAssignment.objects.create(user=user, unit=demo_province())
    return user


def time_dashboard(requests: int) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(_officer())
    url = reverse("targets:dashboard")
    query = {"don_vi": demo_province().pk, "nam": YEAR, "chuan": STANDARD}
    assert client.get(url, query).status_code == 200  # warm-up (templates, caches)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, query)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(
        f"province dashboard: {requests} requests, median {statistics.median(timings):.0f} ms, "
        f"p95 {p95:.0f} ms, max {timings[-1]:.0f} ms (target p95 ≤ 300 ms)"
    )


def time_report() -> None:
    from giamngheo.reports.print_report import review_pdf
    from giamngheo.reports.queries import area_of
    from giamngheo.reports.review_data import build_review_report
    from giamngheo.reports.workbook import review_workbook

    user, area = _officer(), area_of(demo_province())
    started = time.perf_counter()
    content = review_workbook(area, YEAR, STANDARD, user)
    excel = time.perf_counter() - started
    print(f"annual review report (Excel, 5 sheets): {len(content):,} bytes in {excel:.2f} s (target ≤ 5 s)")
    started = time.perf_counter()
    pdf = review_pdf(build_review_report(area, YEAR, STANDARD, user))
    print(
        f"annual review report (PDF, for information): {len(pdf):,} bytes in {time.perf_counter() - started:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the PostgreSQL database of a previous run"
    )
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    set_up(args)
    time_refresh()
    time_dashboard(args.requests)
    time_report()


if __name__ == "__main__":
    main()
