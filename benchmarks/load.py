"""Load test: the real mix (benchmarks/locustfile.py) against `giamngheo serve` on the demo.

    .venv/bin/python benchmarks/load.py [--users 200] [--think 5] [--time 120] [--port 8110]
                                        [--compare-devserver] [--database-url URL]

Uses the database of --database-url, or of the environment (DATABASE_URL, or the SQLite demo
under GIAMNGHEO_DATA_DIR), after `giamngheo demo --no-serve` (any number of households). Creates one commune officer per commune
of the demo province (`tai_<commune code>`), starts `giamngheo serve` on the port, runs locust
headless (statistics reset once every user is running) and prints requests/s, p50/p95/p99
and errors per page, with the static file as the server's floor in the same run, then the
server's own wall and CPU time per page (a timing middleware of this benchmark only,
`load_settings.py`) and the load average of the machine before and after. With
--compare-devserver the same mix runs against Django's development server too, and the table
gives each page's p95 ratio (development server / serve).
"""

import argparse
import csv
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CODE = "56"


def ensure_officers(province_code: str) -> list:
    """One commune officer (`tai_<commune code>`) per commune of the province with households,
    the largest commune first."""
    from django.db.models import Count

    from giamngheo.accounts.models import AreaAssignment, Role, User
    from giamngheo.areas.models import AdminUnit, Era, Level
    from giamngheo.households.models import Household

    province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=province_code)
    communes = (
        Household.objects.filter(province=province).values("commune").annotate(n=Count("id")).order_by("-n")
    )
    if not communes:
        sys.exit("No demo data: run `giamngheo demo --no-serve` first (with the same database).")
    users = []
    for row in communes:
        commune = AdminUnit.objects.get(pk=row["commune"])
        user, _ = User.objects.get_or_create(username=f"tai_{commune.code}")
        user.role = Role.COMMUNE_OFFICER
        user.first_name = f"Cán bộ thử tải {commune.short_name}"
        user.set_unusable_password()  # sessions are opened directly, not by logging in under load
        user.save()
        AreaAssignment.objects.get_or_create(user=user, unit=commune)
        users.append(user)
    return users


def prepare_accounts(path: Path, count: int) -> None:
    """One commune officer per commune with households and `count` sessions of theirs, in `path`.
    Logging in is once a day, not part of the mix: sessions are opened here, not under load."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import json

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client
    from django.utils import timezone

    from giamngheo.areas.models import AdminUnit, Era, Level
    from giamngheo.households.models import Household

    users = sorted(ensure_officers(PROVINCE_CODE), key=lambda user: user.username)
    sessions = []
    for number in range(count):  # each simulated officer has a session of their own
        client = Client()
        user = users[number % len(users)]
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        sessions.append({"username": user.username, "commune": user.username[4:], "session": session})
    province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE_CODE)
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "users": sessions,
        "survey_date": timezone.localdate().isoformat(),
        "static_path": "/" + staticfiles_storage.url("giamngheo/site.css").lstrip("/"),
        "households": Household.objects.filter(province=province).count(),
        "database": django.db.connection.vendor,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    print(f"{len(users)} commune officers, {data['households']:,} households, {data['database']}")


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped (code {process.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    sys.exit(f"No answer from {url}")


def run_locust(host: str, args, accounts: Path, prefix: str) -> dict[str, dict]:
    env = os.environ | {"GIAMNGHEO_LOAD_USERS": str(accounts), "GIAMNGHEO_LOAD_THINK": str(args.think)}
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
        "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.time}s", "--host", host,
        "--csv", prefix, "--reset-stats", "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "10",
    ]  # fmt: skip
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def serve(command: list[str], url: str, log: Path, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        command, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, env=os.environ | env
    )
    wait_for(url, process)
    return process


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, 15)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)


def server_cpu_seconds(root: int) -> float:
    """CPU time used so far by the server: the process `root` and every live process below it."""
    stats: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime+stime
    family, todo, ticks = {root}, [root], 0
    while todo:
        parent = todo.pop()
        ticks += stats.get(parent, (0, 0))[1]
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                todo.append(pid)
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(label: str, command: list[str], port: int, args, accounts: Path, work: Path) -> dict[str, dict]:
    """Locust's statistics per page, the server's own times per page (after the ramp-up), its CPU
    seconds for the whole run and the load average before and after."""
    host = f"http://127.0.0.1:{port}"
    log, timings = work / f"{label}.log", work / f"{label}-timings.tsv"
    env = {
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH", "")]),
        "GIAMNGHEO_LOAD_TIMINGS": str(timings),
    }
    process = serve(command, f"{host}/healthz", log, env)
    load_before = os.getloadavg()[0]
    try:
        before = server_cpu_seconds(process.pid)
        measured_from = time.time() + args.users / args.spawn_rate
        stats = run_locust(host, args, accounts, str(work / label))
        cpu = server_cpu_seconds(process.pid) - before
    finally:
        stop(process)
    served = sum(
        1 for line in log.read_text(errors="replace").splitlines() if '"GET ' in line or '"POST ' in line
    )
    stats["_cpu"] = {"seconds": cpu, "requests": served}
    stats["_server"] = server_times(timings, measured_from)
    stats["_load"] = {"before": load_before, "after": os.getloadavg()[0]}
    return stats


PAGES = [  # (page of the mix, method, path pattern, with a search)
    ("household search", "GET", re.compile(r"/ho-gia-dinh/$"), True),
    ("household list", "GET", re.compile(r"/ho-gia-dinh/$"), False),
    ("household page", "GET", re.compile(r"/ho-gia-dinh/\d+/$"), None),
    ("survey start", "POST", re.compile(r"/phieu-khao-sat/ho/\d+/moi/$"), None),
    ("survey page", "GET", re.compile(r"/phieu-khao-sat/\d+/$"), None),
    ("survey save", "POST", re.compile(r"/phieu-khao-sat/\d+/$"), None),
    ("dashboard", "GET", re.compile(r"/ke-hoach/bang-dieu-khien/$"), None),
    ("report download", "GET", re.compile(r"/bao-cao/ra-soat\.xlsx$"), None),
    ("static file (peer)", "GET", re.compile(r"/static/"), None),
]


def page_of(method: str, path: str, searched: bool) -> str:
    for name, page_method, pattern, search in PAGES:
        if method == page_method and pattern.match(path) and search in (None, searched):
            return name
    return "other"


def server_times(path: Path, since: float) -> dict[str, dict]:
    """Per page: requests, median and p95 wall milliseconds and mean CPU milliseconds inside
    Django (the timing middleware), for requests that started after the ramp-up."""
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            started, method, url, searched, _status, wall, cpu = line.split("\t")
            if float(started) >= since:
                page = page_of(method, url, searched == "True")
                for key in (page, "Aggregated"):
                    walls.setdefault(key, []).append(float(wall))
                    cpus.setdefault(key, []).append(float(cpu))
    return {
        page: {
            "requests": len(values),
            "p50": statistics.median(values),
            "p95": statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0],
            "cpu": statistics.fmean(cpus[page]),
        }
        for page, values in walls.items()
    }


def print_table(title: str, stats: dict[str, dict], peer: dict[str, dict] | None) -> None:
    cpu, server, load = stats.pop("_cpu"), stats.pop("_server"), stats.pop("_load")
    print(f"\n{title}; load average {load['before']:.1f} before, {load['after']:.1f} after")
    header = (
        f"{'page':<22}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}"
        f"  | server{'p50 ms':>8}{'p95 ms':>8}{'cpu ms':>8}"
    )
    print(header + ("  | dev-server p95, ratio" if peer else ""))
    for name, row in stats.items():
        if name == "survey start":
            continue
        inside = server.get(name, {})
        line = (
            f"{name:<22}{row['Request Count']:>9}{float(row['Requests/s']):>7.1f}{row['50%']:>8}"
            f"{row['95%']:>8}{row['99%']:>8}{row['Failure Count']:>7}  |       "
            + (f"{inside['p50']:>8.0f}{inside['p95']:>8.0f}{inside['cpu']:>8.1f}" if inside else " " * 24)
        )
        if peer and name in peer:
            ours, theirs = float(row["95%"] or 0), float(peer[name]["95%"] or 0)
            line += f"  | {theirs:>8.0f} ms  x{theirs / ours:.1f}" if ours else ""
        print(line)
    if cpu["requests"]:
        per_request = cpu["seconds"] * 1000 / cpu["requests"]
        print(
            f"server CPU, all processes: {cpu['seconds']:.0f} s for {cpu['requests']} requests = {per_request:.0f} ms "
            f"per request (the whole run), i.e. ~{os.cpu_count() * 1000 / per_request:.0f} requests/s on "
            f"{os.cpu_count()} idle CPUs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--think", type=float, default=5, help="average seconds between pages")
    parser.add_argument("--time", type=int, default=150, help="seconds in all, ramp-up included")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--compare-devserver", action="store_true")
    parser.add_argument("--database-url", help="e.g. postgresql://postgres@127.0.0.1:5432/load_1m")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("GIAMNGHEO_SECRET_KEY", secrets.token_urlsafe(50))
    work = Path(tempfile.mkdtemp(prefix="giamngheo-load-"))
    giamngheo = [sys.executable, "-m", "giamngheo"]
    subprocess.run([*giamngheo, "collectstatic", "--noinput", "-v", "0"], check=True)
    accounts = work / "accounts.json"
    prepare_accounts(accounts, args.users)
    workers = ["--workers", str(args.workers)] if args.workers else []
    ours = measure("serve", [*giamngheo, "serve", "--bind", f"127.0.0.1:{args.port}", *workers], args.port,
                   args, accounts, work)  # fmt: skip
    peer = None
    if args.compare_devserver:
        dev = [*giamngheo, "runserver", f"127.0.0.1:{args.port + 1}", "--noreload", "--nostatic"]
        peer = measure("devserver", dev, args.port + 1, args, accounts, work)
    measured = args.time - args.users / args.spawn_rate
    if peer:
        print_table("Django's development server, same mix (the peer)", dict(peer), None)
    print_table(
        f"giamngheo serve, {args.users} users, {args.think:g} s think time, ~{measured:.0f} s measured "
        f"after ramp-up, {os.cpu_count()} CPUs (logs in {work})",
        ours,
        peer,
    )


if __name__ == "__main__":
    main()
