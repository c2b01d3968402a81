"""Summary tables, the province dashboard and the annual review report on a generated province,
each timed against a hand-written peer in the same run.

Targets (issue 7), on PostgreSQL:
  - refresh every summary table of the province after a classification run: ≤ 10 s
  - province dashboard, server time p95 over ~30 requests (Django test client): ≤ 300 ms
  - the province's annual review report as Excel: ≤ 5 s

    .venv/bin/python benchmarks/reports.py                         # PostgreSQL, 1,000,000 households
    .venv/bin/python benchmarks/reports.py --households 100000 --sqlite
    .venv/bin/python benchmarks/reports.py --reuse [--database gn_cfd]   # a classified province

It makes its own database (PostgreSQL `gn_bench_reports`, or a temporary SQLite file),
loads the units, generates the province and classifies it (official run, 2022-2025),
then times the three steps. `--reuse` skips the set-up when the PostgreSQL database
(`--database`) already holds a classified province (e.g. one `classify_from_db.py` left).

The peers are the floor of the same work by hand, on Django's connection:
  - refresh: the households and people per commune, standard and status of each household's
    latest official result of the year (one window query), written into a bare table; the
    product also counts three groups, the deprivations and the movements;
  - dashboard: the province's figures per commune and status read from the summary tables (one
    query) and written out as an HTML table;
  - report: the same figures written by XlsxWriter (one sheet), and by WeasyPrint (one table).
Product and peer alternate (`--runs`, median, 3 by default; the dashboard request by request),
and the peer's counts are checked against the product's summaries (0 differences) before any
time is printed.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import demo_province, fresh_database, load_average, timed  # noqa: E402

DATABASE = "gn_bench_reports"
YEAR = 2025
STANDARD = "2022-2025"

# Each household's latest official result of the year per (commune, standard), as the summaries
# take it (latest by time, then id), counted with its survey's members.
_PEER_COUNTS = """
SELECT commune_id, standard_id, status, count(*), COALESCE(sum(people), 0) FROM (
  SELECT c.commune_id, c.standard_id, c.status, s.members AS people,
         row_number() OVER (PARTITION BY c.commune_id, c.standard_id, c.household_id
                            ORDER BY c.created_at DESC, c.id DESC) AS latest
  FROM standards_classification c JOIN households_survey s ON s.id = c.survey_id
  WHERE c.province_id = %s AND c.official AND s.survey_date BETWEEN %s AND %s) ranked
WHERE latest = 1
GROUP BY commune_id, standard_id, status
"""
_PEER_FIGURES = """
SELECT u.name, st.status, st.households, st.people
FROM reports_statuscount st
JOIN reports_communesummary cs ON cs.id = st.summary_id
JOIN areas_adminunit u ON u.id = cs.commune_id
WHERE cs.province_id = %s AND cs.year = %s AND cs.standard_id = %s AND st."group" = 'all'
ORDER BY u.name, st.status
"""


def set_up(args) -> None:
    if args.reuse and not args.sqlite:
        os.environ["DATABASE_URL"] = f"{args.database_url.rsplit('/', 1)[0]}/{args.database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from giamngheo.reports.models import CommuneSummary

        call_command("migrate", verbosity=0)

        if CommuneSummary.objects.exists():
            print(f"set-up: reusing the classified province already in {args.database}")
            return
    else:
        fresh_database(args.database, args.database_url, args.sqlite)

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


def _report(label: str, product: list[float], peer: list[float], target: str, extra: str = "") -> None:
    mine, theirs = statistics.median(product), statistics.median(peer)
    print(
        f"{label}: product {mine:.2f} s, peer {theirs:.2f} s, ratio {mine / theirs:.2f}× "
        f"(median of {len(product)}; {target}){extra}; load average {load_average():.1f}",
        flush=True,
    )


def peer_counts(province_id: int) -> dict[tuple, tuple[int, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_PEER_COUNTS, [province_id, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)])
        return {(c, s, st): (n, p) for c, s, st, n, p in cursor.fetchall()}


def peer_refresh(province_id: int) -> dict[tuple, tuple[int, int]]:
    """The peer's counts, written into a bare table as the product writes its summaries."""
    from django.db import connection, transaction

    counts = peer_counts(province_id)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS peer_summary (commune_id bigint, standard_id varchar(40), "
            "status varchar(10), households integer, people integer)"
        )
        cursor.execute("DELETE FROM peer_summary")
        rows = [(*key, *value) for key, value in counts.items()]
        cursor.executemany("INSERT INTO peer_summary VALUES (%s, %s, %s, %s, %s)", rows)
    return counts


def product_counts(province_id: int) -> dict[tuple, tuple[int, int]]:
    from giamngheo.reports.models import StatusCount

    rows = StatusCount.objects.filter(summary__province_id=province_id, summary__year=YEAR, group="all")
    fields = ("summary__commune_id", "summary__standard_id", "status", "households", "people")
    return {(c, s, st): (n, p) for c, s, st, n, p in rows.values_list(*fields) if n}


def time_refresh(runs: int) -> None:
    from giamngheo.reports.summaries import commune_years, refresh_summaries

    province = demo_province()
    communes = [commune for commune, year in commune_years(province.code, YEAR)]
    product, peer = [], []
    for _ in range(runs):
        seconds, written = timed(lambda: refresh_summaries(communes, YEAR))
        product.append(seconds)
        seconds, counts = timed(lambda: peer_refresh(province.pk))
        peer.append(seconds)
    mine = product_counts(province.pk)
    differ = set(mine.items()) ^ set(counts.items())
    assert not differ, f"{len(differ)} (commune, standard, status) counts differ from the peer's"
    households = sum(n for n, _ in counts.values())
    print(
        f"checked: the peer's {len(counts)} counts ({households:,} households) equal the summaries' (0 differences)"
    )
    _report(
        f"refresh the summaries of {len(communes)} communes ({len(written)} summaries)",
        product, peer, "target ≤ 10 s on PostgreSQL",
    )  # fmt: skip


def _officer():
    from giamngheo.accounts.models import AreaAssignment, Role, User

    user, created = User.objects.get_or_create(
        username="bench-province", defaults={"role": Role.PROVINCE_OFFICER}
    )
    if created:
        AreaAssignment.objects.create(user=user, unit=demo_province())
    return user


def peer_figures(province_id: int) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_PEER_FIGURES, [province_id, YEAR, STANDARD])
        return cursor.fetchall()


def peer_page(province_id: int) -> str:
    """The province's figures per commune and status as an HTML table."""
    from django.utils.html import escape

    from giamngheo.households.models import Status

    labels = dict(Status.choices)
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{labels[status]}</td><td>{households:,}</td><td>{people:,}</td></tr>"
        for name, status, households, people in peer_figures(province_id)
    )
    return f"<table><tr><th>Xã</th><th>Phân loại</th><th>Số hộ</th><th>Nhân khẩu</th></tr>{rows}</table>"


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def time_dashboard(requests: int) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(_officer())
    url = reverse("targets:dashboard")
    province = demo_province()
    query = {"don_vi": province.pk, "nam": YEAR, "chuan": STANDARD}
    assert client.get(url, query).status_code == 200  # warm-up (templates, caches)
    peer_page(province.pk)
    product, peer = [], []
    for _ in range(requests):
        seconds, response = timed(lambda: client.get(url, query))
        assert response.status_code == 200
        product.append(seconds)
        peer.append(timed(lambda: peer_page(province.pk))[0])
    mine, theirs = _p95(product) * 1000, _p95(peer) * 1000
    print(
        f"province dashboard, {requests} requests each: product p95 {mine:.0f} ms (median "
        f"{statistics.median(product) * 1000:.0f} ms), peer p95 {theirs:.1f} ms (median "
        f"{statistics.median(peer) * 1000:.1f} ms), ratio {mine / theirs:.1f}× (target p95 ≤ 300 ms); "
        f"load average {load_average():.1f}",
        flush=True,
    )


def peer_workbook(province_id: int) -> bytes:
    import xlsxwriter

    from giamngheo.households.models import Status

    labels = dict(Status.choices)
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Tổng hợp")
    sheet.write_row(0, 0, ["Xã", "Phân loại", "Số hộ", "Nhân khẩu"])
    for row, (name, status, households, people) in enumerate(peer_figures(province_id), start=1):
        sheet.write_row(row, 0, [name, labels[status], households, people])
    book.close()
    return output.getvalue()


def peer_pdf(province_id: int) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><body>{peer_page(province_id)}</body></html>").write_pdf()


def time_report(runs: int) -> None:
    from giamngheo.reports.print_report import review_pdf
    from giamngheo.reports.queries import area_of
    from giamngheo.reports.review_data import build_review_report
    from giamngheo.reports.workbook import review_workbook

    province = demo_province()
    user, area = _officer(), area_of(province)
    excel, excel_peer, pdf, pdf_peer = [], [], [], []
    for _ in range(runs):
        seconds, content = timed(lambda: review_workbook(area, YEAR, STANDARD, user))
        excel.append(seconds)
        excel_peer.append(timed(lambda: peer_workbook(province.pk))[0])
        seconds, printed = timed(lambda: review_pdf(build_review_report(area, YEAR, STANDARD, user)))
        pdf.append(seconds)
        pdf_peer.append(timed(lambda: peer_pdf(province.pk))[0])
    _report("annual review report, Excel (5 sheets)", excel, excel_peer, "target ≤ 5 s",
            f", {len(content):,} bytes")  # fmt: skip
    _report("annual review report, PDF (for information)", pdf, pdf_peer, "no target",
            f", {len(printed):,} bytes")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--database", default=DATABASE, help="name of the scratch (or reused) database")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the PostgreSQL database of a previous run"
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of product and peer (median)")
    args = parser.parse_args()
    set_up(args)
    time_refresh(args.runs)
    time_dashboard(args.requests)
    time_report(args.runs)


if __name__ == "__main__":
    main()
