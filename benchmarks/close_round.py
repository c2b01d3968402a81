"""Close a province's periodic review round from the database: open the province round
(one round per commune), list the households to review, classify their latest surveys
under 2022-2025, take the results onto the rounds, and freeze the six lists of every commune.

Target (issue 6, then issue 21): 1,000,000 households on PostgreSQL in ≤ 30 s.

The peer (PostgreSQL only) is the simplest path to the same six lists: one COPY out of the
province's active households with their latest survey of the year and its members, the
2022-2025 standard as one Polars lazy query (`peers.py`), the six lists sorted in Polars and
COPY'd into a bare table. It runs before and after the product (a round closes once), and its
lists are compared with the product's frozen ones before the times are printed.

    .venv/bin/python benchmarks/close_round.py --households 1000000
    .venv/bin/python benchmarks/close_round.py --households 100000 --sqlite

It makes its own database (PostgreSQL `gn_bench_close_round`, or a temporary SQLite file),
loads the units, generates the province, then times the close `--runs` times (3 by default),
each on a fresh copy of that database (a round closes once), and prints the medians. A generated province has no
statuses yet, so the close gives every household its first one (a million rows into the narrow
current-status table); `--classified-before` classifies it once first, as last year's review
would have.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import add_province_arguments, cpu_seconds, load_average, prepared_province  # noqa: E402

# The six lists as SQL over the rounds' households, to check the frozen rows against.
_LIST_RULES = {
    "poor": "final_status = 'poor'",
    "near_poor": "final_status = 'near_poor'",
    "average": "final_status = 'average'",
    "escaped_poor": "previous_status = 'poor' AND final_status <> 'poor'",
    "newly_poor": "final_status = 'poor' AND previous_status <> 'poor'",
    "escaped_near_poor": "previous_status = 'near_poor' AND final_status IN ('average', 'not_poor')",
}


def check(cursor, run_id: int, round_ids: list[int]) -> None:
    """Every listed household got its run's status, and each list holds exactly the households
    its rule selects (0 differences), before any time is printed."""
    cursor.execute(
        """SELECT count(*) FROM reviews_roundhousehold rh
           LEFT JOIN standards_classification c ON c.household_id = rh.household_id AND c.run_id = %s
           WHERE rh.round_id = ANY(%s) AND rh.computed_status IS DISTINCT FROM c.status""",
        [run_id, round_ids],
    )
    (differ,) = cursor.fetchone()
    assert differ == 0, f"{differ} listed households do not have their run's status"
    for kind, rule in _LIST_RULES.items():
        cursor.execute(
            f"""SELECT count(*) FROM (
                  SELECT round_id, household_id FROM reviews_roundhousehold
                  WHERE round_id = ANY(%s) AND final_status <> '' AND {rule}
                  EXCEPT ALL
                  SELECT s.round_id, r.household_id FROM reviews_listrow r
                  JOIN reviews_listsnapshot s ON s.id = r.snapshot_id
                  WHERE s.round_id = ANY(%s) AND s.kind = %s) missing""",
            [round_ids, round_ids, kind],
        )
        (missing,) = cursor.fetchone()
        cursor.execute(
            f"""SELECT (SELECT count(*) FROM reviews_listrow r JOIN reviews_listsnapshot s ON s.id = r.snapshot_id
                        WHERE s.round_id = ANY(%s) AND s.kind = %s)
                     - (SELECT count(*) FROM reviews_roundhousehold
                        WHERE round_id = ANY(%s) AND final_status <> '' AND {rule})""",
            [round_ids, kind, round_ids],
        )
        (extra,) = cursor.fetchone()
        assert missing == 0 and extra == 0, f"list {kind}: {missing} missing, {extra} extra rows"


_PEER_HOUSEHOLDS = """
COPY (SELECT h.id, h.code, h.head_name, coalesce(v.name, ''), h.address, coalesce(s.status, '')
      FROM households_household h LEFT JOIN areas_adminunit v ON v.id = h.village_id
      LEFT JOIN households_currentstatus s ON s.household_id = h.id
      WHERE h.province_id = {province} AND h.is_active) TO STDOUT (FORMAT csv)
"""


def peer(province) -> int:
    """The six lists of every commune by hand: households and the latest surveys out, the peer
    classification, listed households (on a list or surveyed), six filters, one sort, one COPY."""
    import peers
    import polars as pl
    from classify_from_db import _copy_out, peer_surveys
    from django.db import connection, transaction

    connection.ensure_connection()
    with transaction.atomic():
        cursor = connection.connection.cursor()
        registry = _copy_out(
            cursor,
            _PEER_HOUSEHOLDS.format(province=province.pk),
            ["household_pk", "code", "head_name", "village_name", "address", "previous"],
            [],
        ).with_columns(
            pl.col(c).cast(pl.String).fill_null("") for c in ("address", "previous", "village_name")
        )
        households, members = peer_surveys(cursor, province)
        latest = households.sort("household_id").unique("household_pk", keep="last")
        statuses = peers.peer_members(latest, members, year=2025).join(
            latest.select("household_id", "household_pk"), on="household_id"
        )
        listed = (
            registry.join(statuses.select("household_pk", "status"), on="household_pk", how="left")
            .filter(pl.col("previous").is_in(["poor", "near_poor"]) | pl.col("status").is_not_null())
            .with_columns(pl.col("status").fill_null(""))
        )
        status, previous = pl.col("status"), pl.col("previous")
        rules = {
            "poor": status == "poor",
            "near_poor": status == "near_poor",
            "average": status == "average",
            "escaped_poor": (previous == "poor") & (status != "poor"),
            "newly_poor": (status == "poor") & (previous != "poor"),
            "escaped_near_poor": (previous == "near_poor") & status.is_in(["average", "not_poor"]),
        }
        lists = pl.concat(
            listed.filter((status != "") & rule).with_columns(pl.lit(kind).alias("kind"))
            for kind, rule in rules.items()
        ).sort("kind", "village_name", "head_name", "household_pk")
        lists = lists.with_columns((pl.int_range(pl.len()).over("kind") + 1).alias("position"))
        cursor.execute("TRUNCATE peer_listrow")
        columns = ["kind", "position", "household_pk", "code", "head_name", "village_name", "address", "previous",
                   "status"]  # fmt: skip
        with cursor.copy(f"COPY peer_listrow ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(lists.select(columns).write_csv(include_header=False))
    return lists.height


def compare_with_peer(cursor, round_ids: list[int]) -> int:
    """Rows of the six lists on one side only (kind, household): the peer's simplifications."""
    cursor.execute(
        """SELECT count(*) FROM (
             (SELECT s.kind, r.household_id FROM reviews_listrow r JOIN reviews_listsnapshot s ON s.id = r.snapshot_id
              WHERE s.round_id = ANY(%s)
              EXCEPT ALL SELECT kind, household_pk FROM peer_listrow)
             UNION ALL
             (SELECT kind, household_pk FROM peer_listrow
              EXCEPT ALL SELECT s.kind, r.household_id FROM reviews_listrow r
              JOIN reviews_listsnapshot s ON s.id = r.snapshot_id WHERE s.round_id = ANY(%s))) differ""",
        [round_ids, round_ids],
    )
    return cursor.fetchone()[0]


ONTO_ROUNDS = "of which taking the results onto the rounds"


def close_once(province, user, sqlite: bool) -> dict:
    """Open the province round, list, classify, freeze the six lists: the phases' times, the
    peer's before and after (PostgreSQL), checked against each other first."""
    from django.db import connection, transaction

    from giamngheo.reviews import actions, listing, snapshots
    from giamngheo.reviews.models import ListRow, ListStage

    phases: dict[str, float] = {}

    def timed(label: str, work):
        begun = time.perf_counter()
        result = work()
        phases[label] = time.perf_counter() - begun
        return result

    peer_times: list[tuple[float, float]] = []

    def timed_peer() -> None:
        cpu, started = cpu_seconds(), time.perf_counter()
        rows = peer(province)
        peer_times.append((time.perf_counter() - started, cpu_seconds() - cpu))
        print(
            f"  peer: {rows:,} list rows, {peer_times[-1][0]:.1f} s (cpu {peer_times[-1][1]:.1f} s)",
            flush=True,
        )

    if not sqlite:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE peer_listrow (id bigserial PRIMARY KEY, kind varchar(20), position integer, "
                           "household_pk bigint, code varchar(40), head_name varchar(120), village_name varchar(150), "
                           "address varchar(255), previous varchar(10), status varchar(10))")  # fmt: skip
        timed_peer()
    load = load_average()
    cpu, started = cpu_seconds(), time.perf_counter()
    parent = timed(
        "open rounds", lambda: actions.open_province_round(province, 2025, user, standard_id="2022-2025")
    )
    children = list(parent.children.all())
    with transaction.atomic():
        listed = timed("list households", lambda: listing.list_households(children))
    apply_run = listing.apply_run

    def timed_apply_run(*args):
        begun = time.perf_counter()
        try:
            return apply_run(*args)
        finally:
            phases[ONTO_ROUNDS] = time.perf_counter() - begun

    listing.apply_run = timed_apply_run
    classified = timed("classify", lambda: actions.classify_rounds(children, province, user))
    listing.apply_run = apply_run
    phases[ONTO_ROUNDS] = phases.pop(ONTO_ROUNDS)  # printed after the classify phase it is part of
    with transaction.atomic():
        timed("build six lists + snapshot", lambda: snapshots.build_snapshots(children, ListStage.FINAL))
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if not sqlite:
        from giamngheo.standards.models import ClassificationRun

        run_id = ClassificationRun.objects.latest("pk").pk
        with connection.cursor() as cursor:
            check(cursor, run_id, [c.pk for c in children])
            disagree = compare_with_peer(cursor, [c.pk for c in children])
        print(
            "checked: every listed household has its run's status; each of the six lists holds exactly its households; "
            f"the peer's lists differ by {disagree:,} rows (kind, household)"
        )
        timed_peer()
    rows = ListRow.objects.count()
    print(
        f"  close: {len(children)} communes, {listed:,} households listed, {classified:,} classified, {rows:,} list rows "
        f"frozen; total {elapsed:.1f} s, cpu {cpu:.1f} s; "
        + ", ".join(f"{label} {seconds:.1f} s" for label, seconds in phases.items()),
        flush=True,
    )
    return {
        "total": elapsed,
        "cpu": cpu,
        "phases": phases,
        "peer": [t for t, _ in peer_times],
        "peer_cpu": [c for _, c in peer_times],
        "loads": [load, load_average()],
        "communes": len(children),
        "listed": listed,
    }


def on_copy(template: str, name: str, database_url: str):
    """Point Django at a fresh copy `name` of the database `template` (PostgreSQL)."""
    import psycopg
    from django.db import connection

    connection.close()
    server = database_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    connection.settings_dict["NAME"] = name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_province_arguments(parser, "gn_bench_close_round")
    parser.add_argument(
        "--classified-before",
        action="store_true",
        help="classify the province once before the round (untimed), as last year's review left it",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="close the round this many times, each on a fresh copy of the prepared database (PostgreSQL)",
    )
    args = parser.parse_args()
    province = prepared_province(args)
    from giamngheo.accounts.models import Role, User

    if args.classified_before:
        from giamngheo.standards.runs import create_run, execute_run

        started = time.perf_counter()
        execute_run(create_run(province, 2025, standard_id="2022-2025"))
        print(f"setup: classified once before the round in {time.perf_counter() - started:.1f} s")
    user = User.objects.create(username="bench", role=Role.ADMIN, is_superuser=True)
    runs = 1 if args.sqlite else args.runs
    results = []
    for attempt in range(runs):
        if runs > 1:
            on_copy(args.database, f"{args.database}_run", args.database_url)
        print(f"close {attempt + 1} of {runs}:", flush=True)
        results.append(close_once(province, user, args.sqlite))
    report(results, "SQLite" if args.sqlite else "PostgreSQL")


def report(results: list[dict], engine: str) -> None:
    median = statistics.median
    last = results[-1]
    total = median(r["total"] for r in results)
    phases = ", ".join(
        f"{label} {median(r['phases'][label] for r in results):.1f} s" for label in last["phases"]
    )
    loads = [load for r in results for load in r["loads"]]
    each = ", ".join(f"{r['total']:.1f}" for r in results)
    print(
        f"close round on {engine}, median of {len(results)}: {last['communes']} communes, "
        f"{last['listed']:,} households listed; {phases}"
    )
    print(
        f"  total {total:.1f} s (runs {each}), "
        f"cpu {median(r['cpu'] for r in results):.1f} s (this process and its server backend; target ≤ 30 s "
        f"for 1M on PostgreSQL); load average {min(loads):.1f}-{max(loads):.1f}"
    )
    peers = [t for r in results for t in r["peer"]]
    if peers:
        peer_s = median(peers)
        print(
            f"  peer (before and after each close) median {peer_s:.1f} s, "
            f"cpu {median(c for r in results for c in r['peer_cpu']):.1f} s; ratio {total / peer_s:.2f}×"
        )


if __name__ == "__main__":
    main()
