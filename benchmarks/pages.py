"""Per page of the load mix: queries, SQL time, CPU time, as commune officers of several communes.

    .venv/bin/python benchmarks/pages.py [--database-url URL] [--officers 3] [--repeat 5]
                                         [--profile PAGE] [--explain PAGE]

Uses the database of the environment (or --database-url) after `giamngheo demo --no-serve`
(or a generated province). For each page of `benchmarks/locustfile.py` it requests the page
in-process (Django's test client, the whole middleware stack) as commune officers of the
largest, a middle and the smallest commune and prints the number of queries, the SQL time
Django measured, and the median wall and CPU time of the request (every time on this shared
machine is noisy: the query count is the figure that does not move). The peer is the floor of
any page: a view that only answers "ok", added to the URLs for the run and requested through the
same client, middleware stack and session after each request of the page; its median and the
page's ratio to it are printed beside each page. `--profile PAGE` prints
pyinstrument's call tree of one request of that page; `--explain PAGE` prints EXPLAIN ANALYZE
of its three slowest queries (PostgreSQL).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))

PEER_URL = "/__benchmark_floor__"
PAGES = (
    "household list",
    "household list p5",
    "household search",
    "household page",
    "survey page",
    "survey save",
    "dashboard",
    "report download",
)


def officers(count: int) -> list:
    """Commune officers (`tai_<code>`, made by load.py) of the largest, middle, smallest communes."""
    from load import PROVINCE_CODE, ensure_officers

    accounts = ensure_officers(PROVINCE_CODE)
    picks = sorted({0, len(accounts) // 2, len(accounts) - 1} | set(range(count - 3)))[:count]
    return [accounts[i] for i in picks]


def _requests(client, user, survey_url: str | None, household: int):
    """(name, method, url, data) of each page of the mix, for this officer."""
    from giamngheo.households.survey.forms import HouseholdAnswersForm  # noqa: F401 (warm import)

    yield "household list", "get", "/ho-gia-dinh/", None
    yield "household list p5", "get", "/ho-gia-dinh/?trang=5", None
    yield "household search", "get", "/ho-gia-dinh/?q=nguyen", None
    yield "household page", "get", f"/ho-gia-dinh/{household}/", None
    yield "survey page", "get", survey_url, None
    yield "survey save", "post", survey_url, "form"
    yield "dashboard", "get", "/ke-hoach/bang-dieu-khien/", None
    yield "report download", "get", "/bao-cao/ra-soat.xlsx", None


def _draft_survey(user, household_id: int) -> str:
    from django.utils import timezone

    from giamngheo.households.models import Household
    from giamngheo.households.survey.actions import start_survey

    survey = start_survey(Household.objects.get(pk=household_id), user, timezone.localdate())
    return f"/phieu-khao-sat/{survey.pk}/"


def _send(client, method: str, url: str, payload: list[tuple[str, str]] | None):
    if method == "get":
        return client.get(url)
    return client.post(url, urlencode(payload or []), content_type="application/x-www-form-urlencoded")


def add_floor_view() -> None:
    """The peer: the least a page can do, behind the same middleware (session, login, CSP...)."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, get_resolver, path

    get_resolver().url_patterns.append(path(PEER_URL.lstrip("/"), lambda request: HttpResponse("ok")))
    clear_url_caches()


def measure(client, method: str, url: str, data, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from locustfile_forms import form_fields

    walls, cpus, counts, sql, floors = [], [], [], [], []
    for _ in range(repeat):
        payload = None
        if data == "form":
            payload = [(k, v) for k, v in form_fields(client.get(url).content.decode()) if k != "submit"]
            payload.append(("save", ""))
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = _send(client, method, url, payload)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        assert response.status_code in (200, 302), (url, response.status_code)
        counts.append(len(captured.captured_queries))
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
        floor = time.perf_counter()
        assert client.get(PEER_URL).status_code == 200
        floors.append(time.perf_counter() - floor)
    return {
        "queries": counts[-1],
        "sql_ms": statistics.median(sql) * 1000,
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "peer_ms": statistics.median(floors) * 1000,
        "captured": captured.captured_queries,
        "size": len(response.content) if not hasattr(response, "streaming_content") else 0,
    }


def explain(captured: list[dict]) -> None:
    from django.db import connection

    for query in sorted(captured, key=lambda q: -float(q["time"]))[:3]:
        print(f"\n-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:400]}")
        if connection.vendor == "postgresql" and query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))


def profile(client, method: str, url: str, data) -> None:
    from locustfile_forms import form_fields
    from pyinstrument import Profiler

    payload = None
    if data == "form":
        payload = [(k, v) for k, v in form_fields(client.get(url).content.decode()) if k != "submit"]
        payload.append(("save", ""))
    _send(client, method, url, payload)  # warm: imports, templates, URL resolvers
    profiler = Profiler(interval=0.0005)
    with profiler:
        _send(client, method, url, payload)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    # The wall-clock tree above waits on a busy database; CPU time by function says what to fix.
    cpu = cProfile.Profile(time.thread_time)
    cpu.runcall(_send, client, method, url, payload)
    pstats.Stats(cpu).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (default: the environment's database)")
    parser.add_argument("--officers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=PAGES)
    parser.add_argument("--explain", choices=PAGES)
    parser.add_argument("--queries", choices=PAGES, help="print every query of that page")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from giamngheo.households.models import Household

    settings.ALLOWED_HOSTS = ["*"]
    add_floor_view()
    print(f"{django.db.connection.vendor}, {os.getloadavg()[0]:.1f} load average")
    print(
        f"{'officer':<12}{'households':>11}  {'page':<20}{'queries':>8}{'sql ms':>8}{'wall ms':>9}{'cpu ms':>8}"
        f"{'peer ms':>9}{'ratio':>8}"
    )
    for user in officers(args.officers):
        client = Client()
        client.force_login(user)
        commune = user.assignments.get().unit_id
        in_commune = Household.objects.filter(commune_id=commune, is_active=True)
        household = in_commune.order_by("pk").values_list("pk", flat=True)[5]
        survey_url = _draft_survey(user, household)
        for name, method, url, data in _requests(client, user, survey_url, household):
            if args.profile == name:
                profile(client, method, url, data)
                continue
            row = measure(client, method, url, data, args.repeat)
            print(
                f"{user.username:<12}{in_commune.count():>11,}  {name:<20}{row['queries']:>8}"
                f"{row['sql_ms']:>8.1f}{row['wall_ms']:>9.1f}{row['cpu_ms']:>8.1f}"
                f"{row['peer_ms']:>9.1f}{row['wall_ms'] / row['peer_ms']:>7.1f}×"
            )
            if args.explain == name:
                explain(row["captured"])
            if args.queries == name:
                for query in row["captured"]:
                    print(f"   {float(query['time']) * 1000:6.1f} ms  {query['sql'][:220]}")


if __name__ == "__main__":
    main()
